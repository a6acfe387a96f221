//! Support tickets: priorities, channels and queues, the DTOs (ticket, comment), the forms as typed
//! (new ticket, comment, resolution, assignment) with their checks, and the queue filter. The status
//! machine is in `ticket_status.rs`; the SLA clocks in `sla.rs`.
use super::validate::{flag, optional_id, required_text, FieldErrors};
use crate::model::enum_macro::string_enum;
use crate::model::list::list_filter;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::ticket_status::{transition, TicketEvent, TicketStatus};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Priority {
        Low = ("low", "Low"),
        Medium = ("medium", "Medium"),
        High = ("high", "High"),
        Urgent = ("urgent", "Urgent"),
    }
    parse_error = "must be low, medium, high or urgent";
}

string_enum! {
    /// Where a ticket (or a comment) came from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Channel {
        Web = ("web", "Web"),
        Email = ("email", "Email"),
        CustomerLink = ("customer_link", "Customer link"),
        Api = ("api", "API"),
    }
    parse_error = "must be web, email, customer_link or api";
}

string_enum! {
    /// How a new ticket without an assignee finds one (a company setting).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AssignmentRule {
        RoundRobin = ("round_robin", "Round robin"),
        FewestOpen = ("fewest_open", "Fewest open tickets"),
        Manual = ("manual", "Nobody (assign by hand)"),
    }
    parse_error = "must be round_robin, fewest_open or manual";
}

string_enum! {
    /// The queues of the tickets page.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Queue {
        Mine = ("mine", "Mine"),
        Unassigned = ("unassigned", "Unassigned"),
        Open = ("open", "All open"),
        AtRisk = ("at_risk", "At risk / breached"),
        Waiting = ("waiting", "Waiting"),
        All = ("all", "All tickets"),
    }
    parse_error = "must be mine, unassigned, open, at_risk, waiting or all";
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TicketDto {
    pub id: i64,
    /// TCK-YYYY-NNNNNN
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub subject: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "high"))]
    pub priority: Priority,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "open"))]
    pub status: TicketStatus,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "web"))]
    pub channel: Channel,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub sales_order_id: Option<i64>,
    pub sales_order_number: Option<String>,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    /// The contract that covers the ticket, or null.
    pub contract_id: Option<i64>,
    /// The closed ticket this one follows up.
    pub follow_up_of: Option<i64>,
    /// The ticket this duplicate was merged into.
    pub merged_into: Option<i64>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub resolution_note: Option<String>,
    /// When the first public reply is due (null while paused or once met).
    pub first_response_due_at: Option<DateTime<Utc>>,
    /// When the resolution is due (null while paused or once met).
    pub resolution_due_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// on_track, at_risk, breached, paused or met, as of the moment of reading.
    pub sla_state: String,
    /// The next due time of a running clock (what the queues sort by).
    pub sla_due_at: Option<DateTime<Utc>>,
    /// The customer's satisfaction rating (1–5) once resolved.
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommentDto {
    pub id: i64,
    pub ticket_id: i64,
    /// A public reply (the customer sees it) or an internal note (never shown or sent outside).
    pub public: bool,
    /// The employee who wrote it; null for the customer.
    pub author_user_id: Option<i64>,
    pub author_name: String,
    /// web, email, customer_link or api
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "web"))]
    pub source: Channel,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The new ticket as typed (the API's JSON maps onto it too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketForm {
    pub account_id: String,
    pub contact_id: String,
    pub subject: String,
    pub description: String,
    pub priority: String,
    pub invoice_id: String,
    pub sales_order_id: String,
    pub product_id: String,
    /// Empty: automatic assignment by the company's rule.
    pub assignee_id: String,
}

/// A checked new ticket; the service checks the ids against the database.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketInput {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub invoice_id: Option<i64>,
    pub sales_order_id: Option<i64>,
    pub product_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

/// Longest description or comment body (a pasted log still fits; a runaway post does not).
pub const MAX_BODY: usize = 20_000;

impl TicketInput {
    pub fn parse(f: &TicketForm) -> Result<TicketInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let priority = match f.priority.trim() {
            "" => Priority::Medium,
            p => Priority::parse(p).map_err(|m| e.add("priority", m)).unwrap_or(Priority::Medium),
        };
        let subject = required_text(&mut e, "subject", &f.subject, 200);
        if subject.contains(['\r', '\n']) {
            // It becomes an email's subject line.
            e.add("subject", "must be one line");
        }
        let input = TicketInput {
            account_id: account_id.unwrap_or(0),
            contact_id: optional_id(&mut e, "contact_id", &f.contact_id),
            subject,
            description: required_text(&mut e, "description", &f.description, MAX_BODY),
            priority,
            invoice_id: optional_id(&mut e, "invoice_id", &f.invoice_id),
            sales_order_id: optional_id(&mut e, "sales_order_id", &f.sales_order_id),
            product_id: optional_id(&mut e, "product_id", &f.product_id),
            assignee_id: optional_id(&mut e, "assignee_id", &f.assignee_id),
        };
        e.finish(|| input)
    }
}

