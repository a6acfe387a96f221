//! SQL for REST `Idempotency-Key`s: the first request with a key stores its response.
use super::{Db, Pool};
use chrono::{DateTime, Utc};

pub enum Claim {
    /// This request owns the key: run it, then `store` the response.
    New,
    /// A finished earlier request with this key: its hash, status and body.
    Done { request_hash: String, status: u16, body: String },
    /// An earlier request with this key is still running.
    InFlight { request_hash: String },
}

pub async fn claim(pool: &Pool, user_id: i64, key: &str, request_hash: &str) -> Result<Claim, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, idem_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(request_hash)
    .bind(Utc::now())
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Claim::New);
    }
    let (request_hash, status, body) = sqlx::query_as::<Db, (String, Option<i64>, Option<String>)>(
        "SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_one(pool)
    .await?;
    Ok(match (status, body) {
        (Some(s), Some(b)) => Claim::Done { request_hash, status: s as u16, body: b },
        _ => Claim::InFlight { request_hash },
    })
}

pub async fn store(pool: &Pool, user_id: i64, key: &str, status: u16, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE idempotency_keys SET status_code = $1, response_body = $2 WHERE user_id = $3 AND idem_key = $4")
        .bind(status as i64)
        .bind(body)
        .bind(user_id)
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Forgets a claim whose request failed before it produced a storable answer, so it can be retried.
pub async fn release(pool: &Pool, user_id: i64, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2 AND status_code IS NULL")
        .bind(user_id)
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ())
}

pub async fn prune(pool: &Pool, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}
