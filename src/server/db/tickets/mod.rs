//! SQL for support tickets: the row with its account, contact, linked documents and assignee's
//! names, the insert, and the status / assignment / SLA writes. Lists are in `list.rs`, the
//! conversation and status history in `conversation.rs`, policies, calendar and assignment
//! candidates in `support.rs`, the jobs' scans in `jobs.rs`, the settings page's in `settings.rs`,
//! the dashboard's figures in `stats.rs`, the scale seed's bulk inserts in `bulk.rs`,
//! tickets about invoices (what pauses their reminders) in `questions.rs`, merging in `merge.rs`,
//! inbound email and attachments in `email.rs`, canned replies in `canned.rs`.
pub mod bulk;
pub mod canned;
pub mod conversation;
pub mod customer;
pub mod email;
pub mod jobs;
pub mod list;
pub mod merge;
pub mod questions;
pub mod settings;
pub mod stats;
pub mod support;

use super::{Db, Tx};
use crate::model::sla::SlaState;
use crate::model::ticket::{Channel, Priority, TicketDto, TicketStatus};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub account_owner_id: i64,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub subject: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub priority: Priority,
    #[sqlx(try_from = "String")]
    pub status: TicketStatus,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub sales_order_id: Option<i64>,
    pub sales_order_number: Option<String>,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub contract_id: Option<i64>,
    pub follow_up_of: Option<i64>,
    pub merged_into: Option<i64>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub assignee_email: Option<String>,
    pub resolution_note: Option<String>,
    pub sla_first_response_minutes: i64,
    pub sla_resolution_minutes: i64,
    pub sla_all_day: bool,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub resolution_due_at: Option<DateTime<Utc>>,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub sla_at_risk_at: Option<DateTime<Utc>>,
    pub sla_breached: bool,
    pub queue_key: String,
    pub first_response_breach_marked: bool,
    pub resolution_breach_marked: bool,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub last_customer_reply_at: Option<DateTime<Utc>>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TicketRow {
    /// The SLA state at `now` from the stored clocks (what `model::sla::compute` wrote at the last
    /// change): the instants of a running clock do not move until the status does, so a list can
    /// tell at-risk and breached tickets without reading each one's history.
    pub fn sla_state(&self, now: DateTime<Utc>) -> SlaState {
        let passed = |t: Option<DateTime<Utc>>| t.is_some_and(|t| t <= now);
        if self.sla_breached || passed(self.sla_due_at) {
            SlaState::Breached
        } else if self.status == TicketStatus::Waiting {
            SlaState::Paused
        } else if !self.status.clock_runs() {
            SlaState::Met
        } else if passed(self.sla_at_risk_at) {
            SlaState::AtRisk
        } else {
            SlaState::OnTrack
        }
    }

    pub fn to_dto(&self, now: DateTime<Utc>) -> TicketDto {
        TicketDto {
            id: self.id,
            number: self.number.clone(),
            account_id: self.account_id,
            account_name: self.account_name.clone(),
            contact_id: self.contact_id,
            contact_name: self.contact_name.clone(),
            subject: self.subject.clone(),
            description: self.description.clone(),
            priority: self.priority,
            status: self.status,
            channel: self.channel,
            invoice_id: self.invoice_id,
            invoice_number: self.invoice_number.clone(),
            sales_order_id: self.sales_order_id,
            sales_order_number: self.sales_order_number.clone(),
            product_id: self.product_id,
            product_name: self.product_name.clone(),
            contract_id: self.contract_id,
            follow_up_of: self.follow_up_of,
            merged_into: self.merged_into,
            assignee_id: self.assignee_id,
            assignee_name: self.assignee_name.clone(),
            resolution_note: self.resolution_note.clone(),
            first_response_due_at: self.first_response_due_at,
            resolution_due_at: self.resolution_due_at,
            first_responded_at: self.first_responded_at,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            sla_state: self.sla_state(now).as_str().to_string(),
            sla_due_at: self.sla_due_at,
            rating: self.rating,
            rating_comment: self.rating_comment.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

pub(crate) const SELECT: &str = "SELECT t.id, t.number, t.account_id, a.name AS account_name,
        a.owner_id AS account_owner_id, t.contact_id, c.name AS contact_name, c.email AS contact_email,
        t.subject, t.description, t.priority, t.status, t.channel, t.invoice_id, i.number AS invoice_number,
        t.sales_order_id, o.number AS sales_order_number, t.product_id, p.name AS product_name, t.contract_id,
        t.follow_up_of, t.merged_into, t.assignee_id, u.name AS assignee_name, u.email AS assignee_email,
        t.resolution_note, t.sla_first_response_minutes, t.sla_resolution_minutes, t.sla_all_day,
        t.first_response_due_at, t.resolution_due_at, t.sla_due_at, t.sla_at_risk_at, t.sla_breached, t.queue_key,
        t.first_response_breach_marked, t.resolution_breach_marked, t.first_responded_at, t.resolved_at,
        t.closed_at, t.last_customer_reply_at, t.rating, t.rating_comment, t.created_at, t.updated_at
    FROM tickets t JOIN accounts a ON a.id = t.account_id LEFT JOIN contacts c ON c.id = t.contact_id
        LEFT JOIN invoices i ON i.id = t.invoice_id LEFT JOIN sales_orders o ON o.id = t.sales_order_id
        LEFT JOIN products p ON p.id = t.product_id LEFT JOIN users u ON u.id = t.assignee_id";

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<TicketRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "t.id", id).await
}

/// The ticket for a change in `tx`, locked until it ends, or NotFound.
pub async fn get_locked(tx: &mut Tx, id: i64) -> Result<TicketRow, crate::error::AppError> {
    super::lock_for_update(tx, "tickets", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// A new ticket's columns; the SLA columns are written by `set_sla` right after.
pub struct NewTicket<'a> {
    pub number: &'a str,
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub subject: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub channel: Channel,
    pub invoice_id: Option<i64>,
    pub sales_order_id: Option<i64>,
    pub product_id: Option<i64>,
    pub follow_up_of: Option<i64>,
    pub assignee_id: Option<i64>,
    pub created_by: Option<i64>,
    /// The contract that covers it (its SLA tier may have raised `policy`).
    pub contract_id: Option<i64>,
    pub policy: crate::model::sla::Policy,
    pub at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, t: &NewTicket<'_>) -> Result<i64, sqlx::Error> {
    let q = sqlx::query::<Db>(
        "INSERT INTO tickets (number, account_id, contact_id, subject, description, priority, status, is_open,
            channel, invoice_id, sales_order_id, product_id, follow_up_of, assignee_id, created_by,
            sla_first_response_minutes, sla_resolution_minutes, sla_all_day, queue_key, created_at, updated_at,
            contract_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', TRUE, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)
         RETURNING id",
    )
    .bind(t.number)
    .bind(t.account_id)
    .bind(t.contact_id)
    .bind(t.subject)
    .bind(t.description)
    .bind(t.priority.as_str())
    .bind(t.channel.as_str())
    .bind(t.invoice_id)
    .bind(t.sales_order_id)
    .bind(t.product_id)
    .bind(t.follow_up_of)
    .bind(t.assignee_id)
    .bind(t.created_by)
    .bind(t.policy.first_response_minutes)
    .bind(t.policy.resolution_minutes)
    .bind(t.policy.all_day)
    .bind(NO_DUE_KEY)
    .bind(t.at)
    .bind(t.contract_id);
    super::returning_id(tx, q).await
}

/// The queue key of a ticket no clock runs for: after every due time.
pub const NO_DUE_KEY: &str = "9999-12-31T23:59:59Z";

/// The queues' sort key for a due time: fixed-width UTC text, so text order is time order on both
/// engines and the keyset cursor can carry it.
pub fn queue_key(due: Option<DateTime<Utc>>) -> String {
    due.map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_else(|| NO_DUE_KEY.to_string())
}

/// What a status change writes besides the status: the resolution note and the stamps.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: TicketStatus,
    resolution_note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let resolved = status == TicketStatus::Resolved;
    super::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE tickets SET status = $1, is_open = $2,
                resolution_note = CASE WHEN $3 THEN $4 ELSE resolution_note END,
                resolved_at = CASE WHEN $3 THEN $5 WHEN $1 = 'closed' THEN resolved_at ELSE NULL END,
                closed_at = CASE WHEN $1 = 'closed' THEN $5 ELSE NULL END,
                updated_at = $5
             WHERE id = $6",
        )
        .bind(status.as_str())
        .bind(status.is_open())
        .bind(resolved)
        .bind(resolution_note)
        .bind(at)
        .bind(id),
    )
    .await
}

