//! SQL for matching: the stored candidates of statement lines, and the open invoices and
//! unreconciled payments the matcher searches.
use crate::server::db::{Db, Pool, Tx};
use chrono::NaiveDate;
use sqlx::{FromRow, QueryBuilder};

/// A stored candidate (rank 0 is the best).
pub struct NewCandidate {
    pub line_id: i64,
    pub rank: i64,
    pub kind: &'static str,
    pub target_id: i64,
    pub score: i64,
    pub reasons: String,
}

/// Replaces the stored candidates of `line_ids` with `rows`.
pub async fn replace_candidates(tx: &mut Tx, line_ids: &[i64], rows: &[NewCandidate]) -> Result<(), sqlx::Error> {
    for chunk in line_ids.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new("DELETE FROM bank_line_candidates WHERE line_id IN (");
        let mut sep = qb.separated(", ");
        for id in chunk {
            sep.push_bind(*id);
        }
        qb.push(")");
        qb.build().execute(&mut **tx).await?;
    }
    for chunk in rows.chunks(1000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO bank_line_candidates (line_id, rank, kind, target_id, score, reasons) ",
        );
        qb.push_values(chunk, |mut b, c| {
            b.push_bind(c.line_id)
                .push_bind(c.rank)
                .push_bind(c.kind)
                .push_bind(c.target_id)
                .push_bind(c.score)
                .push_bind(c.reasons.clone());
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct CandidateRow {
    pub line_id: i64,
    pub rank: i64,
    pub kind: String,
    pub target_id: i64,
    pub score: i64,
    pub reasons: String,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub amount_minor: i64,
    pub currency: String,
}

/// The stored candidates of `line_ids` (ranks below `max_rank`), with their document's number,
/// account and what is open on it now.
pub async fn candidates_of_lines(
    pool: &Pool,
    line_ids: &[i64],
    max_rank: i64,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    if line_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT c.line_id, c.rank, c.kind, c.target_id, c.score, c.reasons,
            COALESCE(i.number, p.number, '') AS number, COALESCE(i.account_id, p.account_id) AS account_id,
            a.name AS account_name,
            CASE WHEN c.kind = 'invoice' THEN i.balance_minor ELSE p.amount_minor END AS amount_minor,
            COALESCE(i.currency, p.currency) AS currency
         FROM bank_line_candidates c
         LEFT JOIN invoices i ON c.kind = 'invoice' AND i.id = c.target_id
         LEFT JOIN payments p ON c.kind = 'payment' AND p.id = c.target_id
         JOIN accounts a ON a.id = COALESCE(i.account_id, p.account_id)
         WHERE c.rank < ",
    );
    qb.push_bind(max_rank).push(" AND c.line_id IN (");
    let mut sep = qb.separated(", ");
    for id in line_ids {
        sep.push_bind(*id);
    }
    qb.push(") ORDER BY c.line_id, c.rank");
    qb.build_query_as().fetch_all(pool).await
}

/// What matching searches: open invoices in a currency with their open balance.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct InvoiceTargetRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub balance_minor: i64,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
}

/// Every open invoice of the currency (read as one JSON row: there may be a million).
pub async fn open_invoice_targets(pool: &Pool, currency: &str) -> Result<Vec<InvoiceTargetRow>, sqlx::Error> {
    crate::server::db::fetch_json_rows(
        pool,
        "i.id, i.number, i.account_id, a.name, i.balance_minor, i.issue_date, i.due_date",
        "FROM invoices i JOIN accounts a ON a.id = i.account_id
         WHERE i.status IN ('issued', 'sent', 'overdue', 'partially_paid') AND i.currency = $1 AND i.balance_minor > 0
           AND i.number IS NOT NULL AND i.issue_date IS NOT NULL",
        currency,
    )
    .await
}

/// What matching searches: payments not yet reconciled that brought money (refunds leave by
/// their own line) or may still bring it (pending).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct PaymentTargetRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub amount_minor: i64,
    pub received_on: NaiveDate,
    pub transfer_reference: String,
    pub cheque_number: String,
    pub card_reference: String,
    pub reference: String,
}

/// Every unreconciled payment of the currency (one JSON row, as above).
pub async fn unreconciled_payment_targets(pool: &Pool, currency: &str) -> Result<Vec<PaymentTargetRow>, sqlx::Error> {
    crate::server::db::fetch_json_rows(
        pool,
        "p.id, p.number, p.account_id, a.name, p.amount_minor, p.received_on,
         p.transfer_reference, p.cheque_number, p.card_reference, p.reference",
        "FROM payments p JOIN accounts a ON a.id = p.account_id
         WHERE p.reconciled = FALSE AND p.status <> 'failed' AND p.currency = $1",
        currency,
    )
    .await
}

/// Count and sum of received payments in `currency` no statement line has explained yet (the
/// whole amount: a refund leaves the bank as its own line).
pub async fn unreconciled_payment_totals(pool: &Pool, currency: &str) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments
         WHERE reconciled = FALSE AND status IN ('completed', 'partially_refunded', 'refunded') AND currency = $1",
    )
    .bind(currency)
    .fetch_one(pool)
    .await
}
