//! SQL for sales orders: rows with account, contact, opportunity and owner names, the filtered
//! keyset list, header writes, lines (shared columns plus shipped / invoiced quantities), and the
//! dashboard's counts by status.
use super::keyset::Order;
use super::lines::{LineTable, COLUMNS};
use super::search::push_contains;
use super::{Db, Pool, Tx};
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::sales_order::{InvoicingStatus, OrderStatus, SalesOrderDto};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub opportunity_id: Option<i64>,
    pub opportunity_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    #[sqlx(try_from = "String")]
    pub invoicing_status: InvoicingStatus,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub order_date: NaiveDate,
    pub expected_delivery_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: String,
    pub shipping_address: String,
    pub customer_reference: String,
    pub notes: String,
    pub subtotal_minor: i64,
    pub tax_total_minor: i64,
    pub total_minor: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OrderRow {
    pub fn status(&self) -> OrderStatus {
        self.status
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn to_dto(&self) -> SalesOrderDto {
        let c = self.currency();
        SalesOrderDto {
            id: self.id,
            number: self.number.clone(),
            account_id: self.account_id,
            account_name: self.account_name.clone(),
            contact_id: self.contact_id,
            contact_name: self.contact_name.clone(),
            opportunity_id: self.opportunity_id,
            opportunity_name: self.opportunity_name.clone(),
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            status: self.status(),
            invoicing_status: self.invoicing_status,
            currency: self.currency.to_string(),
            order_date: self.order_date,
            expected_delivery_date: self.expected_delivery_date,
            payment_terms_days: self.payment_terms_days,
            billing_address: self.billing_address.clone(),
            shipping_address: self.shipping_address.clone(),
            customer_reference: self.customer_reference.clone(),
            notes: self.notes.clone(),
            subtotal: c.from_minor(self.subtotal_minor).to_string(),
            tax_total: c.from_minor(self.tax_total_minor).to_string(),
            total: c.from_minor(self.total_minor).to_string(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const SELECT: &str = "SELECT o.id, o.number, o.account_id, a.name AS account_name, o.contact_id,
        c.name AS contact_name, o.opportunity_id, p.name AS opportunity_name, o.owner_id, u.name AS owner_name,
        o.status, o.invoicing_status, o.currency, o.order_date, o.expected_delivery_date, o.payment_terms_days,
        o.billing_address, o.shipping_address, o.customer_reference, o.notes, o.subtotal_minor, o.tax_total_minor,
        o.total_minor, o.created_at, o.updated_at
    FROM sales_orders o JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id
        LEFT JOIN contacts c ON c.id = o.contact_id LEFT JOIN opportunities p ON p.id = o.opportunity_id";

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "o.id", id).await
}

/// The order for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<OrderRow, crate::error::AppError> {
    super::lock_for_update(tx, "sales_orders", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// Locks the order for the rest of the transaction, so shipments and invoices racing for the
/// same quantities run one after the other.
pub async fn lock(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    super::lock_row(tx, "sales_orders", id).await
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    /// Exactly these statuses (empty: all).
    pub statuses: Vec<&'static str>,
    pub account_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Newest first, by id: the list's only order (numbers grow with ids).
pub const ORDER: Order = Order { key: None, id: "o.id", descending: true };

pub async fn page(pool: &Pool, f: &Filter, position: &Position, limit: usize) -> Result<Vec<OrderRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        push_contains(&mut qb, &["lower(o.number)", "lower(o.customer_reference)", "a.name_key"], s);
    }
    super::push_in(&mut qb, "o.status", &f.statuses);
    if let Some(a) = f.account_id {
        qb.push(" AND o.account_id = ").push_bind(a);
    }
    if let Some(o) = f.owner_id {
        qb.push(" AND o.owner_id = ").push_bind(o);
    }
    if let Some(p) = f.opportunity_id {
        qb.push(" AND o.opportunity_id = ").push_bind(p);
    }
    if let Some(d) = f.from {
        qb.push(" AND o.order_date >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND o.order_date <= ").push_bind(d);
    }
    ORDER.fetch_page(qb, pool, position, limit).await
}

/// The header as stored (lines and totals are written separately).
pub struct Header<'a> {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub owner_id: i64,
    pub currency: &'a str,
    pub order_date: NaiveDate,
    pub expected_delivery_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: &'a str,
    pub shipping_address: &'a str,
    pub customer_reference: &'a str,
    pub notes: &'a str,
}

/// Totals in minor units: (subtotal, tax total, total).
pub type Totals = (i64, i64, i64);

pub async fn insert(tx: &mut Tx, number: &str, h: &Header<'_>, totals: Totals) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    let q = sqlx::query(
        "INSERT INTO sales_orders (number, account_id, contact_id, opportunity_id, owner_id, status, invoicing_status,
            currency, order_date, expected_delivery_date, payment_terms_days, billing_address, shipping_address,
            customer_reference, notes, subtotal_minor, tax_total_minor, total_minor, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', 'not_invoiced', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
         RETURNING id",
    );
    super::returning_id(tx, bind_header(q.bind(number).bind(h.account_id), h, totals).bind(now)).await
}

/// Binds the header fields and totals an order's insert and update share, in their column order
/// (contact through notes, then subtotal, tax total and total).
fn bind_header<'q>(q: super::Query<'q>, h: &Header<'q>, totals: Totals) -> super::Query<'q> {
    q.bind(h.contact_id)
        .bind(h.opportunity_id)
        .bind(h.owner_id)
        .bind(h.currency)
        .bind(h.order_date)
        .bind(h.expected_delivery_date)
        .bind(h.payment_terms_days)
        .bind(h.billing_address)
        .bind(h.shipping_address)
        .bind(h.customer_reference)
        .bind(h.notes)
        .bind(totals.0)
        .bind(totals.1)
        .bind(totals.2)
}

pub async fn update(tx: &mut Tx, id: i64, h: &Header<'_>, totals: Totals) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE sales_orders SET contact_id = $1, opportunity_id = $2, owner_id = $3, currency = $4, order_date = $5,
            expected_delivery_date = $6, payment_terms_days = $7, billing_address = $8, shipping_address = $9,
            customer_reference = $10, notes = $11, subtotal_minor = $12, tax_total_minor = $13, total_minor = $14,
            updated_at = $15
         WHERE id = $16",
    );
    bind_header(q, h, totals).bind(Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "sales_orders", "status", id, status.to_string()).await
}

