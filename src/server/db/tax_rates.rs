//! SQL for tax rates. The rate is an exact decimal percentage stored as text ("20.00").
use super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct TaxRateRow {
    pub id: i64,
    pub name: String,
    pub rate: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl TaxRateRow {
    /// The percentage; the column only ever holds what `model` validated.
    pub fn percent(&self) -> rust_decimal::Decimal {
        self.rate.parse().unwrap_or_default()
    }
}

const COLS: &str = "id, name, rate, active, created_at";

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<TaxRateRow>, sqlx::Error> {
    sqlx::query_as::<Db, TaxRateRow>(&format!("SELECT {COLS} FROM tax_rates WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The tax rate for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<TaxRateRow, crate::error::AppError> {
    super::lock_for_update(tx, "tax_rates", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// The tax rates with these ids, in one query (pricing a document's lines).
pub async fn by_ids<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    ids: &[i64],
) -> Result<Vec<TaxRateRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = QueryBuilder::<Db>::new(format!("SELECT {COLS} FROM tax_rates WHERE id IN ("));
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    qb.build_query_as::<TaxRateRow>().fetch_all(ex).await
}

/// Every tax rate, active first, by name (there are a handful, never thousands).
pub async fn all(pool: &Pool) -> Result<Vec<TaxRateRow>, sqlx::Error> {
    sqlx::query_as::<Db, TaxRateRow>(&format!("SELECT {COLS} FROM tax_rates ORDER BY active DESC, lower(name), id"))
        .fetch_all(pool)
        .await
}

pub async fn insert(tx: &mut Tx, name: &str, rate: &str, active: bool) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO tax_rates (name, rate, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(name)
    .bind(rate)
    .bind(active)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update(tx: &mut Tx, id: i64, name: &str, rate: &str, active: bool) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE tax_rates SET name = $1, rate = $2, active = $3, updated_at = $4 WHERE id = $5")
        .bind(name)
        .bind(rate)
        .bind(active)
        .bind(Utc::now())
        .bind(id);
    crate::server::db::run(tx, q).await
}
