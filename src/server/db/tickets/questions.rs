//! SQL for tickets about invoices: the invoice's `disputed` flag kept equal to "an open ticket is
//! linked to it" (what pauses its reminders), the tickets of one invoice, and the questions asked
//! before invoice questions were tickets (`invoice_disputes`), each turned into a ticket once.
use super::{TicketRow, SELECT};
use crate::server::db::{Db, Executor, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// Sets the invoice's `disputed` flag from its tickets, in the transaction that changed them.
pub async fn sync_disputed(tx: &mut Tx, invoice_id: i64) -> Result<(), sqlx::Error> {
    crate::server::db::run(
        tx,
        sqlx::query::<Db>(
            "UPDATE invoices SET disputed = EXISTS (
                 SELECT 1 FROM tickets t WHERE t.invoice_id = invoices.id AND t.is_open = TRUE)
             WHERE id = $1",
        )
        .bind(invoice_id),
    )
    .await
}

/// The tickets linked to an invoice, newest first.
pub async fn for_invoice<'e>(ex: impl Executor<'e>, invoice_id: i64) -> Result<Vec<TicketRow>, sqlx::Error> {
    sqlx::query_as::<Db, TicketRow>(&format!("{SELECT} WHERE t.invoice_id = $1 ORDER BY t.id DESC"))
        .bind(invoice_id)
        .fetch_all(ex)
        .await
}

/// The ids of the open tickets linked to an invoice, oldest first.
pub async fn open_for_invoice(tx: &mut Tx, invoice_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM tickets WHERE invoice_id = $1 AND is_open = TRUE ORDER BY id")
        .bind(invoice_id)
        .fetch_all(&mut **tx)
        .await
}

/// A question from before tickets, not yet a ticket.
#[derive(Clone, Debug, FromRow)]
pub struct LegacyQuestion {
    pub id: i64,
    pub invoice_id: i64,
    pub account_id: i64,
    pub invoice_number: Option<String>,
    pub name: String,
    pub email: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<i64>,
    pub resolution: Option<String>,
}

pub async fn legacy(pool: &Pool) -> Result<Vec<LegacyQuestion>, sqlx::Error> {
    sqlx::query_as::<Db, LegacyQuestion>(
        "SELECT d.id, d.invoice_id, i.account_id, i.number AS invoice_number, d.name, d.email, d.message,
                d.created_at, d.resolved_at, d.resolved_by, d.resolution
         FROM invoice_disputes d JOIN invoices i ON i.id = d.invoice_id
         WHERE d.ticket_id IS NULL ORDER BY d.id",
    )
    .fetch_all(pool)
    .await
}

/// Records which ticket a legacy question became; false when another runner did it first (its
/// transaction then rolls back, so each question becomes one ticket).
pub async fn claim_legacy(tx: &mut Tx, question_id: i64, ticket_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query::<Db>("UPDATE invoice_disputes SET ticket_id = $1 WHERE id = $2 AND ticket_id IS NULL")
        .bind(ticket_id)
        .bind(question_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
