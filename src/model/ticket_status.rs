//! The support ticket status machine: five statuses, the events agents send (start, wait, resolve,
//! close, reopen), the one a customer's reply sends, and the one `transition` every change goes
//! through. The SLA clocks (`model::sla`) read the history this machine writes.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TicketStatus {
        Open = ("open", "Open"),
        InProgress = ("in_progress", "In progress"),
        Waiting = ("waiting", "Waiting on customer"),
        Resolved = ("resolved", "Resolved"),
        Closed = ("closed", "Closed"),
    }
    parse_error = "must be open, in_progress, waiting, resolved or closed";
}

string_enum! {
    /// What happens to a ticket. Agents send the first five (`POST /tickets/{id}/{event}`); a
    /// customer's reply (through the link or by email) sends `customer_reply`; the auto-close job
    /// sends `close`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TicketEvent {
        Start = ("start", "Start work"),
        Wait = ("wait", "Wait on customer"),
        Resolve = ("resolve", "Resolve"),
        Close = ("close", "Close"),
        Reopen = ("reopen", "Reopen"),
        CustomerReply = ("customer_reply", "Customer replied"),
    }
    parse_error = "must be start, wait, resolve, close or reopen";
}

impl TicketStatus {
    /// Still to be worked: what the open queues and the dashboard count.
    pub fn is_open(self) -> bool {
        matches!(self, TicketStatus::Open | TicketStatus::InProgress | TicketStatus::Waiting)
    }
    /// The SLA clocks run (they pause while waiting and stop once resolved).
    pub fn clock_runs(self) -> bool {
        matches!(self, TicketStatus::Open | TicketStatus::InProgress)
    }
    /// Replies and notes may still be added (a closed ticket is final).
    pub fn takes_comments(self) -> bool {
        self != TicketStatus::Closed
    }
    /// The agents' events the machine allows from here, in the order the page shows them.
    pub fn actions(self) -> Vec<TicketEvent> {
        TicketEvent::MANUAL.into_iter().filter(|e| transition(self, *e).is_ok()).collect()
    }
}

impl TicketEvent {
    /// The events agents send; `customer_reply` comes from the customer's side only.
    pub const MANUAL: [TicketEvent; 5] =
        [TicketEvent::Start, TicketEvent::Wait, TicketEvent::Resolve, TicketEvent::Close, TicketEvent::Reopen];

    /// One of the agents' events by name (the REST path and the form's button).
    pub fn parse_manual(s: &str) -> Result<TicketEvent, String> {
        TicketEvent::parse(s)
            .ok()
            .filter(|e| TicketEvent::MANUAL.contains(e))
            .ok_or_else(|| "must be start, wait, resolve, close or reopen".to_string())
    }
    /// Resolving needs a resolution note.
    pub fn needs_note(self) -> bool {
        self == TicketEvent::Resolve
    }
}

/// The machine: open → in_progress; in_progress ↔ waiting (start resumes, as does a customer
/// reply); open / in_progress / waiting → resolved; resolved → closed; resolved → open (reopen, or a
/// customer reply). Closed is final: a customer reply to a closed ticket is refused here and the
/// service opens a follow-up ticket instead. A customer reply to an open or in-progress ticket
/// leaves it where it is.
pub fn transition(from: TicketStatus, event: TicketEvent) -> Result<TicketStatus, String> {
    use TicketEvent as E;
    use TicketStatus as S;
    match (from, event) {
        (S::Open, E::Start) | (S::Waiting, E::Start) => Ok(S::InProgress),
        (S::InProgress, E::Wait) => Ok(S::Waiting),
        (S::Open | S::InProgress | S::Waiting, E::Resolve) => Ok(S::Resolved),
        (S::Resolved, E::Close) => Ok(S::Closed),
        (S::Resolved, E::Reopen) => Ok(S::Open),
        (S::Waiting, E::CustomerReply) => Ok(S::InProgress),
        (S::Resolved, E::CustomerReply) => Ok(S::Open),
        (S::Open | S::InProgress, E::CustomerReply) => Ok(from),
        (S::Closed, E::CustomerReply) => Err("a closed ticket takes no replies: a follow-up ticket is opened".into()),
        _ => Err(format!("a ticket that is {} cannot {}", from.label().to_lowercase(), describe(event))),
    }
}

fn describe(event: TicketEvent) -> &'static str {
    match event {
        TicketEvent::Start => "be started",
        TicketEvent::Wait => "wait on the customer",
        TicketEvent::Resolve => "be resolved",
        TicketEvent::Close => "be closed",
        TicketEvent::Reopen => "be reopened",
        TicketEvent::CustomerReply => "take a customer reply",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketEvent as E;
    use TicketStatus as S;

    /// The documented moves: (from, to) pairs some event allows.
    const ALLOWED: &[(S, S)] = &[
        (S::Open, S::Open),
        (S::Open, S::InProgress),
        (S::Open, S::Resolved),
        (S::InProgress, S::InProgress),
        (S::InProgress, S::Waiting),
        (S::InProgress, S::Resolved),
        (S::Waiting, S::InProgress),
        (S::Waiting, S::Resolved),
        (S::Resolved, S::Closed),
        (S::Resolved, S::Open),
    ];

    #[test]
    fn every_pair_of_statuses_is_allowed_exactly_when_documented() {
        for from in S::ALL {
            for to in S::ALL {
                let reachable = E::ALL.into_iter().any(|e| transition(from, e) == Ok(to));
                assert_eq!(reachable, ALLOWED.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn the_page_offers_only_allowed_actions() {
        assert_eq!(S::Open.actions(), vec![E::Start, E::Resolve]);
        assert_eq!(S::InProgress.actions(), vec![E::Wait, E::Resolve]);
        assert_eq!(S::Waiting.actions(), vec![E::Start, E::Resolve]);
        assert_eq!(S::Resolved.actions(), vec![E::Close, E::Reopen]);
        assert!(S::Closed.actions().is_empty());
    }

    #[test]
    fn a_customer_reply_brings_a_ticket_back_and_a_closed_one_refuses() {
        assert_eq!(transition(S::Waiting, E::CustomerReply), Ok(S::InProgress));
        assert_eq!(transition(S::Resolved, E::CustomerReply), Ok(S::Open));
        assert!(transition(S::Closed, E::CustomerReply).unwrap_err().contains("follow-up"));
        assert_eq!(transition(S::Closed, E::Reopen).unwrap_err(), "a ticket that is closed cannot be reopened");
    }

    #[test]
    fn names_round_trip_and_agents_cannot_send_the_customer_event() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for e in E::MANUAL {
            assert_eq!(E::parse_manual(e.as_str()), Ok(e));
        }
        assert!(E::parse_manual("customer_reply").is_err());
        assert!(S::Open.clock_runs() && S::InProgress.clock_runs() && !S::Waiting.clock_runs());
    }
}