/// The clocks as `model::sla::compute` gave them.
pub async fn set_sla(tx: &mut Tx, id: i64, sla: &crate::model::sla::Sla) -> Result<(), sqlx::Error> {
    let breached = [sla.first_response.state, sla.resolution.state].contains(&SlaState::Breached);
    super::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE tickets SET first_response_due_at = $1, resolution_due_at = $2, sla_due_at = $3,
                sla_at_risk_at = $4, sla_breached = $5, queue_key = $6 WHERE id = $7",
        )
        .bind(sla.first_response.due_at)
        .bind(sla.resolution.due_at)
        .bind(sla.next_due_at)
        .bind(sla.next_at_risk_at)
        .bind(breached)
        .bind(queue_key(sla.next_due_at))
        .bind(id),
    )
    .await
}

/// The fields an edit changes (priority has `set_priority`, which brings its policy).
pub async fn update(tx: &mut Tx, id: i64, t: &crate::model::ticket::TicketInput) -> Result<(), sqlx::Error> {
    super::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE tickets SET contact_id = $1, subject = $2, description = $3, invoice_id = $4, sales_order_id = $5,
                product_id = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(t.contact_id)
        .bind(&t.subject)
        .bind(&t.description)
        .bind(t.invoice_id)
        .bind(t.sales_order_id)
        .bind(t.product_id)
        .bind(Utc::now())
        .bind(id),
    )
    .await
}

/// A new priority and the policy that comes with it.
pub async fn set_priority(
    tx: &mut Tx,
    id: i64,
    priority: Priority,
    policy: &crate::model::sla::Policy,
) -> Result<(), sqlx::Error> {
    super::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE tickets SET priority = $1, sla_first_response_minutes = $2, sla_resolution_minutes = $3,
                sla_all_day = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(priority.as_str())
        .bind(policy.first_response_minutes)
        .bind(policy.resolution_minutes)
        .bind(policy.all_day)
        .bind(Utc::now())
        .bind(id),
    )
    .await
}

pub async fn set_assignee(tx: &mut Tx, id: i64, assignee_id: Option<i64>) -> Result<(), sqlx::Error> {
    super::set_column(tx, "tickets", "assignee_id", id, assignee_id).await
}

/// Stamps the first public reply by an employee (only the first one counts).
pub async fn mark_first_response(tx: &mut Tx, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    super::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE tickets SET first_responded_at = $1, updated_at = $1 WHERE id = $2 AND first_responded_at IS NULL",
        )
        .bind(at)
        .bind(id),
    )
    .await
}

/// Stamps a customer's reply (the auto-close job counts days from the resolution or from it).
pub async fn mark_customer_reply(tx: &mut Tx, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    super::run(
        tx,
        sqlx::query::<Db>("UPDATE tickets SET last_customer_reply_at = $1, updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id),
    )
    .await
}
