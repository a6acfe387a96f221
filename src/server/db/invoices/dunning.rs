//! SQL for the dunning job and the customer's questions: invoices newly overdue, reminders due
//! and claimed once per step, and disputes raised and resolved.
use crate::server::db::{Db, Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

/// Open invoices that passed their due date with a balance (`status` still issued, sent or
/// partially paid): (id, status).
pub async fn newly_overdue(pool: &Pool, today: NaiveDate) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM invoices WHERE status IN ('issued', 'sent', 'partially_paid') AND balance_minor > 0
            AND due_date < $1 ORDER BY id",
    )
    .bind(today)
    .fetch_all(pool)
    .await
}

/// Open, undisputed invoices with a balance whose reminder window has begun (due on or before
/// `until`): (id, due date).
pub async fn reminder_candidates(pool: &Pool, until: NaiveDate) -> Result<Vec<(i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, NaiveDate)>(
        "SELECT id, due_date FROM invoices WHERE status IN ('issued', 'sent', 'overdue', 'partially_paid')
            AND balance_minor > 0 AND disputed = FALSE AND due_date IS NOT NULL AND due_date <= $1 ORDER BY id",
    )
    .bind(until)
    .fetch_all(pool)
    .await
}

/// The customer-link dispute questions of an invoice, newest first.
#[derive(Clone, Debug, FromRow)]
pub struct DisputeRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by_name: Option<String>,
    pub resolution: Option<String>,
}

pub async fn disputes(pool: &Pool, invoice_id: i64) -> Result<Vec<DisputeRow>, sqlx::Error> {
    sqlx::query_as::<Db, DisputeRow>(
        "SELECT d.id, d.name, d.email, d.message, d.created_at, d.resolved_at, u.name AS resolved_by_name, d.resolution
         FROM invoice_disputes d LEFT JOIN users u ON u.id = d.resolved_by WHERE d.invoice_id = $1 ORDER BY d.id DESC",
    )
    .bind(invoice_id)
    .fetch_all(pool)
    .await
}

pub async fn insert_dispute(
    tx: &mut Tx,
    invoice_id: i64,
    name: &str,
    email: &str,
    message: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO invoice_disputes (invoice_id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(invoice_id)
    .bind(name)
    .bind(email)
    .bind(message)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// Resolves the open questions of an invoice; returns how many there were.
pub async fn resolve_disputes(tx: &mut Tx, invoice_id: i64, by: i64, resolution: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invoice_disputes SET resolved_at = $1, resolved_by = $2, resolution = $3
         WHERE invoice_id = $4 AND resolved_at IS NULL",
    )
    .bind(Utc::now())
    .bind(by)
    .bind(resolution)
    .bind(invoice_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// The reminder steps already sent for an invoice.
pub async fn reminder_steps(pool: &Pool, invoice_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT step FROM invoice_reminders WHERE invoice_id = $1")
        .bind(invoice_id)
        .fetch_all(pool)
        .await
}

/// Claims a reminder step in the caller's transaction: false when it was already claimed (by an
/// earlier run or by another instance at the same time), so each step is sent at most once.
pub async fn claim_reminder(tx: &mut Tx, invoice_id: i64, step: i64) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query(
        "INSERT INTO invoice_reminders (invoice_id, step, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (invoice_id, step) DO NOTHING",
    )
    .bind(invoice_id)
    .bind(step)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(rows == 1)
}

pub async fn set_reminder_outbox(tx: &mut Tx, invoice_id: i64, step: i64, outbox_id: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE invoice_reminders SET outbox_id = $1 WHERE invoice_id = $2 AND step = $3")
        .bind(outbox_id)
        .bind(invoice_id)
        .bind(step);
    crate::server::db::run(tx, q).await
}
