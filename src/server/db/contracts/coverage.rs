//! SQL for contracts as support sees them: the contract covering a ticket, an account's lapsed
//! contract, and the renewal opportunity raised for it.
use crate::model::contract::ContractStatus;
use crate::server::db::{Db, Tx};
use chrono::NaiveDate;
use sqlx::FromRow;

/// A contract as a ticket sees it: what covers the account (or lapsed), until when, at which tier.
#[derive(Clone, Debug, FromRow)]
pub struct CoverRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub owner_id: i64,
    #[sqlx(try_from = "String")]
    pub status: ContractStatus,
    pub end_date: NaiveDate,
    pub sla_tier: Option<String>,
}

const COVER: &str = "SELECT c.id, c.number, c.title, c.owner_id, c.status, c.end_date, c.sla_tier FROM contracts c";

/// The active contract that covers the account on `day`: one listing the ticket's product first,
/// then the one running longest.
pub async fn covering<'e>(
    ex: impl crate::server::db::Executor<'e>,
    account_id: i64,
    product_id: Option<i64>,
    day: NaiveDate,
) -> Result<Option<CoverRow>, sqlx::Error> {
    sqlx::query_as::<Db, CoverRow>(&format!(
        "{COVER} WHERE c.account_id = $1 AND c.status = 'active' AND c.start_date <= $2
         ORDER BY CASE WHEN EXISTS (SELECT 1 FROM contract_lines l WHERE l.contract_id = c.id AND l.product_id = $3)
            THEN 0 ELSE 1 END, c.end_date DESC, c.id DESC
         LIMIT 1"
    ))
    .bind(account_id)
    .bind(day)
    .bind(product_id)
    .fetch_optional(ex)
    .await
}

/// The account's most recently ended contract that lapsed (expired or cancelled).
pub async fn lapsed<'e>(
    ex: impl crate::server::db::Executor<'e>,
    account_id: i64,
) -> Result<Option<CoverRow>, sqlx::Error> {
    sqlx::query_as::<Db, CoverRow>(&format!(
        "{COVER} WHERE c.account_id = $1 AND c.status IN ('expired', 'cancelled') ORDER BY c.end_date DESC, c.id DESC LIMIT 1"
    ))
    .bind(account_id)
    .fetch_optional(ex)
    .await
}

pub async fn cover_by_id<'e>(
    ex: impl crate::server::db::Executor<'e>,
    id: i64,
) -> Result<Option<CoverRow>, sqlx::Error> {
    sqlx::query_as::<Db, CoverRow>(&format!("{COVER} WHERE c.id = $1")).bind(id).fetch_optional(ex).await
}

/// The open renewal opportunity already raised for the contract, if any.
pub async fn renewal_opportunity<'e>(
    ex: impl crate::server::db::Executor<'e>,
    contract_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM opportunities WHERE contract_id = $1 AND stage NOT IN ('won', 'lost') ORDER BY id DESC LIMIT 1",
    )
    .bind(contract_id)
    .fetch_optional(ex)
    .await
}

pub async fn link_opportunity(tx: &mut Tx, opportunity_id: i64, contract_id: i64) -> Result<(), sqlx::Error> {
    let q =
        sqlx::query("UPDATE opportunities SET contract_id = $1 WHERE id = $2").bind(contract_id).bind(opportunity_id);
    crate::server::db::run(tx, q).await
}