pub async fn set_invoicing_status(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "sales_orders", "invoicing_status", id, status.to_string()).await
}

/// Where orders keep their lines.
pub const LINES: LineTable = LineTable { table: "sales_order_lines", parent: "sales_order_id", link: None };

/// A stored order line with its fulfilment and invoicing quantities.
#[derive(Clone, Debug, FromRow)]
pub struct OrderLineRow {
    #[sqlx(flatten)]
    pub line: super::lines::LineRow,
    pub shipped_quantity: String,
    pub invoiced_quantity: String,
}

pub async fn lines<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E, id: i64) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    sqlx::query_as::<Db, OrderLineRow>(&format!(
        "SELECT {COLUMNS}, shipped_quantity, invoiced_quantity FROM sales_order_lines
         WHERE sales_order_id = $1 ORDER BY position, id"
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}

pub async fn set_shipped(tx: &mut Tx, line_id: i64, shipped: &str) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE sales_order_lines SET shipped_quantity = $1 WHERE id = $2").bind(shipped).bind(line_id);
    crate::server::db::run(tx, q).await
}

pub async fn set_invoiced(tx: &mut Tx, line_id: i64, invoiced: &str) -> Result<(), sqlx::Error> {
    let q =
        sqlx::query("UPDATE sales_order_lines SET invoiced_quantity = $1 WHERE id = $2").bind(invoiced).bind(line_id);
    crate::server::db::run(tx, q).await
}

/// Orders per status and currency: (status, currency, count, sum of totals in minor units).
pub async fn by_status(pool: &Pool, owner_id: Option<i64>) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT status, currency, COUNT(*), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM sales_orders
         WHERE status NOT IN ('closed', 'cancelled')",
    );
    if let Some(o) = owner_id {
        qb.push(" AND owner_id = ").push_bind(o);
    }
    qb.push(" GROUP BY status, currency ORDER BY status, currency");
    qb.build_query_as::<(String, String, i64, i64)>().fetch_all(pool).await
}
