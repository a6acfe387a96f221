//! The invoice status machine: the events people send (issue, send, void), and `settle`, which
//! derives the status of an issued invoice from its facts — sent or not, its balance (total −
//! credit notes − payments) and its due date. Every status change goes through one of the two.
use crate::model::enum_macro::string_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum InvoiceStatus {
        Draft = ("draft", "Draft"),
        Issued = ("issued", "Issued"),
        Sent = ("sent", "Sent"),
        Overdue = ("overdue", "Overdue"),
        PartiallyPaid = ("partially_paid", "Partially paid"),
        Paid = ("paid", "Paid"),
        Void = ("void", "Void"),
    }
    parse_error = "must be draft, issued, sent, overdue, partially_paid, paid or void";
}

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum InvoiceEvent {
        Issue = ("issue", "Issue invoice"),
        Send = ("send", "Send to customer"),
        Void = ("void", "Void invoice"),
    }
    parse_error = "must be issue, send or void";
}

/// What decides an issued invoice's status, in minor units of its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub has_lines: bool,
    pub sent: bool,
    pub total: i64,
    pub credited: i64,
    pub paid: i64,
    pub due_date: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl InvoiceFacts {
    pub fn balance(&self) -> i64 {
        self.total - self.credited - self.paid
    }
}

impl InvoiceStatus {
    /// Issued and still to be paid (the dunning job and the aging chart look at these).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            InvoiceStatus::Issued | InvoiceStatus::Sent | InvoiceStatus::Overdue | InvoiceStatus::PartiallyPaid
        )
    }
    /// The events the machine allows from here, given the facts.
    pub fn actions(self, facts: InvoiceFacts) -> Vec<InvoiceEvent> {
        InvoiceEvent::ALL.into_iter().filter(|e| transition(self, *e, facts).is_ok()).collect()
    }
}

/// The status an issued invoice has by its facts: paid when nothing is left, overdue when the due
/// date passed with a balance, partially paid when payments or credit notes lowered it, else sent
/// or issued. Drafts and void invoices keep their status.
pub fn settle(status: InvoiceStatus, f: InvoiceFacts) -> InvoiceStatus {
    use InvoiceStatus as S;
    match status {
        S::Draft | S::Void => status,
        _ if f.balance() <= 0 => S::Paid,
        _ if f.due_date.is_some_and(|d| d < f.today) => S::Overdue,
        _ if f.paid > 0 || f.credited > 0 => S::PartiallyPaid,
        _ if f.sent => S::Sent,
        _ => S::Issued,
    }
}

/// The machine for people's events: draft → issued (needs lines); issued, sent, overdue or
/// partially paid → sent (again); → void only while nothing is paid or credited.
pub fn transition(from: InvoiceStatus, event: InvoiceEvent, f: InvoiceFacts) -> Result<InvoiceStatus, String> {
    use InvoiceEvent as E;
    use InvoiceStatus as S;
    match (from, event) {
        (S::Draft, E::Issue) if !f.has_lines => Err("an invoice without lines cannot be issued".into()),
        (S::Draft, E::Issue) => Ok(settle(S::Issued, f)),
        (S::Issued | S::Sent | S::Overdue | S::PartiallyPaid, E::Send) => {
            Ok(settle(from, InvoiceFacts { sent: true, ..f }))
        }
        (S::Issued | S::Sent | S::Overdue | S::PartiallyPaid | S::Paid, E::Void) if f.paid > 0 || f.credited > 0 => {
            Err("an invoice with payments or credit notes cannot be voided: credit it instead".into())
        }
        (S::Issued | S::Sent | S::Overdue, E::Void) => Ok(S::Void),
        _ => Err(format!(
            "a {} invoice cannot be {}",
            from.label().to_lowercase(),
            match event {
                E::Issue => "issued",
                E::Send => "sent",
                E::Void => "voided",
            }
        )),
    }
}

string_enum! {
    /// Aging of open balances: not yet due, then by days past due. Serialised by variant name.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum AgingBucket {
        Current = ("current", "Current"),
        Days1To30 = ("days_1_to_30", "1–30 days"),
        Days31To60 = ("days_31_to_60", "31–60 days"),
        Days61To90 = ("days_61_to_90", "61–90 days"),
        Over90 = ("over_90", "90+ days"),
    }
    parse_error = "must be current, days_1_to_30, days_31_to_60, days_61_to_90 or over_90";
}

