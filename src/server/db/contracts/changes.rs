//! SQL for changes within a term: one row per change with its proration and the prorated invoice
//! and credit note it produced, and the term's amount moved by the change.
use crate::server::db::{Db, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct ChangeRow {
    pub id: i64,
    pub term_id: i64,
    pub term_number: i64,
    pub effective_date: NaiveDate,
    pub remaining_days: i64,
    pub term_days: i64,
    pub net_minor: i64,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub credit_note_id: Option<i64>,
    pub credit_note_number: Option<String>,
    pub summary: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The contract's changes, oldest first.
pub async fn for_contract<'e>(
    ex: impl crate::server::db::Executor<'e>,
    contract_id: i64,
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as::<Db, ChangeRow>(
        "SELECT ch.id, ch.term_id, t.number AS term_number, ch.effective_date, ch.remaining_days, ch.term_days,
            ch.net_minor, ch.invoice_id, i.number AS invoice_number, ch.credit_note_id, cn.number AS credit_note_number,
            ch.summary, u.name AS created_by_name, ch.created_at
         FROM contract_changes ch JOIN contract_terms t ON t.id = ch.term_id
            LEFT JOIN invoices i ON i.id = ch.invoice_id LEFT JOIN credit_notes cn ON cn.id = ch.credit_note_id
            LEFT JOIN users u ON u.id = ch.created_by
         WHERE ch.contract_id = $1 ORDER BY ch.id",
    )
    .bind(contract_id)
    .fetch_all(ex)
    .await
}

pub struct NewChange<'a> {
    pub contract_id: i64,
    pub term_id: i64,
    pub effective_date: NaiveDate,
    pub remaining_days: i64,
    pub term_days: i64,
    pub net_minor: i64,
    pub invoice_id: Option<i64>,
    pub credit_note_id: Option<i64>,
    pub summary: &'a str,
    pub created_by: i64,
}

pub async fn insert(tx: &mut Tx, c: &NewChange<'_>) -> Result<i64, sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO contract_changes (contract_id, term_id, effective_date, remaining_days, term_days, net_minor,
            invoice_id, credit_note_id, summary, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(c.contract_id)
    .bind(c.term_id)
    .bind(c.effective_date)
    .bind(c.remaining_days)
    .bind(c.term_days)
    .bind(c.net_minor)
    .bind(c.invoice_id)
    .bind(c.credit_note_id)
    .bind(c.summary)
    .bind(c.created_by)
    .bind(Utc::now());
    crate::server::db::returning_id(tx, q).await
}

/// Moves a term's amount by a change's prorated totals (minor units; negative for a credit).
pub async fn add_to_term(tx: &mut Tx, term_id: i64, by: super::Totals) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE contract_terms SET subtotal_minor = subtotal_minor + $1, tax_total_minor = tax_total_minor + $2,
            total_minor = total_minor + $3 WHERE id = $4",
    )
    .bind(by.0)
    .bind(by.1)
    .bind(by.2)
    .bind(term_id);
    crate::server::db::run(tx, q).await
}
