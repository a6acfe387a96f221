//! SQL for renewal reminders: the contracts one may be due for, and the claim of each reminder
//! (one per term and step).
use super::{ContractRow, SELECT};
use crate::server::db::{Db, Pool, Tx};
use chrono::{NaiveDate, Utc};
use sqlx::QueryBuilder;

/// Active contracts (not cancelling, not renewed ahead) whose term has not ended on `day` and
/// ends by `until` (the first offset's window) or whose notice deadline came: the ones a reminder
/// may be due for, after id `after`, without the notice reminder of their term yet.
pub async fn candidates(
    pool: &Pool,
    day: NaiveDate,
    until: NaiveDate,
    after: i64,
    limit: i64,
) -> Result<Vec<ContractRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE c.id > ").push_bind(after);
    qb.push(" AND c.status = 'active' AND c.cancel_at IS NULL AND t.start_date <= ").push_bind(day);
    qb.push(" AND c.end_date >= ").push_bind(day);
    qb.push(" AND (c.end_date <= ").push_bind(until).push(" OR c.notice_date <= ").push_bind(day).push(")");
    qb.push(
        " AND NOT EXISTS (SELECT 1 FROM contract_reminders r WHERE r.contract_id = c.id
            AND r.term_number = c.term_number AND r.step = 'notice')",
    );
    qb.push(" ORDER BY c.id LIMIT ").push_bind(limit);
    qb.build_query_as::<ContractRow>().fetch_all(pool).await
}

/// The reminder steps already claimed for the contract's term.
pub async fn claimed(pool: &Pool, contract_id: i64, term: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar::<Db, String>("SELECT step FROM contract_reminders WHERE contract_id = $1 AND term_number = $2")
        .bind(contract_id)
        .bind(term)
        .fetch_all(pool)
        .await
}

/// Claims reminder `step` of the contract's term: true when this call took it (send it now).
pub async fn claim(tx: &mut Tx, contract_id: i64, term: i64, step: &str, skipped: bool) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO contract_reminders (contract_id, term_number, step, skipped, sent_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (contract_id, term_number, step) DO NOTHING",
    )
    .bind(contract_id)
    .bind(term)
    .bind(step)
    .bind(skipped)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}
