//! Support tickets: the queues, the new-ticket form, a ticket's page (clocks, actions,
//! conversation), and the badges and short table other pages (the account) show tickets with.
pub mod clocks;
pub mod conversation;
pub mod customer;
pub mod detail;
pub mod email;
pub mod list;
pub mod new;

use crate::model::ticket::{Priority, TicketDto, TicketStatus};
use crate::model::ticket_view::{sla_label, sla_text};
use leptos::prelude::*;

#[component]
pub fn TicketStatusBadge(status: TicketStatus) -> impl IntoView {
    let class = match status {
        TicketStatus::Open => "badge stage-open",
        TicketStatus::InProgress => "badge status-queued",
        TicketStatus::Waiting | TicketStatus::Closed => "badge muted",
        TicketStatus::Resolved => "badge ok",
    };
    view! { <span class=class>{status.label()}</span> }
}

#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let class = match priority {
        Priority::Low => "badge muted",
        Priority::Medium => "badge stage-open",
        Priority::High => "badge status-queued",
        Priority::Urgent => "badge bad",
    };
    view! { <span class=class>{priority.label()}</span> }
}

/// An SLA state (on_track, at_risk, breached, paused, met) as a coloured badge.
#[component]
pub fn SlaBadge(#[prop(into)] state: String) -> impl IntoView {
    let class = match state.as_str() {
        "on_track" => "badge ok",
        "at_risk" => "badge status-queued",
        "breached" => "badge bad",
        _ => "badge muted",
    };
    view! { <span class=class>{sla_label(&state)}</span> }
}

/// A queue's SLA cell: the state badge and "due in 3h 20m" / "overdue by 1d 2h" as of now.
#[component]
pub fn SlaCell(t: TicketDto) -> impl IntoView {
    let text = sla_text(&t.sla_state, t.sla_due_at, chrono::Utc::now());
    let title = t.sla_due_at.map(crate::model::display::datetime);
    view! {
        <span class="sla-cell" title=title>
            <SlaBadge state=t.sla_state.clone()/>
            {(!text.is_empty()).then(|| view! { " " <span class="sla-text">{text}</span> })}
        </span>
    }
}

/// A short table of tickets for another record's page (the account).
#[component]
pub fn TicketTable(tickets: Vec<TicketDto>) -> impl IntoView {
    if tickets.is_empty() {
        return view! { <p class="empty">"No tickets yet."</p> }.into_any();
    }
    view! {
        <table class="data ticket-table">
            <tbody>
                {tickets.into_iter().map(|t| view! {
                    <tr>
                        <td><a href=format!("/tickets/{}", t.id)>{t.number.clone()}</a></td>
                        <td class="line-text">{t.subject.clone()}</td>
                        <td><TicketStatusBadge status=t.status/></td>
                        <td><PriorityBadge priority=t.priority/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
