//! SQL for job leases (one runner per job across app instances) and the log of job runs.
use super::{Db, Pool};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

/// Takes the lease of `job` for `holder` until `until` if nobody holds a live one and the last
/// run finished before `finished_before` (so the job runs once per interval across instances).
/// One conditional UPDATE: atomic on both engines, so two instances can never both win.
pub async fn try_acquire(
    pool: &Pool,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    finished_before: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    sqlx::query("INSERT INTO job_leases (job) VALUES ($1) ON CONFLICT (job) DO NOTHING")
        .bind(job)
        .execute(pool)
        .await?;
    let r = sqlx::query(
        "UPDATE job_leases SET holder = $1, lease_until = $2, last_started_at = $3
         WHERE job = $4 AND (holder IS NULL OR lease_until < $3)
           AND (last_finished_at IS NULL OR last_finished_at <= $5)",
    )
    .bind(holder)
    .bind(until)
    .bind(now)
    .bind(job)
    .bind(finished_before)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Keeps `holder`'s lease of `job` live until `until` while the job runs; false when the lease is
/// no longer `holder`'s (it ran out and another instance took it).
pub async fn renew(pool: &Pool, job: &str, holder: &str, until: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE job_leases SET lease_until = $1 WHERE job = $2 AND holder = $3")
        .bind(until)
        .bind(job)
        .bind(holder)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives the lease back. `finished`: the run counts, so the job is next due one interval later;
/// otherwise (it panicked or was stopped) it is due again at once.
pub async fn release(pool: &Pool, job: &str, holder: &str, finished: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE job_leases SET holder = NULL, lease_until = NULL,
             last_finished_at = CASE WHEN $1 THEN $2 ELSE last_finished_at END
         WHERE job = $3 AND holder = $4",
    )
    .bind(finished)
    .bind(Utc::now())
    .bind(job)
    .bind(holder)
    .execute(pool)
    .await
    .map(|_| ())
}

/// At shutdown, for the runs `holder` had to stop: logs them as not finished with `message` and
/// gives their leases back, so another instance (or this one, restarted) runs them at once instead
/// of waiting for the leases to run out.
pub async fn abandon(pool: &Pool, holder: &str, message: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE job_runs SET finished_at = $1, ok = FALSE, message = $2 WHERE holder = $3 AND finished_at IS NULL",
    )
    .bind(Utc::now())
    .bind(message)
    .bind(holder)
    .execute(pool)
    .await?;
    sqlx::query("UPDATE job_leases SET holder = NULL, lease_until = NULL WHERE holder = $1")
        .bind(holder)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn start_run(pool: &Pool, job: &str, holder: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("INSERT INTO job_runs (job, holder, started_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(job)
        .bind(holder)
        .bind(Utc::now())
        .fetch_one(pool)
        .await
}

pub async fn finish_run(pool: &Pool, id: i64, ok: bool, message: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE job_runs SET finished_at = $1, ok = $2, message = $3 WHERE id = $4")
        .bind(Utc::now())
        .bind(ok)
        .bind(message)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ())
}

#[derive(Clone, Debug, FromRow, Serialize, Deserialize)]
pub struct JobRunRow {
    pub id: i64,
    pub job: String,
    pub holder: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub ok: Option<bool>,
    pub message: Option<String>,
}

pub async fn recent_runs(pool: &Pool, job: Option<&str>, limit: i64) -> Result<Vec<JobRunRow>, sqlx::Error> {
    sqlx::query_as::<Db, JobRunRow>(
        "SELECT id, job, holder, started_at, finished_at, ok, message FROM job_runs
         WHERE ($1 IS NULL OR job = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(job)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn prune_runs(pool: &Pool, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM job_runs WHERE started_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}
