//! SQL for idempotency claims (REST `Idempotency-Key`s and web forms' one-time keys): a request
//! claims its key with a lease, its business transaction marks the key committed, and its answer
//! is stored afterwards. See `server::idempotency` for the protocol.
use super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};

/// What a key holds when a request arrives with it.
pub enum Claim {
    /// This request owns the key now (a new key, or an expired claim taken over).
    Owned,
    /// A finished request with this key: its hash and stored answer.
    Done { request_hash: String, answer: Answer },
    /// A request with this key committed its write but its answer was never stored.
    CommittedWithoutAnswer { request_hash: String },
    /// Another request holds the key and its lease has not run out.
    InFlight { request_hash: String },
}

/// A stored answer: status, the headers worth replaying (JSON object of name → value) and body.
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

type Row =
    (String, Option<String>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<i64>, Option<String>, Option<String>);

/// Claims `key` for the request `token` until `until`, or says who has it.
pub async fn claim(
    pool: &Pool,
    user_id: i64,
    key: &str,
    request_hash: &str,
    token: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Claim, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, claim_token, claimed_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, idem_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(request_hash)
    .bind(token)
    .bind(until)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Claim::Owned);
    }
    let (hash, _token, claimed_until, committed_at, status, headers, body) = sqlx::query_as::<Db, Row>(
        "SELECT request_hash, claim_token, claimed_until, committed_at, status_code, response_headers, response_body
         FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_one(pool)
    .await?;
    if let (Some(status), Some(body)) = (status, body) {
        let answer = Answer { status: status as u16, headers: headers.unwrap_or_else(|| "{}".into()), body };
        return Ok(Claim::Done { request_hash: hash, answer });
    }
    let live = claimed_until.is_some_and(|u| u > now);
    if committed_at.is_some() {
        // Between its commit and storing its answer the holder is still in flight; only a holder
        // whose lease ran out after committing has lost its answer.
        return Ok(if live {
            Claim::InFlight { request_hash: hash }
        } else {
            Claim::CommittedWithoutAnswer { request_hash: hash }
        });
    }
    if live || hash != request_hash {
        return Ok(Claim::InFlight { request_hash: hash });
    }
    // The holder's lease ran out before it committed (cut off, crashed, or still running past its
    // timeout): take the key over. Its transaction, if it still runs, can no longer mark the key.
    let taken = sqlx::query(
        "UPDATE idempotency_keys SET claim_token = $1, claimed_until = $2
         WHERE user_id = $3 AND idem_key = $4 AND committed_at IS NULL AND status_code IS NULL
           AND (claimed_until IS NULL OR claimed_until <= $5)",
    )
    .bind(token)
    .bind(until)
    .bind(user_id)
    .bind(key)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(if taken == 1 { Claim::Owned } else { Claim::InFlight { request_hash: hash } })
}

/// Marks the key committed inside the request's own business transaction; false when the claim
/// is no longer this request's (taken over after its lease ran out), and then nothing may commit.
pub async fn mark_committed(tx: &mut Tx, user_id: i64, key: &str, token: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE idempotency_keys SET committed_at = $1
         WHERE user_id = $2 AND idem_key = $3 AND claim_token = $4 AND status_code IS NULL",
    )
    .bind(Utc::now())
    .bind(user_id)
    .bind(key)
    .bind(token)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Stores the answer of the request that owns the key.
pub async fn store(pool: &Pool, user_id: i64, key: &str, token: &str, answer: &Answer) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency_keys SET status_code = $1, response_headers = $2, response_body = $3
         WHERE user_id = $4 AND idem_key = $5 AND claim_token = $6",
    )
    .bind(answer.status as i64)
    .bind(&answer.headers)
    .bind(&answer.body)
    .bind(user_id)
    .bind(key)
    .bind(token)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Forgets a claim whose request wrote nothing, so the same key may run again.
pub async fn release(pool: &Pool, user_id: i64, key: &str, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM idempotency_keys
         WHERE user_id = $1 AND idem_key = $2 AND claim_token = $3 AND committed_at IS NULL AND status_code IS NULL",
    )
    .bind(user_id)
    .bind(key)
    .bind(token)
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
