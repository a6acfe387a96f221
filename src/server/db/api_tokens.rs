//! SQL for API tokens (only their keyed hashes are stored).
use super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub user_email: String,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    hash: &str,
    prefix: &str,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(hash)
    .bind(prefix)
    .bind(created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// The user id of a live (not revoked) token with this hash, marking it used.
pub async fn use_token(pool: &Pool, hash: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL RETURNING user_id",
    )
    .bind(Utc::now())
    .bind(hash)
    .fetch_optional(pool)
    .await
}

pub async fn list(pool: &Pool) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as::<Db, TokenRow>(
        "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.created_at DESC, t.id DESC LIMIT 500",
    )
    .fetch_all(pool)
    .await
}

pub async fn revoke(tx: &mut Tx, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING user_id",
    )
    .bind(Utc::now())
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}
