//! SQL for the email outbox: every email is written here first, then delivered by SMTP if configured.
//! A delivery pass claims one message at a time (`claim`) and records the result with the same
//! holder, so two passes — or two instances — never send the same message.
use super::{Db, Pool, Tx};
use crate::model::outbox::OutboxStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    #[sqlx(try_from = "String")]
    pub status: OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The file name of the attached document, if any (its bytes are read only to send it).
    pub attachment_name: Option<String>,
    /// When a queued message that failed is tried again (None: at the next pass).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

// `secrets` is left out on purpose: it is read only to wipe it, never shown.
const COLS: &str = "id, to_addr, subject, body_text, status, attempts, last_error, created_at, sent_at, \
                    attachment_name, next_attempt_at";

/// What to put in the outbox. `secrets` is a JSON array of the body's substrings that are wiped
/// once it is sent.
pub struct NewMail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub status: OutboxStatus,
    pub attachment: Option<(&'a str, &'a [u8])>,
    pub secrets: Option<&'a str>,
}

/// Queues an email, with an attached file or not; `held` when no SMTP server is configured (it
/// stays for admins to read).
pub async fn insert(tx: &mut Tx, m: &NewMail<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO outbox (to_addr, subject, body_text, status, attempts, created_at, attachment_name, attachment,
                             secrets)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8) RETURNING id",
    )
    .bind(m.to)
    .bind(m.subject)
    .bind(m.body)
    .bind(m.status.as_str())
    .bind(Utc::now())
    .bind(m.attachment.map(|a| a.0))
    .bind(m.attachment.map(|a| a.1))
    .bind(m.secrets)
    .fetch_one(&mut **tx)
    .await
}

/// The bytes of a message's attachment.
pub async fn attachment(pool: &Pool, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    Ok(sqlx::query_scalar::<Db, Option<Vec<u8>>>("SELECT attachment FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .flatten())
}

/// The JSON array of a message's secrets (None once it is sent, or when it had none).
pub async fn secrets(pool: &Pool, id: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar::<Db, Option<String>>("SELECT secrets FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .flatten())
}

pub async fn by_id(pool: &Pool, id: i64) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!("SELECT {COLS} FROM outbox WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Queued emails whose next attempt has come and that nobody is sending, oldest first.
pub async fn due(pool: &Pool, now: DateTime<Utc>, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!(
        "SELECT {COLS} FROM outbox
         WHERE status = 'queued' AND claimed_until IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
         ORDER BY id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Takes one queued message for `holder` until `until`, if it is still as the caller read it from
/// `due`: unclaimed, due at `now`, and tried `attempts` times. One conditional UPDATE, so of two
/// passes that read the same due list only one wins each message, and a pass that read it before
/// another recorded an attempt does not try it again.
pub async fn claim(
    pool: &Pool,
    id: i64,
    attempts: i64,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2
         WHERE id = $3 AND status = 'queued' AND claimed_until IS NULL AND attempts = $4
           AND (next_attempt_at IS NULL OR next_attempt_at <= $5)",
    )
    .bind(holder)
    .bind(until)
    .bind(id)
    .bind(attempts)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Fails the messages whose claim ran out without a result: their sender died between handing
/// the message to SMTP and recording it, so whether it went out is unknown. Sending it again could
/// double it; an admin checks and uses Retry. Returns how many.
pub async fn fail_abandoned(pool: &Pool, now: DateTime<Utc>, error: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET status = $3, last_error = $1, claimed_until = NULL, next_attempt_at = NULL
         WHERE status = 'queued' AND claimed_until IS NOT NULL AND claimed_until < $2",
    )
    .bind(error)
    .bind(now)
    .bind(OutboxStatus::Failed.as_str())
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

/// Records that `holder` sent the message and replaces its body with `body` (its secrets wiped).
/// Matches on the holder but not the status: what went out is recorded even if the claim ran out.
pub async fn mark_sent(pool: &Pool, id: i64, holder: &str, now: DateTime<Utc>, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET status = $5, sent_at = $1, attempts = attempts + 1, last_error = NULL,
             body_text = $2, secrets = NULL, claimed_until = NULL, next_attempt_at = NULL
         WHERE id = $3 AND claimed_by = $4",
    )
    .bind(now)
    .bind(body)
    .bind(id)
    .bind(holder)
    .bind(OutboxStatus::Sent.as_str())
    .execute(pool)
    .await
    .map(|_| ())
}

/// Records a failed attempt by `holder` as `to` (what `OutboxStatus::transition` gave): queued
/// again for `retry_at`, or failed for good when there is none.
pub async fn mark_attempt_failed(
    pool: &Pool,
    id: i64,
    holder: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    to: OutboxStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, claimed_until = NULL,
             status = $5
         WHERE id = $3 AND claimed_by = $4 AND status = 'queued'",
    )
    .bind(error)
    .bind(retry_at)
    .bind(id)
    .bind(holder)
    .bind(to.as_str())
    .execute(pool)
    .await
    .map(|_| ())
}

/// Puts a failed message back as `status` (queued, or held without SMTP) with a fresh schedule;
/// the last error stays until the next attempt. Returns false unless it was failed.
pub async fn requeue_failed(tx: &mut Tx, id: i64, status: OutboxStatus) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE outbox SET status = $1, attempts = 0, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL
         WHERE id = $2 AND status = 'failed'",
    )
    .bind(status.as_str())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn page(
    pool: &Pool,
    status: Option<OutboxStatus>,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!(
        "SELECT {COLS} FROM outbox WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3"
    ))
    .bind(status.map(OutboxStatus::as_str))
    .bind(before_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn count_by_status(pool: &Pool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64)>("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status")
        .fetch_all(pool)
        .await
}
