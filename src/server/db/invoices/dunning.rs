//! SQL for the dunning job: invoices newly overdue, and reminders due (skipping questioned
//! invoices, see `db::tickets::questions`) and claimed once per step.
use crate::server::db::{Db, Pool, Tx};
use chrono::{NaiveDate, Utc};

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
