//! SQL for customer links (to invoices, tickets and contract renewals): one table per kind of record, with the same
//! columns and the record's id under its own name; only the keyed hash of each token is stored.
use super::{Db, Pool, Tx};
use crate::model::invoice::LinkDto;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// One kind of customer link: its table and the column naming the record it leads to. Both are
/// fixed here, never taken from input, so they may be written into the SQL text.
pub struct LinkTable {
    table: &'static str,
    parent: &'static str,
}

pub const INVOICE: LinkTable = LinkTable { table: "invoice_links", parent: "invoice_id" };
pub const TICKET: LinkTable = LinkTable { table: "ticket_links", parent: "ticket_id" };
pub const CONTRACT: LinkTable = LinkTable { table: "contract_links", parent: "contract_id" };

/// A token longer than this is not even hashed: ours are far shorter, so it is simply not found.
pub const MAX_TOKEN_LEN: usize = 200;

#[derive(Clone, Debug, FromRow)]
pub struct LinkRow {
    pub id: i64,
    /// The invoice or ticket the link leads to.
    pub parent_id: i64,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_viewed_at: Option<DateTime<Utc>>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl LinkRow {
    /// Neither revoked nor expired at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }

    pub fn to_dto(&self, now: DateTime<Utc>) -> LinkDto {
        LinkDto {
            active: self.is_live(now),
            id: self.id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            last_viewed_at: self.last_viewed_at,
            created_by_name: self.created_by_name.clone(),
        }
    }
}

impl LinkTable {
    fn select(&self) -> String {
        format!(
            "SELECT l.id, l.{} AS parent_id, l.expires_at, l.revoked_at, l.last_viewed_at,
                u.name AS created_by_name, l.created_at
             FROM {} l LEFT JOIN users u ON u.id = l.created_by",
            self.parent, self.table
        )
    }
}

pub async fn insert(
    tx: &mut Tx,
    t: &LinkTable,
    parent_id: i64,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO {} ({}, token_hash, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        t.table, t.parent
    );
    let q = sqlx::query::<Db>(&sql).bind(parent_id).bind(token_hash).bind(expires_at).bind(created_by).bind(Utc::now());
    super::returning_id(tx, q).await
}

/// The link with this token hash, if it exists (whether it still works is the caller's check).
pub async fn by_hash(pool: &Pool, t: &LinkTable, token_hash: &str) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as::<Db, LinkRow>(&format!("{} WHERE l.token_hash = $1", t.select()))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
}

/// The live link with this token hash, or None — unknown, revoked and expired alike.
pub async fn live_by_hash(pool: &Pool, t: &LinkTable, token_hash: &str) -> Result<Option<LinkRow>, sqlx::Error> {
    Ok(by_hash(pool, t, token_hash).await?.filter(|l| l.is_live(Utc::now())))
}

/// Every link of one invoice or ticket, newest first.
pub async fn for_parent(pool: &Pool, t: &LinkTable, parent_id: i64) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as::<Db, LinkRow>(&format!("{} WHERE l.{} = $1 ORDER BY l.id DESC", t.select(), t.parent))
        .bind(parent_id)
        .fetch_all(pool)
        .await
}

/// Revokes one link of an invoice or ticket; false when there was no such live link.
pub async fn revoke(tx: &mut Tx, t: &LinkTable, parent_id: i64, link_id: i64) -> Result<bool, sqlx::Error> {
    let sql =
        format!("UPDATE {} SET revoked_at = $1 WHERE id = $2 AND {} = $3 AND revoked_at IS NULL", t.table, t.parent);
    Ok(sqlx::query::<Db>(&sql).bind(Utc::now()).bind(link_id).bind(parent_id).execute(&mut **tx).await?.rows_affected()
        == 1)
}

/// Revokes every live link of the invoice or ticket; returns how many.
pub async fn revoke_all(tx: &mut Tx, t: &LinkTable, parent_id: i64) -> Result<u64, sqlx::Error> {
    let sql = format!("UPDATE {} SET revoked_at = $1 WHERE {} = $2 AND revoked_at IS NULL", t.table, t.parent);
    Ok(sqlx::query::<Db>(&sql).bind(Utc::now()).bind(parent_id).execute(&mut **tx).await?.rows_affected())
}

pub async fn touch(tx: &mut Tx, t: &LinkTable, link_id: i64) -> Result<(), sqlx::Error> {
    let sql = format!("UPDATE {} SET last_viewed_at = $1 WHERE id = $2", t.table);
    super::run(tx, sqlx::query::<Db>(&sql).bind(Utc::now()).bind(link_id)).await
}
