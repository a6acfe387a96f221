//! SQL for money as accounts and the dashboard see it: refunds of a payment, an account's credit
//! and statement ledger, and cash received by month.
use crate::server::db::{Db, Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub refunded_on: NaiveDate,
    pub amount_minor: i64,
    pub reason: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn refunds(pool: &Pool, payment_id: i64) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as::<Db, RefundRow>(
        "SELECT r.id, r.refunded_on, r.amount_minor, r.reason, u.name AS created_by_name, r.created_at
         FROM payment_refunds r LEFT JOIN users u ON u.id = r.created_by WHERE r.payment_id = $1 ORDER BY r.id",
    )
    .bind(payment_id)
    .fetch_all(pool)
    .await
}

pub async fn insert_refund(
    tx: &mut Tx,
    payment_id: i64,
    on: NaiveDate,
    amount: i64,
    reason: &str,
    by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO payment_refunds (payment_id, refunded_on, amount_minor, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(payment_id)
    .bind(on)
    .bind(amount)
    .bind(reason)
    .bind(by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// The account's credit per currency: arrived money not allocated and not refunded.
pub async fn credit_of_account(pool: &Pool, account_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64)>(
        "SELECT currency, CAST(COALESCE(SUM(amount_minor - refunded_minor - allocated_minor), 0) AS BIGINT)
         FROM payments WHERE account_id = $1 AND status IN ('completed', 'partially_refunded')
         GROUP BY currency HAVING SUM(amount_minor - refunded_minor - allocated_minor) > 0 ORDER BY currency",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await
}

/// Cash received per month and currency since `from`: (YYYY-MM, currency, minor units), net of refunds.
pub async fn received_by_month(pool: &Pool, from: NaiveDate) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let month =
        if cfg!(feature = "postgres") { "to_char(received_on, 'YYYY-MM')" } else { "strftime('%Y-%m', received_on)" };
    sqlx::query_as::<Db, (String, String, i64)>(&format!(
        "SELECT {month} AS month, currency, CAST(SUM(amount_minor - refunded_minor) AS BIGINT) FROM payments
         WHERE status IN ('completed', 'partially_refunded', 'refunded') AND received_on >= $1
         GROUP BY month, currency ORDER BY month, currency"
    ))
    .bind(from)
    .fetch_all(pool)
    .await
}

/// One movement on an account's ledger: (date, kind, document number, minor units; + charges the
/// customer, − credits them).
pub type LedgerRow = (NaiveDate, String, String, i64);

/// Every movement of an account in one currency: issued invoices (not void), credit notes, arrived
/// payments and their refunds, oldest first.
pub async fn ledger(pool: &Pool, account_id: i64, currency: &str) -> Result<Vec<LedgerRow>, sqlx::Error> {
    sqlx::query_as::<Db, LedgerRow>(
        "SELECT issue_date AS day, 'invoice' AS kind, number AS doc, total_minor AS amount FROM invoices
            WHERE account_id = $1 AND currency = $2 AND number IS NOT NULL AND status <> 'void'
         UNION ALL
         SELECT issue_date, 'credit_note', number, -total_minor FROM credit_notes WHERE account_id = $1 AND currency = $2
         UNION ALL
         SELECT received_on, 'payment', number, -amount_minor FROM payments
            WHERE account_id = $1 AND currency = $2 AND status IN ('completed', 'partially_refunded', 'refunded')
         UNION ALL
         SELECT r.refunded_on, 'refund', p.number, r.amount_minor FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
            WHERE p.account_id = $1 AND p.currency = $2
         ORDER BY day, kind, doc",
    )
    .bind(account_id)
    .bind(currency)
    .fetch_all(pool)
    .await
}
