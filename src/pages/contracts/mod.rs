//! Renewal / AMC contracts: the list, the new-contract page (from scratch or from an order), the
//! contract's detail page with its terms, renewal preview and actions, and the contract editor.
pub mod change;
pub mod customer;
pub mod detail;
pub mod editor;
pub mod list;
pub mod new;

use crate::model::contract::{ContractDto, ContractStatus, PreviewLineDto};
use crate::model::display::money;
use leptos::prelude::*;

/// The contract status as a coloured badge.
#[component]
pub fn ContractStatusBadge(status: ContractStatus) -> impl IntoView {
    let class = match status {
        ContractStatus::Pending => "badge muted",
        ContractStatus::Active => "badge ok",
        ContractStatus::Expired => "badge status-queued",
        ContractStatus::Cancelled => "badge bad",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// What the list and the account page say about the renewal: renewed ahead, cancelling at the
/// term's end, notice passed, auto-renewing.
#[component]
pub fn RenewalNote(c: ContractDto) -> impl IntoView {
    let text = if let Some(until) = c.renewed_until {
        format!("renewed until {until}")
    } else if let Some(at) = c.cancel_at {
        format!("ends {at}, not renewing")
    } else if c.notice_passed {
        format!("notice passed {}", c.notice_date)
    } else if c.status == ContractStatus::Active && c.auto_renew {
        format!("auto-renews · notice by {}", c.notice_date)
    } else if c.status == ContractStatus::Active {
        format!("renew by {}", c.end_date)
    } else {
        String::new()
    };
    let class = if c.notice_passed { "badge status-queued notice-passed" } else { "muted" };
    view! { <span class=class>{text}</span> }
}

/// A short table of contracts for another record's page (the account).
#[component]
pub fn ContractTable(contracts: Vec<ContractDto>) -> impl IntoView {
    if contracts.is_empty() {
        return view! { <p class="empty">"No contracts yet."</p> }.into_any();
    }
    view! {
        <table class="data contract-table">
            <tbody>
                {contracts.into_iter().map(|c| view! {
                    <tr>
                        <td><a href=format!("/contracts/{}", c.id)>{c.number.clone()}</a></td>
                        <td>{c.title.clone()}</td>
                        <td><ContractStatusBadge status=c.status/></td>
                        <td>{format!("until {}", c.end_date)}</td>
                        <td class="num">{money(&c.amount, &c.currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The next term's lines: each price now and after the uplift (the renewal preview and the
/// customer's renewal page). The "next" column is `new-price`, which the browser test reads.
#[component]
pub fn PreviewLines(
    id: &'static str,
    lines: Vec<PreviewLineDto>,
    currency: String,
    next_label: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-scroll"><table class="data" id=id>
            <thead><tr>
                <th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th>
                <th scope="col" class="num">"Unit price now"</th><th scope="col" class="num">{next_label}</th>
                <th scope="col" class="num">"New net"</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr>
                        <td>{l.description}</td>
                        <td class="num">{l.quantity}</td>
                        <td class="num">{money(&l.unit_price, &currency)}</td>
                        <td class="num new-price">{money(&l.new_unit_price, &currency)}</td>
                        <td class="num">{money(&l.new_net, &currency)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
