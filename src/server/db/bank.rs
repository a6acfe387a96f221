//! SQL for bank reconciliation: bank accounts and their CSV layouts, statements, statement lines,
//! their stored candidates, the payments lines were matched to, and what matching searches.
use super::{Db, Pool, Tx};
use crate::model::bank::{AmountColumns, BankAccountInput, LineStatus, StatementStatus};
use crate::model::money::Currency;
use crate::server::service::bank::statement_csv::ParsedLine;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};
use std::collections::HashSet;

#[derive(Clone, Debug, FromRow)]
pub struct BankAccountRow {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub iban: String,
    pub date_column: String,
    pub amount_column: String,
    pub debit_column: String,
    pub credit_column: String,
    pub description_column: String,
    pub counterparty_column: String,
    pub reference_column: String,
    pub date_format: String,
    pub decimal_comma: bool,
    pub delimiter: String,
    pub unmatched_lines: i64,
}

const ACCOUNT_SELECT: &str = "SELECT b.id, b.name, b.currency, b.iban, b.date_column, b.amount_column, b.debit_column,
        b.credit_column, b.description_column, b.counterparty_column, b.reference_column, b.date_format,
        b.decimal_comma, b.delimiter,
        CAST((SELECT COUNT(*) FROM bank_statement_lines l WHERE l.bank_account_id = b.id AND l.status = 'unmatched') AS BIGINT)
            AS unmatched_lines
    FROM bank_accounts b";

pub async fn accounts(pool: &Pool) -> Result<Vec<BankAccountRow>, sqlx::Error> {
    sqlx::query_as::<Db, BankAccountRow>(&format!("{ACCOUNT_SELECT} ORDER BY b.name")).fetch_all(pool).await
}

pub async fn account_by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<BankAccountRow>, sqlx::Error> {
    sqlx::query_as::<Db, BankAccountRow>(&format!("{ACCOUNT_SELECT} WHERE b.id = $1")).bind(id).fetch_optional(ex).await
}

/// The bank account for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked_account(tx: &mut super::Tx, id: i64) -> Result<BankAccountRow, crate::error::AppError> {
    super::lock_for_update(tx, "bank_accounts", id).await?;
    account_by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// Inserts (`id` None) or updates a bank account; returns its id.
