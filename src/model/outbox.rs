//! The outbox message status machine. A message starts queued (or held when no SMTP server is
//! configured: an admin reads it in the outbox); the delivery job sends a queued message, and a
//! failed attempt queues it again for its backoff or fails it for good; a message whose sender
//! died mid-send is failed (whether it went out is unknown); an admin's Retry puts a failed
//! message back. Sent and held messages stay as they are.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum OutboxStatus {
        Held = ("held", "Held (no SMTP)"),
        Queued = ("queued", "Queued"),
        Sent = ("sent", "Sent"),
        Failed = ("failed", "Failed"),
    }
    parse_error = "must be held, queued, sent or failed";
}

/// What happens to a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxEvent {
    /// The SMTP server took it.
    Delivered,
    /// An attempt failed; `retry` when the backoff allows another.
    AttemptFailed { retry: bool },
    /// Its claim ran out with no result: the sender died mid-send.
    Abandoned,
    /// An admin's Retry; `smtp` when an SMTP server is configured.
    Retry { smtp: bool },
}

impl OutboxStatus {
    /// How a new message starts.
    pub fn initial(smtp: bool) -> OutboxStatus {
        if smtp {
            OutboxStatus::Queued
        } else {
            OutboxStatus::Held
        }
    }

    /// The machine: queued → sent | queued (retry later) | failed; failed → queued | held (an
    /// admin's Retry). Nothing else moves.
    pub fn transition(self, event: OutboxEvent) -> Result<OutboxStatus, String> {
        use OutboxEvent as E;
        use OutboxStatus as S;
        match (self, event) {
            (S::Queued, E::Delivered) => Ok(S::Sent),
            (S::Queued, E::AttemptFailed { retry: true }) => Ok(S::Queued),
            (S::Queued, E::AttemptFailed { retry: false } | E::Abandoned) => Ok(S::Failed),
            (S::Failed, E::Retry { smtp }) => Ok(OutboxStatus::initial(smtp)),
            (from, E::Retry { .. }) => Err(format!("only a failed email can be retried; this one is {from}")),
            (from, _) => Err(format!("a {from} email is not being sent")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutboxEvent as E;
    use OutboxStatus as S;

    #[test]
    fn every_status_and_event_is_decided_by_the_machine() {
        let events = [
            E::Delivered,
            E::AttemptFailed { retry: true },
            E::AttemptFailed { retry: false },
            E::Abandoned,
            E::Retry { smtp: true },
            E::Retry { smtp: false },
        ];
        let allowed = [
            (S::Queued, E::Delivered, S::Sent),
            (S::Queued, E::AttemptFailed { retry: true }, S::Queued),
            (S::Queued, E::AttemptFailed { retry: false }, S::Failed),
            (S::Queued, E::Abandoned, S::Failed),
            (S::Failed, E::Retry { smtp: true }, S::Queued),
            (S::Failed, E::Retry { smtp: false }, S::Held),
        ];
        for from in S::ALL {
            for e in events {
                let expected = allowed.iter().find(|(f, ev, _)| *f == from && *ev == e).map(|(_, _, to)| *to);
                assert_eq!(from.transition(e).ok(), expected, "{from:?} + {e:?}");
            }
        }
        assert_eq!(
            S::Sent.transition(E::Retry { smtp: true }).unwrap_err(),
            "only a failed email can be retried; this one is sent"
        );
        assert_eq!((S::initial(true), S::initial(false)), (S::Queued, S::Held));
    }
}
