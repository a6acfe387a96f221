//! SQL for a contract's terms: one row per term (claimed by its number), the lines and prices each
//! term was renewed with, and the invoice of each billing period (one per term and period).
use super::Totals;
use crate::model::contract::{TermOrigin, TermOutcome};
use crate::server::db::lines::LineTable;
use crate::server::db::{Db, Tx};
use chrono::{NaiveDate, Utc};
use sqlx::FromRow;

/// Where each term keeps the lines and prices it was renewed with.
pub const LINES: LineTable = LineTable { table: "contract_term_lines", parent: "term_id", link: None };

#[derive(Clone, Debug, FromRow)]
pub struct TermRow {
    pub id: i64,
    pub contract_id: i64,
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub uplift_percent: String,
    pub subtotal_minor: i64,
    pub tax_total_minor: i64,
    pub total_minor: i64,
    #[sqlx(try_from = "String")]
    pub origin: TermOrigin,
    pub outcome: Option<String>,
}

impl TermRow {
    pub fn outcome(&self) -> Option<TermOutcome> {
        self.outcome.as_deref().and_then(|o| TermOutcome::parse(o).ok())
    }
}

const TERM_COLUMNS: &str = "id, contract_id, number, start_date, end_date, uplift_percent, subtotal_minor,
    tax_total_minor, total_minor, origin, outcome";

/// The contract's terms, first to last.
pub async fn for_contract<'e>(
    ex: impl crate::server::db::Executor<'e>,
    contract_id: i64,
) -> Result<Vec<TermRow>, sqlx::Error> {
    sqlx::query_as::<Db, TermRow>(&format!(
        "SELECT {TERM_COLUMNS} FROM contract_terms WHERE contract_id = $1 ORDER BY number"
    ))
    .bind(contract_id)
    .fetch_all(ex)
    .await
}

pub struct NewTerm<'a> {
    pub contract_id: i64,
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub uplift_percent: &'a str,
    pub totals: Totals,
    pub origin: TermOrigin,
    /// How it ended, when it is entered already ended (history).
    pub outcome: Option<TermOutcome>,
    pub created_by: Option<i64>,
}

/// Inserts the term unless the contract has one of that number (the claim a racing renewal
/// loses): the new id, or None.
pub async fn insert(tx: &mut Tx, t: &NewTerm<'_>) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO contract_terms (contract_id, number, start_date, end_date, uplift_percent, subtotal_minor,
            tax_total_minor, total_minor, origin, outcome, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (contract_id, number) DO NOTHING RETURNING id",
    )
    .bind(t.contract_id)
    .bind(t.number)
    .bind(t.start_date)
    .bind(t.end_date)
    .bind(t.uplift_percent)
    .bind(t.totals.0)
    .bind(t.totals.1)
    .bind(t.totals.2)
    .bind(t.origin.as_str())
    .bind(t.outcome.map(TermOutcome::as_str))
    .bind(t.created_by)
    .bind(Utc::now())
    .fetch_optional(&mut **tx)
    .await
}

/// One billing period's invoice, with the invoice's number, status and total.
#[derive(Clone, Debug, FromRow)]
pub struct PeriodInvoiceRow {
    pub term_id: i64,
    pub period: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub invoice_id: i64,
    pub invoice_number: Option<String>,
    pub invoice_status: String,
    pub total_minor: i64,
}

/// Every period invoice of the contract's terms, in term and period order.
pub async fn period_invoices<'e>(
    ex: impl crate::server::db::Executor<'e>,
    contract_id: i64,
) -> Result<Vec<PeriodInvoiceRow>, sqlx::Error> {
    sqlx::query_as::<Db, PeriodInvoiceRow>(
        "SELECT ci.term_id, ci.period, ci.period_start, ci.period_end, ci.invoice_id, i.number AS invoice_number,
            i.status AS invoice_status, i.total_minor
         FROM contract_invoices ci JOIN contract_terms t ON t.id = ci.term_id JOIN invoices i ON i.id = ci.invoice_id
         WHERE t.contract_id = $1 ORDER BY t.number, ci.period",
    )
    .bind(contract_id)
    .fetch_all(ex)
    .await
}

/// Links a period's invoice to its term. The key (term, period) refuses a second invoice.
pub async fn insert_period_invoice(
    tx: &mut Tx,
    term_id: i64,
    period: i64,
    start: NaiveDate,
    end: NaiveDate,
    invoice_id: i64,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO contract_invoices (term_id, period, period_start, period_end, invoice_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(term_id)
    .bind(period)
    .bind(start)
    .bind(end)
    .bind(invoice_id);
    crate::server::db::run(tx, q).await
}

/// Sets how term `number` of the contract ended.
pub async fn set_outcome(tx: &mut Tx, contract_id: i64, number: i64, outcome: TermOutcome) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE contract_terms SET outcome = $1 WHERE contract_id = $2 AND number = $3")
        .bind(outcome.as_str())
        .bind(contract_id)
        .bind(number);
    crate::server::db::run(tx, q).await
}