/// A reply or note as typed: `public` is a checkbox ("on") or the API's flag.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub body: String,
    pub public: String,
}

/// A checked comment.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentInput {
    pub body: String,
    pub public: bool,
}

impl CommentInput {
    pub fn parse(f: &CommentForm) -> Result<CommentInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let body = required_text(&mut e, "body", &f.body, MAX_BODY);
        e.finish(|| CommentInput { body, public: flag(&f.public) })
    }
}

/// Who takes a new ticket under `rule`: `candidates` are (user id, open tickets) of the support
/// users who may, by id; `last` is round robin's cursor (who got the previous one). Round robin
/// takes the next id after `last`, wrapping around; fewest open takes the least loaded, the lower
/// id on a tie. The caller holds the lock that makes concurrent creations see each other.
pub fn pick_assignee(rule: AssignmentRule, candidates: &[(i64, i64)], last: Option<i64>) -> Option<i64> {
    match rule {
        AssignmentRule::Manual => None,
        AssignmentRule::RoundRobin => {
            candidates.iter().find(|(id, _)| last.is_none_or(|l| *id > l)).or(candidates.first()).map(|(id, _)| *id)
        }
        AssignmentRule::FewestOpen => candidates.iter().min_by_key(|(id, open)| (*open, *id)).map(|(id, _)| *id),
    }
}

/// The resolution note resolving needs.
pub fn resolution_note(note: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    let note = required_text(&mut e, "note", note, MAX_BODY);
    e.finish(|| note)
}

list_filter! {
    /// The tickets list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TicketFilter {
        /// Part of the number, the subject or the account's name.
        pub q: String,
        /// mine, unassigned, open (default), at_risk, waiting or all.
        pub queue: String,
        /// A status; empty: the queue's.
        pub status: String,
        pub priority: String,
        /// An assignee's user id, or "me".
        pub assignee: String,
        /// An account id.
        pub account: String,
        /// An SLA state: on_track, at_risk, breached, paused or met.
        pub sla: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TicketForm {
        TicketForm {
            account_id: "3".into(),
            subject: " Printer offline ".into(),
            description: "Since this morning.\nModel X".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_ticket_needs_an_account_a_subject_and_a_description() {
        let t = TicketInput::parse(&form()).unwrap();
        assert_eq!((t.account_id, t.subject.as_str(), t.priority), (3, "Printer offline", Priority::Medium));
        assert_eq!(t.assignee_id, None);
        let e = TicketInput::parse(&TicketForm { priority: "asap".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.get("account_id").unwrap(), &vec!["is required".to_string()]);
        assert!(e.get("subject").is_some() && e.get("description").is_some());
        assert_eq!(e.get("priority").unwrap(), &vec!["must be low, medium, high or urgent".to_string()]);
        let long = TicketForm { description: "x".repeat(MAX_BODY + 1), ..form() };
        assert!(TicketInput::parse(&long).unwrap_err().get("description").is_some());
    }

    #[test]
    fn comments_are_internal_unless_marked_public() {
        let c = CommentInput::parse(&CommentForm { body: "Called them".into(), public: String::new() }).unwrap();
        assert!(!c.public);
        let c = CommentInput::parse(&CommentForm { body: "Fixed".into(), public: "on".into() }).unwrap();
        assert!(c.public);
        assert!(CommentInput::parse(&CommentForm::default()).unwrap_err().get("body").is_some());
        assert!(resolution_note("  ").unwrap_err().get("note").is_some());
    }

    #[test]
    fn round_robin_goes_around_and_fewest_open_takes_the_least_loaded() {
        let c = [(2, 5), (4, 1), (7, 1)];
        let rr = |last| pick_assignee(AssignmentRule::RoundRobin, &c, last);
        assert_eq!(
            (rr(None), rr(Some(2)), rr(Some(4)), rr(Some(7)), rr(Some(3))),
            (Some(2), Some(4), Some(7), Some(2), Some(4))
        );
        assert_eq!(pick_assignee(AssignmentRule::FewestOpen, &c, None), Some(4));
        assert_eq!(pick_assignee(AssignmentRule::Manual, &c, None), None);
        assert_eq!(pick_assignee(AssignmentRule::FewestOpen, &[], None), None);
        assert_eq!(pick_assignee(AssignmentRule::RoundRobin, &[], Some(3)), None);
    }

    #[test]
    fn priorities_order_from_low_to_urgent() {
        assert!(Priority::Low < Priority::Medium && Priority::High < Priority::Urgent);
        assert_eq!(Queue::parse("at_risk"), Ok(Queue::AtRisk));
        assert_eq!(serde_json::to_value(Channel::CustomerLink).unwrap(), "customer_link");
    }
}
