//! Invoices: the list (with a ZIP of PDFs for a selection), the new-invoice page, invoicing an
//! order, the invoice's detail page with its actions, credit notes, links and questions, the draft
//! editor, and the page a customer opens from an emailed link.
pub mod actions;
pub mod customer;
pub mod detail;
pub mod editor;
pub mod from_order;
pub mod list;
pub mod new;

use crate::model::display::money;
use crate::model::invoice::{InvoiceDto, InvoiceStatus};
use leptos::prelude::*;

/// The invoice status as a coloured badge.
#[component]
pub fn InvoiceStatusBadge(status: InvoiceStatus) -> impl IntoView {
    let class = match status {
        InvoiceStatus::Draft => "badge muted",
        InvoiceStatus::Overdue => "badge bad",
        InvoiceStatus::Void => "badge muted",
        InvoiceStatus::Paid => "badge ok",
        InvoiceStatus::PartiallyPaid => "badge status-queued",
        _ => "badge stage-open",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// A short table of invoices for another record's page (account, order).
#[component]
pub fn InvoiceTable(invoices: Vec<InvoiceDto>) -> impl IntoView {
    if invoices.is_empty() {
        return view! { <p class="empty">"No invoices yet."</p> }.into_any();
    }
    view! {
        <table class="data invoice-table">
            <tbody>
                {invoices.into_iter().map(|i| view! {
                    <tr>
                        <td><a href=format!("/invoices/{}", i.id)>{i.title()}</a></td>
                        <td>{i.due_date.map(|d| format!("due {d}")).unwrap_or_default()}</td>
                        <td><InvoiceStatusBadge status=i.status/></td>
                        <td class="num">{money(&i.total, &i.currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