pub async fn save_account(tx: &mut Tx, id: Option<i64>, a: &BankAccountInput) -> Result<i64, sqlx::Error> {
    let (amount, debit, credit) = match &a.layout.amount {
        AmountColumns::Signed(c) => (c.as_str(), "", ""),
        AmountColumns::DebitCredit { debit, credit } => ("", debit.as_str(), credit.as_str()),
    };
    let sql = match id {
        None => {
            "INSERT INTO bank_accounts (name, currency, iban, date_column, amount_column, debit_column, credit_column,
                description_column, counterparty_column, reference_column, date_format, decimal_comma, delimiter,
                created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id"
        }
        Some(_) => {
            "UPDATE bank_accounts SET name = $1, currency = $2, iban = $3, date_column = $4, amount_column = $5,
                debit_column = $6, credit_column = $7, description_column = $8, counterparty_column = $9,
                reference_column = $10, date_format = $11, decimal_comma = $12, delimiter = $13, updated_at = $14
             WHERE id = $15 RETURNING id"
        }
    };
    sqlx::query_scalar::<Db, i64>(sql)
        .bind(&a.name)
        .bind(a.currency.code())
        .bind(&a.iban)
        .bind(&a.layout.date)
        .bind(amount)
        .bind(debit)
        .bind(credit)
        .bind(&a.layout.description)
        .bind(&a.layout.counterparty)
        .bind(&a.layout.reference)
        .bind(a.layout.date_format.pattern())
        .bind(a.layout.decimal_comma)
        .bind(a.layout.delimiter_name())
        .bind(Utc::now())
        .bind(id.unwrap_or(0))
        .fetch_one(&mut **tx)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct StatementRow {
    pub id: i64,
    pub bank_account_id: i64,
    pub bank_account_name: String,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub file_name: String,
    #[sqlx(try_from = "String")]
    pub status: StatementStatus,
    pub content: Option<String>,
    pub line_count: i64,
    pub skipped_count: i64,
    pub unmatched_count: i64,
    pub created_at: DateTime<Utc>,
    pub imported_at: Option<DateTime<Utc>>,
}

const STATEMENT_SELECT: &str = "SELECT s.id, s.bank_account_id, b.name AS bank_account_name, b.currency, s.file_name,
        s.status, s.content, s.line_count, s.skipped_count,
        CAST((SELECT COUNT(*) FROM bank_statement_lines l WHERE l.statement_id = s.id AND l.status = 'unmatched') AS BIGINT)
            AS unmatched_count,
        s.created_at, s.imported_at
    FROM bank_statements s JOIN bank_accounts b ON b.id = s.bank_account_id";

pub async fn statement_by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<StatementRow>, sqlx::Error> {
    sqlx::query_as::<Db, StatementRow>(&format!("{STATEMENT_SELECT} WHERE s.id = $1")).bind(id).fetch_optional(ex).await
}

/// The statement for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked_statement(tx: &mut super::Tx, id: i64) -> Result<StatementRow, crate::error::AppError> {
    super::lock_for_update(tx, "bank_statements", id).await?;
    statement_by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// The newest statements of a bank account (content left out: it can be megabytes).
pub async fn statements_of_account(
    pool: &Pool,
    bank_account_id: i64,
    limit: i64,
) -> Result<Vec<StatementRow>, sqlx::Error> {
    sqlx::query_as::<Db, StatementRow>(&format!(
        "{} WHERE s.bank_account_id = $1 ORDER BY s.id DESC LIMIT $2",
        STATEMENT_SELECT.replace("s.content,", "CAST(NULL AS TEXT) AS content,")
    ))
    .bind(bank_account_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn insert_statement(
    tx: &mut Tx,
    bank_account_id: i64,
    file_name: &str,
    content: &str,
    created_by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO bank_statements (bank_account_id, file_name, status, content, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(bank_account_id)
    .bind(file_name)
    .bind(StatementStatus::Staged.as_str())
    .bind(content)
    .bind(created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

pub async fn delete_staged(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM bank_statements WHERE id = $1 AND status = 'staged'")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a staged statement imported; the file's text is no longer needed.
pub async fn mark_imported(tx: &mut Tx, id: i64, lines: i64, skipped: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_statements SET status = $5, content = NULL, line_count = $1, skipped_count = $2,
            imported_at = $3 WHERE id = $4",
    )
    .bind(lines)
    .bind(skipped)
    .bind(Utc::now())
    .bind(id)
    .bind(StatementStatus::Imported.as_str())
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Which of `fingerprints` the bank account has imported before.
pub async fn known_fingerprints(
    tx: &mut Tx,
    bank_account_id: i64,
    fingerprints: &[&str],
) -> Result<HashSet<String>, sqlx::Error> {
    let mut out = HashSet::new();
    for chunk in fingerprints.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new("SELECT fingerprint FROM bank_statement_lines WHERE bank_account_id = ");
        qb.push_bind(bank_account_id).push(" AND fingerprint IN (");
        let mut sep = qb.separated(", ");
        for f in chunk {
            sep.push_bind(f.to_string());
        }
        qb.push(")");
        out.extend(qb.build_query_scalar::<String>().fetch_all(&mut **tx).await?);
    }
    Ok(out)
}

pub async fn insert_lines(
    tx: &mut Tx,
    bank_account_id: i64,
    statement_id: i64,
    lines: &[&ParsedLine],
) -> Result<(), sqlx::Error> {
    // Ten bind parameters a row: stay well below SQLite's 32,766 per statement.
    for chunk in lines.chunks(1000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO bank_statement_lines (bank_account_id, statement_id, line_no, booked_on, amount_minor,
                description, counterparty, reference, fingerprint, status) ",
        );
        qb.push_values(chunk, |mut b, l| {
            b.push_bind(bank_account_id)
                .push_bind(statement_id)
                .push_bind(l.line_no)
                .push_bind(l.booked_on)
                .push_bind(l.amount_minor)
                .push_bind(l.description.clone())
                .push_bind(l.counterparty.clone())
                .push_bind(l.reference.clone())
                .push_bind(l.fingerprint.clone())
                .push_bind(LineStatus::Unmatched.as_str());
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct LineRow {
    pub id: i64,
    pub statement_id: i64,
    pub bank_account_id: i64,
    pub currency: String,
    pub line_no: i64,
    pub booked_on: NaiveDate,
    pub amount_minor: i64,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    #[sqlx(try_from = "String")]
    pub status: LineStatus,
    pub ignore_reason: Option<String>,
}

const LINE_SELECT: &str = "SELECT l.id, l.statement_id, l.bank_account_id, b.currency, l.line_no, l.booked_on,
        l.amount_minor, l.description, l.counterparty, l.reference, l.status, l.ignore_reason
    FROM bank_statement_lines l JOIN bank_accounts b ON b.id = l.bank_account_id";

pub async fn line_by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<LineRow>, sqlx::Error> {
    sqlx::query_as::<Db, LineRow>(&format!("{LINE_SELECT} WHERE l.id = $1")).bind(id).fetch_optional(ex).await
}

/// The statement line for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked_line(tx: &mut super::Tx, id: i64) -> Result<LineRow, crate::error::AppError> {
    super::lock_for_update(tx, "bank_statement_lines", id).await?;
    line_by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// A statement's lines in file order, optionally of one status.
pub async fn lines_of_statement<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    statement_id: i64,
    status: Option<LineStatus>,
    limit: i64,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as::<Db, LineRow>(&format!(
        "{LINE_SELECT} WHERE l.statement_id = $1 AND ($2 IS NULL OR l.status = $2) ORDER BY l.line_no, l.id LIMIT $3"
    ))
    .bind(statement_id)
    .bind(status.map(LineStatus::as_str))
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// A bank account's unmatched lines, oldest first, with their count and sum (money in and out).
pub async fn unmatched_lines(
    pool: &Pool,
    bank_account_id: i64,
    limit: i64,
) -> Result<(Vec<LineRow>, i64, i64), sqlx::Error> {
    let rows = sqlx::query_as::<Db, LineRow>(&format!(
        "{LINE_SELECT} WHERE l.bank_account_id = $1 AND l.status = 'unmatched' ORDER BY l.booked_on, l.id LIMIT $2"
    ))
    .bind(bank_account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let (count, sum): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM bank_statement_lines
         WHERE bank_account_id = $1 AND status = 'unmatched'",
    )
    .bind(bank_account_id)
    .fetch_one(pool)
    .await?;
    Ok((rows, count, sum))
}

pub async fn set_line_status(
    tx: &mut Tx,
    id: i64,
    status: LineStatus,
    ignore_reason: Option<&str>,
    by: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_statement_lines SET status = $1, ignore_reason = $2, resolved_by = $3, resolved_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(ignore_reason)
    .bind(by)
    .bind(by.map(|_| Utc::now()))
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

pub async fn link_payment(tx: &mut Tx, line_id: i64, payment_id: i64, amount_minor: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO bank_line_payments (line_id, payment_id, amount_minor) VALUES ($1, $2, $3)")
        .bind(line_id)
        .bind(payment_id)
        .bind(amount_minor)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Removes a line's links; returns the payments it was linked to.
pub async fn unlink_payments(tx: &mut Tx, line_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let ids = sqlx::query_scalar::<Db, i64>("SELECT payment_id FROM bank_line_payments WHERE line_id = $1")
        .bind(line_id)
        .fetch_all(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM bank_line_payments WHERE line_id = $1").bind(line_id).execute(&mut **tx).await?;
    Ok(ids)
}

/// Whether another line still holds the payment (a payment stays reconciled while one does).
pub async fn payment_is_linked(tx: &mut Tx, payment_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM bank_line_payments WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_one(&mut **tx)
        .await
        .map(|n| n > 0)
}

/// (line id, payment id, payment number) for the given lines.
pub async fn payments_of_lines(pool: &Pool, line_ids: &[i64]) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    if line_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT lp.line_id, p.id, p.number FROM bank_line_payments lp JOIN payments p ON p.id = lp.payment_id
         WHERE lp.line_id IN (",
    );
    let mut sep = qb.separated(", ");
    for id in line_ids {
        sep.push_bind(*id);
    }
    qb.push(") ORDER BY lp.line_id, p.id");
    qb.build_query_as().fetch_all(pool).await
}

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
    super::fetch_json_rows(
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
    super::fetch_json_rows(
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
