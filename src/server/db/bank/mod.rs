//! SQL for bank reconciliation: bank accounts and their CSV layouts, and statements (staged,
//! imported, their lines' fingerprints). Statement lines and the payments they explain are in
//! `lines`; stored candidates and what matching searches in `candidates`.
use super::{Db, Executor, Pool, Tx};
use crate::model::bank::{AmountColumns, BankAccountInput, LineStatus, ParsedLine, StatementStatus};
use crate::model::money::Currency;
use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder};
use std::collections::HashSet;

mod candidates;
mod lines;
pub use candidates::{
    candidates_of_lines, open_invoice_targets, replace_candidates, unreconciled_payment_targets,
    unreconciled_payment_totals, CandidateRow, InvoiceTargetRow, NewCandidate, PaymentTargetRow,
};
pub use lines::{
    get_locked_line, line_by_id, lines_of_statement, link_payment, payment_is_linked, payments_of_lines,
    set_line_status, unlink_payments, unmatched_lines, LineRow,
};

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

pub async fn account_by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<BankAccountRow>, sqlx::Error> {
    super::row_by_id(ex, ACCOUNT_SELECT, "b.id", id).await
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

pub async fn statement_by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<StatementRow>, sqlx::Error> {
    super::row_by_id(ex, STATEMENT_SELECT, "s.id", id).await
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
    let q = sqlx::query(
        "UPDATE bank_statements SET status = $5, content = NULL, line_count = $1, skipped_count = $2,
            imported_at = $3 WHERE id = $4",
    )
    .bind(lines)
    .bind(skipped)
    .bind(Utc::now())
    .bind(id)
    .bind(StatementStatus::Imported.as_str());
    crate::server::db::run(tx, q).await
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
