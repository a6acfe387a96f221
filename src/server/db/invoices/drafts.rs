//! SQL for an invoice's writes: drafts (insert, update, delete), issuing (number, dates, address),
//! and the status and balance later changes set; its lines.
use crate::server::db::lines::{LineRow, LineTable, COLUMNS};
use crate::server::db::{Db, Query, Tx};
use chrono::{NaiveDate, Utc};
use sqlx::FromRow;

/// A draft's header as stored.
pub struct Draft<'a> {
    pub account_id: i64,
    pub sales_order_id: Option<i64>,
    pub owner_id: i64,
    pub currency: &'a str,
    pub due_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: &'a str,
    pub customer_reference: &'a str,
    pub notes: &'a str,
    pub terms_text: &'a str,
}

/// Totals in minor units: (subtotal, tax total, total).
pub type Totals = (i64, i64, i64);

pub async fn insert_draft(tx: &mut Tx, d: &Draft<'_>, t: Totals) -> Result<i64, sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO invoices (account_id, sales_order_id, owner_id, status, currency, due_date, payment_terms_days,
            billing_address, customer_reference, notes, terms_text, subtotal_minor, tax_total_minor, total_minor,
            balance_minor, created_at, updated_at)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $14) RETURNING id",
    )
    .bind(d.account_id)
    .bind(d.sales_order_id)
    .bind(d.owner_id)
    .bind(d.currency);
    crate::server::db::returning_id(tx, bind_editable(q, d, t).bind(Utc::now())).await
}

/// Binds what a draft's insert and update share, in their column order: the due date through the
/// terms text, then subtotal, tax total and total.
fn bind_editable<'q>(q: Query<'q>, d: &Draft<'q>, t: Totals) -> Query<'q> {
    q.bind(d.due_date)
        .bind(d.payment_terms_days)
        .bind(d.billing_address)
        .bind(d.customer_reference)
        .bind(d.notes)
        .bind(d.terms_text)
        .bind(t.0)
        .bind(t.1)
        .bind(t.2)
}

pub async fn update_draft(tx: &mut Tx, id: i64, d: &Draft<'_>, t: Totals) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE invoices SET owner_id = $1, due_date = $2, payment_terms_days = $3, billing_address = $4,
            customer_reference = $5, notes = $6, terms_text = $7, subtotal_minor = $8, tax_total_minor = $9,
            total_minor = $10, balance_minor = $10, updated_at = $11
         WHERE id = $12 AND status = 'draft'",
    )
    .bind(d.owner_id);
    bind_editable(q, d, t).bind(Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}

/// Deletes a draft and its lines (drafts have no number, so nothing is lost from the series).
pub async fn delete_draft(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM invoices WHERE id = $1 AND status = 'draft'").bind(id).execute(&mut **tx).await.map(|_| ())
}

/// Freezes a draft as issued: its number, dates and billing address.
pub async fn issue(
    tx: &mut Tx,
    id: i64,
    number: &str,
    status: &str,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    billing_address: &str,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE invoices SET number = $1, status = $2, issue_date = $3, due_date = $4, billing_address = $5,
            updated_at = $6
         WHERE id = $7 AND status = 'draft'",
    )
    .bind(number)
    .bind(status)
    .bind(issue_date)
    .bind(due_date)
    .bind(billing_address)
    .bind(Utc::now())
    .bind(id);
    crate::server::db::run(tx, q).await
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "invoices", "status", id, status.to_string()).await
}

pub async fn mark_sent(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let q = sqlx::query("UPDATE invoices SET status = $1, sent_at = $2, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id);
    crate::server::db::run(tx, q).await
}

pub async fn mark_void(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let q = sqlx::query(
        "UPDATE invoices SET status = 'void', voided_at = $1, balance_minor = 0, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id);
    crate::server::db::run(tx, q).await
}

/// Writes the balance's parts and the status they give.
pub async fn set_amounts(tx: &mut Tx, id: i64, credited: i64, paid: i64, status: &str) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE invoices SET credited_minor = $1, paid_minor = $2, balance_minor = total_minor - $1 - $2, status = $3,
            updated_at = $4
         WHERE id = $5",
    )
    .bind(credited)
    .bind(paid)
    .bind(status)
    .bind(Utc::now())
    .bind(id);
    crate::server::db::run(tx, q).await
}

/// Where invoices keep their lines; each may name the order line it invoices.
pub const LINES: LineTable =
    LineTable { table: "invoice_lines", parent: "invoice_id", link: Some("sales_order_line_id") };

#[derive(Clone, Debug, FromRow)]
pub struct InvoiceLineRow {
    #[sqlx(flatten)]
    pub line: LineRow,
    pub sales_order_line_id: Option<i64>,
}

pub async fn lines<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Vec<InvoiceLineRow>, sqlx::Error> {
    sqlx::query_as::<Db, InvoiceLineRow>(&format!(
        "SELECT {COLUMNS}, sales_order_line_id FROM invoice_lines WHERE invoice_id = $1 ORDER BY position, id"
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}
