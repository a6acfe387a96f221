//! Payments: the list, recording a payment with its allocations, the payment's page (allocations,
//! refunds, receipt), the account statement, and bank reconciliation.
pub mod detail;
pub mod list;
pub mod reconcile;
pub mod reconcile_actions;
pub mod reconcile_line;
pub mod reconcile_statement;
pub mod record;
pub mod statement;

use crate::model::payment::PaymentStatus;
use leptos::prelude::*;

/// The payment status as a coloured badge.
#[component]
pub fn PaymentStatusBadge(status: PaymentStatus) -> impl IntoView {
    let class = match status {
        PaymentStatus::Pending => "badge status-queued",
        PaymentStatus::Completed => "badge ok",
        PaymentStatus::Failed => "badge bad",
        PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded => "badge muted",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// A short table of payments for another record's page (account).
#[component]
pub fn PaymentTable(payments: Vec<crate::model::payment::PaymentDto>) -> impl IntoView {
    use crate::model::display::money;
    if payments.is_empty() {
        return view! { <p class="empty">"No payments yet."</p> }.into_any();
    }
    view! {
        <table class="data payment-table">
            <tbody>
                {payments.into_iter().map(|p| view! {
                    <tr>
                        <td><a href=format!("/payments/{}", p.id)>{p.number.clone()}</a></td>
                        <td>{p.date.to_string()}</td>
                        <td><PaymentStatusBadge status=p.status/></td>
                        <td class="num">{money(&p.amount, &p.currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
