//! The contract status machine: pending → active → expired, pending / active → cancelled, an
//! expired contract renewed back to active within the grace period, and the one `transition`
//! every change goes through (people's events and the renewal job's alike).
use crate::model::enum_macro::string_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ContractStatus {
        Pending = ("pending", "Pending"),
        Active = ("active", "Active"),
        Expired = ("expired", "Expired"),
        Cancelled = ("cancelled", "Cancelled"),
    }
    parse_error = "must be pending, active, expired or cancelled";
}

string_enum! {
    /// What happens to a contract. People send activate, renew and cancel; the renewal job sends
    /// activate (the start date arrived), renew (auto-renewal) and expire.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ContractEvent {
        Activate = ("activate", "Activate"),
        Renew = ("renew", "Renew now"),
        Cancel = ("cancel", "Cancel contract"),
        Expire = ("expire", "Expire"),
    }
    parse_error = "must be activate, renew or cancel";
}

string_enum! {
    /// How a term ended.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TermOutcome {
        Renewed = ("renewed", "Renewed"),
        Expired = ("expired", "Expired"),
        Cancelled = ("cancelled", "Cancelled"),
    }
    parse_error = "must be renewed, expired or cancelled";
}

string_enum! {
    /// How a term came to be.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TermOrigin {
        Activation = ("activation", "Activation"),
        History = ("history", "Entered history"),
        Manual = ("manual", "Renewed by hand"),
        Customer = ("customer", "Accepted by the customer"),
        Auto = ("auto", "Renewed automatically"),
    }
    parse_error = "must be activation, history, manual, customer or auto";
}

/// What the machine needs to know besides the status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractFacts {
    pub today: NaiveDate,
    /// The last term's last day.
    pub end_date: NaiveDate,
    /// The last term starts after today: a renewal already happened and waits for its start.
    pub renewed_ahead: bool,
    /// A cancellation at the term's end is scheduled.
    pub cancel_scheduled: bool,
    /// Days after the end an expired contract may still be renewed (a company setting).
    pub grace_days: u32,
}

impl ContractEvent {
    /// The events people send (buttons, `POST /contracts/{id}/{event}`).
    pub const MANUAL: [ContractEvent; 3] = [ContractEvent::Activate, ContractEvent::Renew, ContractEvent::Cancel];

    /// One of the people's events by name.
    pub fn parse_manual(s: &str) -> Result<ContractEvent, String> {
        ContractEvent::parse(s)
            .ok()
            .filter(|e| ContractEvent::MANUAL.contains(e))
            .ok_or_else(|| "must be activate, renew or cancel".to_string())
    }
}

impl ContractStatus {
    /// The people's events the machine allows from here.
    pub fn actions(self, facts: ContractFacts) -> Vec<ContractEvent> {
        ContractEvent::MANUAL.into_iter().filter(|e| transition(self, *e, facts).is_ok()).collect()
    }
    /// Running or still to start: what the renewal figures and ticket coverage count.
    pub fn is_live(self) -> bool {
        matches!(self, ContractStatus::Pending | ContractStatus::Active)
    }
}

/// The status after `event`, or why not (the 409's message).
pub fn transition(from: ContractStatus, event: ContractEvent, f: ContractFacts) -> Result<ContractStatus, String> {
    use ContractEvent as E;
    use ContractStatus as S;
    let grace_end = f.end_date + chrono::Duration::days(i64::from(f.grace_days));
    match (from, event) {
        (S::Pending, E::Activate) => Ok(S::Active),
        (S::Active, E::Renew) if f.cancel_scheduled => {
            Err("a cancellation is scheduled for the term's end: it is not renewed".into())
        }
        (S::Active, E::Renew) if f.renewed_ahead => Err("already renewed: the next term has not started yet".into()),
        (S::Active, E::Renew) => Ok(S::Active),
        (S::Expired, E::Renew) if f.today <= grace_end => Ok(S::Active),
        (S::Expired, E::Renew) => {
            Err(format!("expired on {}: the grace period to renew ended on {grace_end}", f.end_date))
        }
        (S::Pending | S::Active, E::Cancel) => Ok(S::Cancelled),
        (S::Active, E::Expire) if f.today > f.end_date && !f.renewed_ahead => Ok(S::Expired),
        (S::Active, E::Expire) => Err(format!("runs until {}", f.end_date)),
        (s, e) => Err(format!("a {} contract cannot {}", s.label().to_lowercase(), e.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(today: &str, end: &str) -> ContractFacts {
        ContractFacts {
            today: today.parse().unwrap(),
            end_date: end.parse().unwrap(),
            renewed_ahead: false,
            cancel_scheduled: false,
            grace_days: 30,
        }
    }

    #[test]
    fn pending_activates_active_renews_once_and_expires_after_its_end() {
        let f = facts("2026-06-01", "2026-12-31");
        assert_eq!(transition(ContractStatus::Pending, ContractEvent::Activate, f), Ok(ContractStatus::Active));
        assert_eq!(transition(ContractStatus::Active, ContractEvent::Renew, f), Ok(ContractStatus::Active));
        let ahead = ContractFacts { renewed_ahead: true, ..f };
        assert!(transition(ContractStatus::Active, ContractEvent::Renew, ahead)
            .unwrap_err()
            .contains("already renewed"));
        assert!(transition(ContractStatus::Active, ContractEvent::Expire, f).is_err(), "still running");
        let after = facts("2027-01-01", "2026-12-31");
        assert_eq!(transition(ContractStatus::Active, ContractEvent::Expire, after), Ok(ContractStatus::Expired));
        assert!(transition(ContractStatus::Active, ContractEvent::Activate, f).is_err());
        assert_eq!(ContractStatus::Active.actions(f), vec![ContractEvent::Renew, ContractEvent::Cancel]);
        assert_eq!(ContractStatus::Pending.actions(f), vec![ContractEvent::Activate, ContractEvent::Cancel]);
    }

    #[test]
    fn an_expired_contract_renews_only_within_the_grace_period_and_cancelled_is_final() {
        let within = facts("2027-01-30", "2026-12-31");
        assert_eq!(transition(ContractStatus::Expired, ContractEvent::Renew, within), Ok(ContractStatus::Active));
        let late = facts("2027-01-31", "2026-12-31");
        let e = transition(ContractStatus::Expired, ContractEvent::Renew, late).unwrap_err();
        assert!(e.contains("grace period") && e.contains("2027-01-30"), "{e}");
        assert!(transition(ContractStatus::Expired, ContractEvent::Cancel, within).is_err());
        for e in ContractEvent::ALL {
            assert!(transition(ContractStatus::Cancelled, e, within).is_err(), "{e}");
        }
        let scheduled = ContractFacts { cancel_scheduled: true, ..facts("2026-06-01", "2026-12-31") };
        assert!(transition(ContractStatus::Active, ContractEvent::Renew, scheduled).is_err());
        assert_eq!(ContractEvent::parse_manual("expire"), Err("must be activate, renew or cancel".into()));
        assert_eq!(ContractEvent::parse_manual("renew"), Ok(ContractEvent::Renew));
    }
}
