//! SQL for opportunities and their lines: rows with account and owner names, the filtered keyset
//! list, writes, and the open pipeline per owner for the assignments page.
use super::keyset::Order;
use super::lines::LineTable;
use super::search::{contains, ESCAPE};
use super::{Db, Pool, Tx};
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::opportunity::{OpportunityDto, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct OpportunityRow {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub account_id: i64,
    pub account_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    #[sqlx(try_from = "String")]
    pub stage: Stage,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub probability: i64,
    pub expected_close_date: Option<NaiveDate>,
    pub lost_reason: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OpportunityRow {
    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn to_dto(&self) -> OpportunityDto {
        OpportunityDto {
            id: self.id,
            name: self.name.clone(),
            account_id: self.account_id,
            account_name: self.account_name.clone(),
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            stage: self.stage(),
            amount: self.currency().from_minor(self.amount_minor).to_string(),
            currency: self.currency.to_string(),
            probability: self.probability,
            expected_close_date: self.expected_close_date,
            lost_reason: self.lost_reason.clone(),
            closed_at: self.closed_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// Where deals keep their product lines.
pub const LINES: LineTable = LineTable { table: "opportunity_lines", parent: "opportunity_id", link: None };

/// The deal's header fields as stored.
pub struct Header<'a> {
    pub name: &'a str,
    pub account_id: i64,
    pub owner_id: i64,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub probability: i64,
    pub expected_close_date: Option<NaiveDate>,
}

const SELECT: &str = "SELECT o.id, o.name, o.name_key, o.account_id, a.name AS account_name, o.owner_id,
        u.name AS owner_name, o.stage, o.amount_minor, o.currency, o.probability, o.expected_close_date,
        o.lost_reason, o.closed_at, o.created_at, o.updated_at
    FROM opportunities o JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id";

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<OpportunityRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "o.id", id).await
}

/// The opportunity for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<OpportunityRow, crate::error::AppError> {
    super::lock_for_update(tx, "opportunities", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    /// Exactly these stages (empty: all).
    pub stages: Vec<&'static str>,
    pub owner_id: Option<i64>,
    pub account_id: Option<i64>,
}

pub fn order(by_name: bool) -> Order {
    Order::by_name_or_newest(by_name, "o.name_key", "o.id")
}

pub async fn page(
    pool: &Pool,
    f: &Filter,
    by_name: bool,
    position: &Position,
    limit: usize,
) -> Result<Vec<OpportunityRow>, sqlx::Error> {
    let order = order(by_name);
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        qb.push(" AND o.name_key LIKE ").push_bind(contains(s)).push(format!(" {ESCAPE}"));
    }
    super::push_in(&mut qb, "o.stage", &f.stages);
    if let Some(o) = f.owner_id {
        qb.push(" AND o.owner_id = ").push_bind(o);
    }
    if let Some(a) = f.account_id {
        qb.push(" AND o.account_id = ").push_bind(a);
    }
    order.fetch_page(qb, pool, position, limit).await
}

pub async fn insert(tx: &mut Tx, h: &Header<'_>, stage: &str) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO opportunities (name, name_key, account_id, owner_id, stage, amount_minor, currency, probability,
            expected_close_date, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(h.name)
    .bind(h.name.to_lowercase())
    .bind(h.account_id)
    .bind(h.owner_id)
    .bind(stage)
    .bind(h.amount_minor)
    .bind(h.currency)
    .bind(h.probability)
    .bind(h.expected_close_date)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update(tx: &mut Tx, id: i64, h: &Header<'_>) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE opportunities SET name = $1, name_key = $2, account_id = $3, owner_id = $4, amount_minor = $5,
            currency = $6, probability = $7, expected_close_date = $8, updated_at = $9
         WHERE id = $10",
    )
    .bind(h.name)
    .bind(h.name.to_lowercase())
    .bind(h.account_id)
    .bind(h.owner_id)
    .bind(h.amount_minor)
    .bind(h.currency)
    .bind(h.probability)
    .bind(h.expected_close_date)
    .bind(Utc::now())
    .bind(id);
    crate::server::db::run(tx, q).await
}

/// Moves a deal to `stage`; `closed` is set for won / lost and cleared on reopening.
pub async fn set_stage(
    tx: &mut Tx,
    id: i64,
    stage: &str,
    probability: i64,
    lost_reason: Option<&str>,
    closed_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE opportunities SET stage = $1, probability = $2, lost_reason = $3, closed_at = $4, updated_at = $5
         WHERE id = $6",
    )
    .bind(stage)
    .bind(probability)
    .bind(lost_reason)
    .bind(closed_at)
    .bind(Utc::now())
    .bind(id);
    crate::server::db::run(tx, q).await
}

pub async fn set_owner(tx: &mut Tx, id: i64, owner_id: i64) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "opportunities", "owner_id", id, owner_id).await
}

/// Open deals per owner and currency: (owner_id, currency, count, sum of amounts in minor units).
pub async fn open_workload(pool: &Pool) -> Result<Vec<(i64, String, i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String, i64, i64)>(
        "SELECT owner_id, currency, COUNT(*), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM opportunities
         WHERE stage NOT IN ('won', 'lost') GROUP BY owner_id, currency ORDER BY owner_id, currency",
    )
    .fetch_all(pool)
    .await
}

/// An account's won deals, newest first (what a sales order may be linked to): (id, name).
pub async fn won_for_account(pool: &Pool, account_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String)>(
        "SELECT id, name FROM opportunities WHERE account_id = $1 AND stage = 'won' ORDER BY id DESC LIMIT 200",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await
}
