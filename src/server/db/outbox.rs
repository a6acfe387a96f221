//! SQL for the email outbox: every email is written here first, then delivered by SMTP if configured.
use super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The file name of the attached document, if any (its bytes are read only to send it).
    pub attachment_name: Option<String>,
}

const COLS: &str =
    "id, to_addr, subject, body_text, status, attempts, last_error, created_at, sent_at, attachment_name";

/// Queues an email, with an attached file or not; `held` when no SMTP server is configured (it
/// stays for admins to read).
pub async fn insert(
    tx: &mut Tx,
    to: &str,
    subject: &str,
    body: &str,
    status: &str,
    attachment: Option<(&str, &[u8])>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO outbox (to_addr, subject, body_text, status, attempts, created_at, attachment_name, attachment)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7) RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(status)
    .bind(Utc::now())
    .bind(attachment.map(|a| a.0))
    .bind(attachment.map(|a| a.1))
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

pub async fn by_id(pool: &Pool, id: i64) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!("SELECT {COLS} FROM outbox WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Queued emails to deliver, oldest first, skipping those that failed too often.
pub async fn due(pool: &Pool, max_attempts: i64, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!(
        "SELECT {COLS} FROM outbox WHERE status = 'queued' AND attempts < $1 ORDER BY id LIMIT $2"
    ))
    .bind(max_attempts)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn mark_sent(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
    )
    .bind(Utc::now())
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Records a failed delivery; after `max_attempts` the email is `failed` for good.
pub async fn mark_failed(pool: &Pool, id: i64, error: &str, max_attempts: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
             status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'queued' END
         WHERE id = $3",
    )
    .bind(error)
    .bind(max_attempts)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ())
}

pub async fn page(
    pool: &Pool,
    status: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as::<Db, OutboxRow>(&format!(
        "SELECT {COLS} FROM outbox WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3"
    ))
    .bind(status)
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
