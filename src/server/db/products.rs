//! SQL for products: SKU unique (case-insensitive), price in minor units of its currency.
use super::{Db, Pool};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub name_key: String,
    pub description: String,
    pub kind: String,
    pub unit: String,
    pub unit_price_minor: i64,
    pub currency: String,
    pub tax_rate_id: i64,
    pub tax_rate_name: String,
    pub tax_rate: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const SELECT: &str = "SELECT p.id, p.sku, p.name, p.name_key, p.description, p.kind, p.unit, p.unit_price_minor,
        p.currency, p.tax_rate_id, t.name AS tax_rate_name, t.rate AS tax_rate, p.active, p.created_at, p.updated_at
    FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id";

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as::<Db, ProductRow>(&format!("{SELECT} WHERE p.id = $1")).bind(id).fetch_optional(ex).await
}

/// Active products for line pickers, by name (at most `limit`).
pub async fn active(pool: &Pool, limit: i64) -> Result<Vec<ProductRow>, sqlx::Error> {
    sqlx::query_as::<Db, ProductRow>(&format!("{SELECT} WHERE p.active = TRUE ORDER BY p.name_key, p.id LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
}
