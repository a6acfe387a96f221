//! Sales orders: the list, the new-order page, the order's detail page with its shipments, and
//! the order editor.
pub mod detail;
pub mod editor;
pub mod list;
pub mod new;
pub mod shipments;

use crate::model::display::money;
use crate::model::sales_order::{InvoicingStatus, OrderStatus, SalesOrderDto};
use leptos::prelude::*;

/// The order status as a coloured badge.
#[component]
pub fn OrderStatusBadge(status: OrderStatus) -> impl IntoView {
    let class = match status {
        OrderStatus::Draft => "badge muted",
        OrderStatus::OnHold => "badge status-queued",
        OrderStatus::Cancelled => "badge bad",
        OrderStatus::Fulfilled | OrderStatus::Closed => "badge ok",
        _ => "badge stage-open",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// How much of the order is invoiced, as a badge.
#[component]
pub fn InvoicingBadge(status: InvoicingStatus) -> impl IntoView {
    let class = match status {
        InvoicingStatus::NotInvoiced => "badge muted",
        InvoicingStatus::PartiallyInvoiced => "badge status-queued",
        InvoicingStatus::FullyInvoiced => "badge ok",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// A short table of orders for another record's page (account, opportunity).
#[component]
pub fn OrderTable(orders: Vec<SalesOrderDto>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p class="empty">"No orders yet."</p> }.into_any();
    }
    view! {
        <table class="data order-table">
            <tbody>
                {orders.into_iter().map(|o| view! {
                    <tr>
                        <td><a href=format!("/orders/{}", o.id)>{o.number.clone()}</a></td>
                        <td>{o.order_date.to_string()}</td>
                        <td><OrderStatusBadge status=o.status/></td>
                        <td class="num">{money(&o.total, &o.currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
