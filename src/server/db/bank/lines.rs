//! SQL for statement lines: read, listed, locked, their status, and the payments they were
//! reconciled with.
use crate::model::bank::LineStatus;
use crate::server::db::{Db, Executor, Pool, Tx};
use chrono::{NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

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

pub async fn line_by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<LineRow>, sqlx::Error> {
    crate::server::db::row_by_id(ex, LINE_SELECT, "l.id", id).await
}

/// The statement line for a change in `tx`, locked until it ends (`db::lock_for_update`), or NotFound.
pub async fn get_locked_line(tx: &mut super::Tx, id: i64) -> Result<LineRow, crate::error::AppError> {
    crate::server::db::lock_for_update(tx, "bank_statement_lines", id).await?;
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
    let q = sqlx::query(
        "UPDATE bank_statement_lines SET status = $1, ignore_reason = $2, resolved_by = $3, resolved_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(ignore_reason)
    .bind(by)
    .bind(by.map(|_| Utc::now()))
    .bind(id);
    crate::server::db::run(tx, q).await
}

pub async fn link_payment(tx: &mut Tx, line_id: i64, payment_id: i64, amount_minor: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query("INSERT INTO bank_line_payments (line_id, payment_id, amount_minor) VALUES ($1, $2, $3)")
        .bind(line_id)
        .bind(payment_id)
        .bind(amount_minor);
    crate::server::db::run(tx, q).await
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
