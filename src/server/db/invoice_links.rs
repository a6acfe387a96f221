//! SQL for customer links to invoices: only the keyed hash of each token is stored.
use super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub invoice_id: i64,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_viewed_at: Option<DateTime<Utc>>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT l.id, l.invoice_id, l.expires_at, l.revoked_at, l.last_viewed_at,
        u.name AS created_by_name, l.created_at
    FROM invoice_links l LEFT JOIN users u ON u.id = l.created_by";

pub async fn insert(
    tx: &mut Tx,
    invoice_id: i64,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO invoice_links (invoice_id, token_hash, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(invoice_id)
    .bind(token_hash)
    .bind(expires_at)
    .bind(created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// The link with this token hash, if it exists (whether it still works is the caller's check).
pub async fn by_hash(pool: &Pool, token_hash: &str) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as::<Db, LinkRow>(&format!("{SELECT} WHERE l.token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
}

pub async fn for_invoice(pool: &Pool, invoice_id: i64) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as::<Db, LinkRow>(&format!("{SELECT} WHERE l.invoice_id = $1 ORDER BY l.id DESC"))
        .bind(invoice_id)
        .fetch_all(pool)
        .await
}

/// Revokes one link of an invoice; false when there was no such live link.
pub async fn revoke(tx: &mut Tx, invoice_id: i64, link_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("UPDATE invoice_links SET revoked_at = $1 WHERE id = $2 AND invoice_id = $3 AND revoked_at IS NULL")
        .bind(Utc::now())
        .bind(link_id)
        .bind(invoice_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Revokes every live link of the invoice; returns how many.
pub async fn revoke_all(tx: &mut Tx, invoice_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE invoice_links SET revoked_at = $1 WHERE invoice_id = $2 AND revoked_at IS NULL")
        .bind(Utc::now())
        .bind(invoice_id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

pub async fn touch(tx: &mut Tx, link_id: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE invoice_links SET last_viewed_at = $1 WHERE id = $2").bind(Utc::now()).bind(link_id);
    crate::server::db::run(tx, q).await
}