impl AgingBucket {
    pub fn of(due: NaiveDate, today: NaiveDate) -> AgingBucket {
        match (today - due).num_days() {
            d if d <= 0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvoiceStatus as S;

    fn facts(total: i64, credited: i64, paid: i64, due_in: i64) -> InvoiceFacts {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        InvoiceFacts {
            has_lines: true,
            sent: false,
            total,
            credited,
            paid,
            due_date: Some(today + chrono::Duration::days(due_in)),
            today,
        }
    }

    #[test]
    fn the_balance_decides_the_status_of_an_issued_invoice() {
        assert_eq!(settle(S::Issued, facts(100, 0, 0, 14)), S::Issued);
        assert_eq!(settle(S::Issued, InvoiceFacts { sent: true, ..facts(100, 0, 0, 14) }), S::Sent);
        assert_eq!(settle(S::Sent, facts(100, 0, 40, 14)), S::PartiallyPaid);
        assert_eq!(settle(S::Sent, facts(100, 30, 0, 14)), S::PartiallyPaid, "a credit note lowers it too");
        assert_eq!(settle(S::Sent, facts(100, 30, 70, 14)), S::Paid);
        assert_eq!(settle(S::Sent, facts(100, 0, 40, -1)), S::Overdue, "past due with a balance");
        assert_eq!(settle(S::Overdue, facts(100, 0, 100, -1)), S::Paid);
        assert_eq!(settle(S::Paid, facts(100, 0, 60, 14)), S::PartiallyPaid, "a refunded payment reopens it");
        assert_eq!(settle(S::Void, facts(100, 0, 0, -5)), S::Void);
        assert_eq!(settle(S::Draft, facts(100, 0, 0, -5)), S::Draft);
    }

    #[test]
    fn every_status_and_event_is_decided_by_the_machine() {
        let open = facts(100, 0, 0, 14);
        let expected = |from: S, e: InvoiceEvent| -> Option<S> {
            match (from, e) {
                (S::Draft, InvoiceEvent::Issue) => Some(S::Issued),
                (S::Issued | S::Sent, InvoiceEvent::Send) => Some(S::Sent),
                (S::Overdue, InvoiceEvent::Send) => Some(S::Sent),
                (S::PartiallyPaid, InvoiceEvent::Send) => Some(S::Sent),
                (S::Issued | S::Sent | S::Overdue, InvoiceEvent::Void) => Some(S::Void),
                _ => None,
            }
        };
        for from in S::ALL {
            for e in InvoiceEvent::ALL {
                assert_eq!(transition(from, e, open).ok(), expected(from, e), "{from:?} + {e:?}");
            }
        }
        let paid_some = facts(100, 0, 10, 14);
        assert!(transition(S::PartiallyPaid, InvoiceEvent::Void, paid_some).unwrap_err().contains("credit it instead"));
        assert!(transition(S::Sent, InvoiceEvent::Void, facts(100, 10, 0, 14)).is_err());
        let empty = InvoiceFacts { has_lines: false, ..open };
        assert_eq!(
            transition(S::Draft, InvoiceEvent::Issue, empty).unwrap_err(),
            "an invoice without lines cannot be issued"
        );
        assert_eq!(S::Draft.actions(open), vec![InvoiceEvent::Issue]);
        assert_eq!(S::Issued.actions(open), vec![InvoiceEvent::Send, InvoiceEvent::Void]);
        assert!(S::Void.actions(open).is_empty());
    }

    #[test]
    fn balances_age_by_days_past_due() {
        let due = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let on = |d: i64| AgingBucket::of(due, due + chrono::Duration::days(d));
        assert_eq!(
            [on(-3), on(0), on(1), on(30), on(31), on(60), on(61), on(90), on(91)],
            [
                AgingBucket::Current,
                AgingBucket::Current,
                AgingBucket::Days1To30,
                AgingBucket::Days1To30,
                AgingBucket::Days31To60,
                AgingBucket::Days31To60,
                AgingBucket::Days61To90,
                AgingBucket::Days61To90,
                AgingBucket::Over90
            ]
        );
    }
}
