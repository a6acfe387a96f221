//! The payment status machine: pending → completed or failed; completed → partially refunded →
//! refunded. Only completed (and partly refunded) money counts against invoices.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PaymentStatus {
        Pending = ("pending", "Pending"),
        Completed = ("completed", "Completed"),
        Failed = ("failed", "Failed"),
        PartiallyRefunded = ("partially_refunded", "Partially refunded"),
        Refunded = ("refunded", "Refunded"),
    }
    parse_error = "must be pending, completed, failed, partially_refunded or refunded";
}

/// What happens to a payment. Written out, not `string_enum!`: a refund carries data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentEvent {
    Complete,
    Fail,
    /// A refund; `all` when nothing of the payment is left afterwards.
    Refund {
        all: bool,
    },
}

impl PaymentStatus {
    /// Whether this money has arrived (and so counts against the invoices it is allocated to).
    pub fn counts(self) -> bool {
        matches!(self, PaymentStatus::Completed | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded)
    }
    /// Whether its allocations may change (pending and arrived money, not failed or fully refunded).
    pub fn allocatable(self) -> bool {
        matches!(self, PaymentStatus::Pending | PaymentStatus::Completed | PaymentStatus::PartiallyRefunded)
    }
}

impl PaymentEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentEvent::Complete => "complete",
            PaymentEvent::Fail => "fail",
            PaymentEvent::Refund { .. } => "refund",
        }
    }
}

/// The machine: pending → completed | failed; completed or partially refunded → partially
/// refunded | refunded (by refunds).
pub fn transition(from: PaymentStatus, event: PaymentEvent) -> Result<PaymentStatus, String> {
    use PaymentEvent as E;
    use PaymentStatus as S;
    match (from, event) {
        (S::Pending, E::Complete) => Ok(S::Completed),
        (S::Pending, E::Fail) => Ok(S::Failed),
        (S::Completed | S::PartiallyRefunded, E::Refund { all }) => {
            Ok(if all { S::Refunded } else { S::PartiallyRefunded })
        }
        _ => Err(format!(
            "a {} payment cannot be {}",
            from.label().to_lowercase(),
            match event {
                E::Complete => "completed",
                E::Fail => "marked failed",
                E::Refund { .. } => "refunded",
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentStatus as S;

    #[test]
    fn every_status_and_event_is_decided_by_the_machine() {
        let events = [
            PaymentEvent::Complete,
            PaymentEvent::Fail,
            PaymentEvent::Refund { all: true },
            PaymentEvent::Refund { all: false },
        ];
        let allowed = [
            (S::Pending, S::Completed),
            (S::Pending, S::Failed),
            (S::Completed, S::Refunded),
            (S::Completed, S::PartiallyRefunded),
            (S::PartiallyRefunded, S::Refunded),
            (S::PartiallyRefunded, S::PartiallyRefunded),
        ];
        for from in S::ALL {
            for to in S::ALL {
                let reachable = events.iter().any(|e| transition(from, *e) == Ok(to));
                assert_eq!(reachable, allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
        assert_eq!(transition(S::Failed, PaymentEvent::Complete).unwrap_err(), "a failed payment cannot be completed");
        assert!(S::Completed.counts() && !S::Pending.counts() && !S::Failed.counts());
    }
}
