//! What the ticket pages show, each assembled by one service call (`service::ticket_views`): the
//! queues, the new-ticket form, the detail page with both SLA clocks; and how a clock reads in
//! words ("due in 3h 20m", "overdue by 1d 2h"). The clocks themselves are computed on the server
//! (`model::sla`, ssr only); the pages get them as plain values.
use crate::model::list::ListPage;
use crate::model::ticket::{CommentDto, TicketDto, TicketEvent, TicketForm};
use crate::model::timeline::TimelineEvent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One queue page: the tickets, who works tickets (the assignee filter), may this user open one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketList {
    pub page: ListPage<TicketDto>,
    /// Active users who work tickets: (id, name).
    pub agents: Vec<(i64, String)>,
    pub can_create: bool,
}

/// One SLA clock as of the moment the page was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockView {
    pub target_seconds: i64,
    /// Business seconds counted so far (or until the clock stopped).
    pub used_seconds: i64,
    /// When the target is (or was) reached; none while paused short of it, or once met in time.
    pub due_at: Option<DateTime<Utc>>,
    /// When the clock stopped (first response given, ticket resolved).
    pub stopped_at: Option<DateTime<Utc>>,
    /// on_track, at_risk, breached, paused or met.
    pub state: String,
}

impl ClockView {
    /// Target minus used: negative once overdue.
    pub fn remaining_seconds(&self) -> i64 {
        self.target_seconds - self.used_seconds
    }
}

/// The ticket detail page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    pub ticket: TicketDto,
    pub first_response: ClockView,
    pub resolution: ClockView,
    /// Public replies and internal notes, oldest first.
    pub comments: Vec<CommentDto>,
    /// The events the machine allows now, for this user.
    pub actions: Vec<TicketEvent>,
    /// Reply publicly, assign, edit, move through the statuses.
    pub can_work: bool,
    /// Add internal notes (sales on their accounts' tickets, and everyone who works tickets).
    pub can_note: bool,
    /// Who the ticket may be assigned to: (id, name); empty without `can_work`.
    pub agents: Vec<(i64, String)>,
    /// The ticket's fields as the edit form starts.
    pub form: TicketForm,
    pub events: Vec<TimelineEvent>,
    /// Its files (public ones came with the customer's messages), oldest first.
    pub files: Vec<crate::model::inbound_email::AttachmentDto>,
    /// The canned replies a reply may start from: (id, title); empty when the user cannot reply.
    pub canned: Vec<(i64, String)>,
    /// The reply form's starting text (a canned reply filled in for this ticket).
    pub draft: Option<String>,
    /// The contract that covers it, or the account's lapsed one.
    pub coverage: CoverageView,
}

/// What a ticket says about the account's contracts (empty without access to contracts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CoverageView {
    /// (contract id, number, until): the contract that covers the ticket.
    pub covered_by: Option<(i64, String, chrono::NaiveDate)>,
    /// (contract id, number, ended, "expired" / "cancelled"): the account's lapsed contract.
    pub lapsed: Option<(i64, String, chrono::NaiveDate, String)>,
    /// The open renewal opportunity already raised for the lapsed contract.
    pub renewal_opportunity: Option<i64>,
    /// This user may raise the renewal opportunity now.
    pub can_raise_renewal: bool,
}

/// The new-ticket page: the accounts to choose from, or the chosen account's form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewTicketPageData {
    /// (id, name) of active accounts, when none is chosen yet.
    pub accounts: Vec<(i64, String)>,
    pub form: Option<NewTicketForm>,
}

/// What the form offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewTicketForm {
    pub account_id: i64,
    pub account_name: String,
    /// The account's contacts: (id, name).
    pub contacts: Vec<(i64, String)>,
    /// Its newest numbered invoices: (id, number).
    pub invoices: Vec<(i64, String)>,
    /// Its newest sales orders: (id, number).
    pub orders: Vec<(i64, String)>,
    /// Active products: (id, label).
    pub products: Vec<(i64, String)>,
    pub agents: Vec<(i64, String)>,
    pub form: TicketForm,
}

