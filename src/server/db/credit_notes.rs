//! SQL for credit notes and their lines (each may name the invoice line it credits).
use super::lines::{LineRow, LineTable, COLUMNS};
use super::{Db, Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct CreditNoteRow {
    pub id: i64,
    pub number: String,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub subtotal_minor: i64,
    pub tax_total_minor: i64,
    pub total_minor: i64,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT c.id, c.number, c.invoice_id, i.number AS invoice_number, c.account_id,
        a.name AS account_name, c.currency, c.issue_date, c.reason, c.subtotal_minor, c.tax_total_minor,
        c.total_minor, u.name AS created_by_name, c.created_at
    FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id JOIN accounts a ON a.id = c.account_id
        LEFT JOIN users u ON u.id = c.created_by";

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<CreditNoteRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "c.id", id).await
}

/// The credit note for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<CreditNoteRow, crate::error::AppError> {
    super::lock_for_update(tx, "credit_notes", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

pub async fn for_invoice<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    invoice_id: i64,
) -> Result<Vec<CreditNoteRow>, sqlx::Error> {
    sqlx::query_as::<Db, CreditNoteRow>(&format!("{SELECT} WHERE c.invoice_id = $1 ORDER BY c.id"))
        .bind(invoice_id)
        .fetch_all(ex)
        .await
}

/// Newest first, at most `limit`, after `before_id` when given (the REST list's cursor).
pub async fn page(
    pool: &Pool,
    invoice_id: Option<i64>,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<CreditNoteRow>, sqlx::Error> {
    sqlx::query_as::<Db, CreditNoteRow>(&format!(
        "{SELECT} WHERE ($1 IS NULL OR c.invoice_id = $1) AND ($2 IS NULL OR c.id < $2) ORDER BY c.id DESC LIMIT $3"
    ))
    .bind(invoice_id)
    .bind(before_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub struct NewCreditNote<'a> {
    pub number: &'a str,
    pub invoice_id: i64,
    pub account_id: i64,
    pub currency: &'a str,
    pub issue_date: NaiveDate,
    pub reason: &'a str,
    pub totals: (i64, i64, i64),
    pub created_by: i64,
}

pub async fn insert(tx: &mut Tx, c: &NewCreditNote<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO credit_notes (number, invoice_id, account_id, currency, issue_date, reason, subtotal_minor,
            tax_total_minor, total_minor, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(c.number)
    .bind(c.invoice_id)
    .bind(c.account_id)
    .bind(c.currency)
    .bind(c.issue_date)
    .bind(c.reason)
    .bind(c.totals.0)
    .bind(c.totals.1)
    .bind(c.totals.2)
    .bind(c.created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// Where credit notes keep their lines; each may name the invoice line it credits.
pub const LINES: LineTable =
    LineTable { table: "credit_note_lines", parent: "credit_note_id", link: Some("invoice_line_id") };

#[derive(Clone, Debug, FromRow)]
pub struct CreditLineRow {
    #[sqlx(flatten)]
    pub line: LineRow,
    pub invoice_line_id: Option<i64>,
}

pub async fn lines<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Vec<CreditLineRow>, sqlx::Error> {
    sqlx::query_as::<Db, CreditLineRow>(&format!(
        "SELECT {COLUMNS}, invoice_line_id FROM credit_note_lines WHERE credit_note_id = $1 ORDER BY position, id"
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}

/// The quantities credit notes took back from an invoice's lines: (invoice line id, quantity).
pub async fn credited_quantities<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    invoice_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String)>(
        "SELECT l.invoice_line_id, l.quantity FROM credit_note_lines l JOIN credit_notes c ON c.id = l.credit_note_id
         WHERE c.invoice_id = $1 AND l.invoice_line_id IS NOT NULL",
    )
    .bind(invoice_id)
    .fetch_all(ex)
    .await
}
