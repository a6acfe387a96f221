//! SQL for accounts: rows, the filtered keyset list, insert / update, owner changes, workloads.
use super::keyset::Order;
use super::search::{contains, ESCAPE};
use super::{Db, Pool, Tx};
use crate::model::account::{AccountDto, AccountInput, AccountSort};
use crate::model::list::Position;
use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub legal_name: String,
    pub tax_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub invoice_email: String,
    pub phone: String,
    pub currency: String,
    pub payment_terms_days: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub active: bool,
    pub tags: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AccountRow {
    pub fn to_dto(&self) -> AccountDto {
        AccountDto {
            id: self.id,
            name: self.name.clone(),
            legal_name: self.legal_name.clone(),
            tax_id: self.tax_id.clone(),
            billing_address: self.billing_address.clone(),
            shipping_address: self.shipping_address.clone(),
            invoice_email: self.invoice_email.clone(),
            phone: self.phone.clone(),
            currency: self.currency.clone(),
            payment_terms_days: self.payment_terms_days,
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            active: self.active,
            tags: self.tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const SELECT: &str = "SELECT a.id, a.name, a.name_key, a.legal_name, a.tax_id, a.billing_address, a.shipping_address,
        a.invoice_email, a.phone, a.currency, a.payment_terms_days, a.owner_id, u.name AS owner_name, a.active,
        a.tags, a.created_at, a.updated_at
    FROM accounts a JOIN users u ON u.id = a.owner_id";

/// Tags are stored as ",a,b," so one tag is found with LIKE '%,tag,%'.
fn stored_tags(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!(",{},", tags.join(","))
    }
}

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<AccountRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "a.id", id).await
}

/// The account for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<AccountRow, crate::error::AppError> {
    super::lock_for_update(tx, "accounts", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// What the list filters on, already resolved (owner "me" is an id by now).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub owner_id: Option<i64>,
    /// None: both active and inactive.
    pub active: Option<bool>,
    pub tag: Option<String>,
}

pub fn order(sort: AccountSort) -> Order {
    Order::by_name_or_newest(sort == AccountSort::Name, "a.name_key", "a.id")
}

fn push_filter(qb: &mut QueryBuilder<'_, Db>, f: &Filter) {
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        qb.push(" AND a.name_key LIKE ").push_bind(contains(s)).push(format!(" {ESCAPE}"));
    }
    if let Some(o) = f.owner_id {
        qb.push(" AND a.owner_id = ").push_bind(o);
    }
    if let Some(active) = f.active {
        qb.push(" AND a.active = ").push_bind(active);
    }
    if let Some(t) = &f.tag {
        let tag = super::search::escape(&t.to_lowercase());
        qb.push(" AND a.tags LIKE ").push_bind(format!("%,{tag},%")).push(format!(" {ESCAPE}"));
    }
}

/// One page (limit + 1 rows, in query order) of the filtered list.
pub async fn page(
    pool: &Pool,
    f: &Filter,
    sort: AccountSort,
    position: &Position,
    limit: usize,
) -> Result<Vec<AccountRow>, sqlx::Error> {
    let order = order(sort);
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    push_filter(&mut qb, f);
    order.fetch_page(qb, pool, position, limit).await
}

pub async fn insert(tx: &mut Tx, a: &AccountInput, owner_id: i64) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    let q = sqlx::query(
        "INSERT INTO accounts (name, name_key, legal_name, tax_id, billing_address, shipping_address, invoice_email,
            phone, currency, payment_terms_days, owner_id, active, tags, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    );
    super::returning_id(tx, bind_fields(q, a, owner_id).bind(now)).await
}

/// Binds an account's stored fields in the column order its insert and update share ($1 to $13).
fn bind_fields<'q>(q: super::Query<'q>, a: &'q AccountInput, owner_id: i64) -> super::Query<'q> {
    q.bind(&a.name)
        .bind(a.name.to_lowercase())
        .bind(&a.legal_name)
        .bind(&a.tax_id)
        .bind(&a.billing_address)
        .bind(&a.shipping_address)
        .bind(&a.invoice_email)
        .bind(&a.phone)
        .bind(a.currency.code())
        .bind(a.payment_terms_days)
        .bind(owner_id)
        .bind(a.active)
        .bind(stored_tags(&a.tags))
}

pub async fn update(tx: &mut Tx, id: i64, a: &AccountInput, owner_id: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE accounts SET name = $1, name_key = $2, legal_name = $3, tax_id = $4, billing_address = $5,
            shipping_address = $6, invoice_email = $7, phone = $8, currency = $9, payment_terms_days = $10,
            owner_id = $11, active = $12, tags = $13, updated_at = $14
         WHERE id = $15",
    );
    bind_fields(q, a, owner_id).bind(Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}

pub async fn set_owner(tx: &mut Tx, id: i64, owner_id: i64) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "accounts", "owner_id", id, owner_id).await
}

/// Active accounts per owner: (owner_id, count).
pub async fn count_by_owner(pool: &Pool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, i64)>("SELECT owner_id, COUNT(*) FROM accounts WHERE active = TRUE GROUP BY owner_id")
        .fetch_all(pool)
        .await
}

/// (id, name, currency) of active accounts for pickers, by name, optionally only one owner's.
pub async fn names(pool: &Pool, owner_id: Option<i64>, limit: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String, String)>(
        "SELECT id, name, currency FROM accounts WHERE active = TRUE AND ($1 IS NULL OR owner_id = $1) ORDER BY name_key, id LIMIT $2",
    )
    .bind(owner_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}