/// A span of seconds in the two largest units: "1d 2h", "3h 20m", "45m", "<1m".
pub fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h) {
        (0, 0) if m == 0 => "<1m".into(),
        (0, 0) => format!("{m}m"),
        (0, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

/// What a queue's SLA cell says beside the state badge: "due in 3h 20m" or "overdue by 1d 2h"
/// from the due time of the running clock, else "paused" or "met".
pub fn sla_text(state: &str, due_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match (state, due_at) {
        ("paused", _) => "paused".into(),
        ("met", _) => "met".into(),
        (_, Some(due)) if due > now => format!("due in {}", span((due - now).num_seconds())),
        (_, Some(due)) => format!("overdue by {}", span((now - due).num_seconds())),
        ("breached", None) => "overdue".into(),
        _ => String::new(),
    }
}

/// An SLA state in words (the server's `SlaState` labels; the browser does not compile the clocks).
pub fn sla_label(state: &str) -> &'static str {
    match state {
        "on_track" => "On track",
        "at_risk" => "At risk",
        "breached" => "Breached",
        "paused" => "Paused",
        "met" => "Met",
        _ => "—",
    }
}

/// The SLA states, in the order the filter offers them.
pub const SLA_STATES: [&str; 5] = ["on_track", "at_risk", "breached", "paused", "met"];

/// The dashboard's support figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketStats {
    /// Open tickets (open, in progress, waiting) per priority, urgent first; every priority.
    pub open_by_priority: Vec<(crate::model::ticket::Priority, i64)>,
    /// Targets breached in the last 7 days (each clock of a ticket counts once).
    pub breaches_last_7_days: i64,
    /// Median business seconds from creation to the first public reply, over the tickets first
    /// answered in the last 30 days, and how many those were.
    pub median_first_response_seconds: Option<i64>,
    pub first_responses: i64,
    /// Satisfaction over the ratings of the last 90 days, one decimal ("4.3"), and their count.
    pub rating_average: Option<String>,
    pub ratings: i64,
}

/// The median of `values` (the lower middle of an even count); None when empty.
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

/// `sum / count` with one decimal, rounded half up, in integers ("4.3"); None for no ratings.
pub fn average_one_decimal(sum: i64, count: i64) -> Option<String> {
    (count > 0).then(|| {
        let tenths = (sum * 20 + count) / (count * 2);
        format!("{}.{}", tenths / 10, tenths % 10)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn spans_read_in_their_two_largest_units() {
        assert_eq!(span(0), "<1m");
        assert_eq!(span(59), "<1m");
        assert_eq!(span(45 * 60 + 10), "45m");
        assert_eq!(span(3 * 3600 + 20 * 60), "3h 20m");
        assert_eq!(span(86_400 + 2 * 3600 + 59 * 60), "1d 2h");
        assert_eq!(span(-5), "<1m", "a negative span reads as none");
    }

    #[test]
    fn a_clock_is_due_in_or_overdue_by_or_paused_or_met() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
        let due = |m: i64| Some(now + Duration::minutes(m));
        assert_eq!(sla_text("on_track", due(200), now), "due in 3h 20m");
        assert_eq!(sla_text("at_risk", due(30), now), "due in 30m");
        assert_eq!(sla_text("breached", due(-(26 * 60)), now), "overdue by 1d 2h");
        assert_eq!(sla_text("breached", None, now), "overdue");
        assert_eq!(sla_text("paused", None, now), "paused");
        assert_eq!(sla_text("met", None, now), "met");
        assert_eq!(sla_text("on_track", None, now), "");
        assert_eq!(sla_label("at_risk"), "At risk");
        assert_eq!(sla_label("nonsense"), "—");
    }

    #[test]
    fn remaining_time_goes_negative_once_overdue() {
        let c = ClockView {
            target_seconds: 3600,
            used_seconds: 4000,
            due_at: None,
            stopped_at: None,
            state: "breached".into(),
        };
        assert_eq!(c.remaining_seconds(), -400);
    }

    #[test]
    fn medians_and_averages_are_exact() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5]), Some(5));
        assert_eq!(median(vec![9, 1, 5]), Some(5));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2), "the lower middle");
        assert_eq!(average_one_decimal(0, 0), None);
        assert_eq!(average_one_decimal(13, 3).as_deref(), Some("4.3"));
        assert_eq!(average_one_decimal(9, 2).as_deref(), Some("4.5"));
        assert_eq!(average_one_decimal(29, 7).as_deref(), Some("4.1"), "4.142…");
        assert_eq!(average_one_decimal(31, 8).as_deref(), Some("3.9"), "3.875 rounds up");
        assert_eq!(average_one_decimal(5, 1).as_deref(), Some("5.0"));
    }
}
