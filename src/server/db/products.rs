//! SQL for products: SKU unique (case-insensitive), price in minor units of its currency.
use super::keyset::Order;
use super::search::{contains, ESCAPE};
use super::{Db, Pool, Tx};
use crate::model::list::Position;
use crate::model::product::ProductInput;
use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder};

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
    #[sqlx(try_from = "String")]
    pub currency: crate::model::money::Currency,
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

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<ProductRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "p.id", id).await
}

/// The product for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<ProductRow, crate::error::AppError> {
    super::lock_for_update(tx, "products", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// The products with these ids, in one query (pricing a document's lines); missing ids are
/// simply absent.
pub async fn by_ids<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    ids: &[i64],
) -> Result<Vec<ProductRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = QueryBuilder::<Db>::new(format!("{SELECT} WHERE p.id IN ("));
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    qb.build_query_as::<ProductRow>().fetch_all(ex).await
}

/// Active products for line pickers, by name (at most `limit`).
pub async fn active(pool: &Pool, limit: i64) -> Result<Vec<ProductRow>, sqlx::Error> {
    sqlx::query_as::<Db, ProductRow>(&format!("{SELECT} WHERE p.active = TRUE ORDER BY p.name_key, p.id LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// Which of `ids` are services or subscriptions (what a contract from an order covers).
pub async fn recurring_ids(pool: &Pool, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb =
        QueryBuilder::<Db>::new("SELECT id FROM products WHERE kind IN ('service', 'subscription') AND id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    qb.build_query_scalar::<i64>().fetch_all(pool).await
}

/// What the products list filters on.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub kind: Option<&'static str>,
    pub active: Option<bool>,
}

pub fn order(by_name: bool) -> Order {
    Order::by_name_or_newest(by_name, "p.name_key", "p.id")
}

pub async fn page(
    pool: &Pool,
    f: &Filter,
    by_name: bool,
    position: &Position,
    limit: usize,
) -> Result<Vec<ProductRow>, sqlx::Error> {
    let order = order(by_name);
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        let pattern = contains(s);
        qb.push(" AND (p.name_key LIKE ")
            .push_bind(pattern.clone())
            .push(format!(" {ESCAPE} OR lower(p.sku) LIKE "))
            .push_bind(pattern)
            .push(format!(" {ESCAPE})"));
    }
    if let Some(k) = f.kind {
        qb.push(" AND p.kind = ").push_bind(k);
    }
    if let Some(a) = f.active {
        qb.push(" AND p.active = ").push_bind(a);
    }
    order.fetch_page(qb, pool, position, limit).await
}

pub async fn insert(tx: &mut Tx, p: &ProductInput) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    let q = sqlx::query(
        "INSERT INTO products (sku, name, name_key, description, kind, unit, unit_price_minor, currency, tax_rate_id,
            active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    );
    super::returning_id(tx, bind_fields(q, p).bind(now)).await
}

/// Binds a product's stored fields in the column order its insert and update share ($1 to $10).
fn bind_fields<'q>(q: super::Query<'q>, p: &'q ProductInput) -> super::Query<'q> {
    q.bind(&p.sku)
        .bind(&p.name)
        .bind(p.name.to_lowercase())
        .bind(&p.description)
        .bind(p.kind.as_str())
        .bind(&p.unit)
        .bind(p.unit_price_minor)
        .bind(p.currency.code())
        .bind(p.tax_rate_id)
        .bind(p.active)
}

pub async fn update(tx: &mut Tx, id: i64, p: &ProductInput) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE products SET sku = $1, name = $2, name_key = $3, description = $4, kind = $5, unit = $6,
            unit_price_minor = $7, currency = $8, tax_rate_id = $9, active = $10, updated_at = $11
         WHERE id = $12",
    );
    bind_fields(q, p).bind(Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}
