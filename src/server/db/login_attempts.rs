//! SQL for login attempts, the record the throttle counts.
use super::{Db, Pool};
use chrono::{DateTime, Utc};

/// Records a finished attempt (the seed and the housekeeping test use it).
pub async fn record(pool: &Pool, email_lower: &str, ip: &str, succeeded: bool) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_attempts (email_lower, ip, succeeded, at) VALUES ($1, $2, $3, $4)")
        .bind(email_lower)
        .bind(ip)
        .bind(succeeded)
        .bind(Utc::now())
        .execute(pool)
        .await
        .map(|_| ())
}

/// Records an attempt before its password is checked, counted as a failure until `succeeded`
/// says otherwise: so attempts still in progress count against the throttle, and parallel
/// guesses cannot all pass the check before any of them is recorded. Returns its id.
pub async fn begin(pool: &Pool, email_lower: &str, ip: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO login_attempts (email_lower, ip, succeeded, at) VALUES ($1, $2, FALSE, $3) RETURNING id",
    )
    .bind(email_lower)
    .bind(ip)
    .bind(Utc::now())
    .fetch_one(pool)
    .await
}

/// The attempt `id` signed in.
pub async fn succeeded(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_attempts SET succeeded = TRUE WHERE id = $1").bind(id).execute(pool).await.map(|_| ())
}

/// Forgets the attempt `id`: it was refused by the throttle before any password was checked.
pub async fn forget(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE id = $1").bind(id).execute(pool).await.map(|_| ())
}

/// Failures since `since` for this email and for this IP, each with the oldest such failure.
pub struct Failures {
    pub by_email: i64,
    pub oldest_by_email: Option<DateTime<Utc>>,
    pub by_ip: i64,
    pub oldest_by_ip: Option<DateTime<Utc>>,
}

pub async fn failures_since(
    pool: &Pool,
    email_lower: &str,
    ip: &str,
    since: DateTime<Utc>,
) -> Result<Failures, sqlx::Error> {
    // A success clears the email's earlier failures: count only those after the last success.
    let (by_email, oldest_by_email) = sqlx::query_as::<Db, (i64, Option<DateTime<Utc>>)>(
        "SELECT COUNT(*), MIN(at) FROM login_attempts
         WHERE email_lower = $1 AND succeeded = FALSE AND at > $2
           AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE email_lower = $1 AND succeeded = TRUE), $2)",
    )
    .bind(email_lower)
    .bind(since)
    .fetch_one(pool)
    .await?;
    let (by_ip, oldest_by_ip) = sqlx::query_as::<Db, (i64, Option<DateTime<Utc>>)>(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE ip = $1 AND succeeded = FALSE AND at > $2",
    )
    .bind(ip)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok(Failures { by_email, oldest_by_email, by_ip, oldest_by_ip })
}

pub async fn prune(pool: &Pool, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(before).execute(pool).await.map(|r| r.rows_affected())
}
