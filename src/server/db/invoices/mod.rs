//! SQL for invoices: rows with account, order and owner names, the filtered keyset list, locking,
//! the aging aggregate; writes and lines in `drafts`, the dunning job in `dunning`.
use super::keyset::Order;
use super::search::push_contains;
use super::{Db, Executor, Pool, Tx};
use crate::model::invoice::{InvoiceDto, InvoiceStatus};
use crate::model::list::Position;
use crate::model::money::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

mod drafts;
mod dunning;
pub use drafts::{
    delete_draft, insert_draft, issue, lines, mark_sent, mark_void, set_amounts, set_status, update_draft, Draft,
    InvoiceLineRow, Totals, LINES,
};
pub use dunning::{claim_reminder, newly_overdue, reminder_candidates, reminder_steps, set_reminder_outbox};

#[derive(Clone, Debug, FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: Option<String>,
    pub account_id: i64,
    pub account_name: String,
    pub sales_order_id: Option<i64>,
    pub sales_order_number: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    #[sqlx(try_from = "String")]
    pub status: InvoiceStatus,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: String,
    pub customer_reference: String,
    pub notes: String,
    pub terms_text: String,
    pub subtotal_minor: i64,
    pub tax_total_minor: i64,
    pub total_minor: i64,
    pub credited_minor: i64,
    pub paid_minor: i64,
    pub balance_minor: i64,
    pub disputed: bool,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl InvoiceRow {
    pub fn status(&self) -> InvoiceStatus {
        self.status
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn to_dto(&self) -> InvoiceDto {
        let c = self.currency();
        let m = |v: i64| c.from_minor(v).to_string();
        InvoiceDto {
            id: self.id,
            number: self.number.clone(),
            account_id: self.account_id,
            account_name: self.account_name.clone(),
            sales_order_id: self.sales_order_id,
            sales_order_number: self.sales_order_number.clone(),
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            status: self.status(),
            currency: self.currency.to_string(),
            issue_date: self.issue_date,
            due_date: self.due_date,
            payment_terms_days: self.payment_terms_days,
            billing_address: self.billing_address.clone(),
            customer_reference: self.customer_reference.clone(),
            notes: self.notes.clone(),
            terms_text: self.terms_text.clone(),
            subtotal: m(self.subtotal_minor),
            tax_total: m(self.tax_total_minor),
            total: m(self.total_minor),
            credited: m(self.credited_minor),
            paid: m(self.paid_minor),
            balance: m(self.balance_minor),
            disputed: self.disputed,
            sent_at: self.sent_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const SELECT: &str = "SELECT i.id, i.number, i.account_id, a.name AS account_name, i.sales_order_id,
        so.number AS sales_order_number, i.owner_id, u.name AS owner_name, i.status, i.currency, i.issue_date,
        i.due_date, i.payment_terms_days, i.billing_address, i.customer_reference, i.notes, i.terms_text,
        i.subtotal_minor, i.tax_total_minor, i.total_minor, i.credited_minor, i.paid_minor, i.balance_minor,
        i.disputed, i.sent_at, i.created_at, i.updated_at
    FROM invoices i JOIN accounts a ON a.id = i.account_id JOIN users u ON u.id = i.owner_id
        LEFT JOIN sales_orders so ON so.id = i.sales_order_id";

pub async fn by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<InvoiceRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "i.id", id).await
}

/// The invoice for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<InvoiceRow, crate::error::AppError> {
    super::lock_for_update(tx, "invoices", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// Locks the invoice for the rest of the transaction, so payments, credit notes and status
/// changes racing for its balance run one after the other.
/// An issued invoice's id by its number (any case).
pub async fn id_by_number(tx: &mut Tx, number: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM invoices WHERE number = $1")
        .bind(number.trim().to_uppercase())
        .fetch_optional(&mut **tx)
        .await
}

pub async fn lock(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    super::lock_row(tx, "invoices", id).await
}

/// Locks several invoices, always in ascending id order: two writers that each need a set of
/// invoices (an allocation across invoices, a refund of a payment spread over them) then queue
/// instead of each holding one and waiting for the other's (a deadlock on PostgreSQL).
pub async fn lock_all(tx: &mut Tx, ids: impl IntoIterator<Item = i64>) -> Result<(), sqlx::Error> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        super::lock_row(tx, "invoices", id).await?;
    }
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub statuses: Vec<&'static str>,
    /// Past due with a balance, as of this day.
    pub overdue_on: Option<NaiveDate>,
    pub disputed: bool,
    pub account_id: Option<i64>,
    pub order_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub min_total: Option<i64>,
    pub max_total: Option<i64>,
}

/// Newest first, by id.
pub const ORDER: Order = Order { key: None, id: "i.id", descending: true };

pub async fn page(pool: &Pool, f: &Filter, position: &Position, limit: usize) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        push_contains(&mut qb, &["lower(i.number)", "a.name_key"], s);
    }
    super::push_in(&mut qb, "i.status", &f.statuses);
    if let Some(d) = f.overdue_on {
        qb.push(" AND i.status IN ('issued', 'sent', 'overdue', 'partially_paid') AND i.balance_minor > 0 AND i.due_date < ")
            .push_bind(d);
    }
    if f.disputed {
        qb.push(" AND i.disputed = TRUE");
    }
    if let Some(a) = f.account_id {
        qb.push(" AND i.account_id = ").push_bind(a);
    }
    if let Some(o) = f.order_id {
        qb.push(" AND i.sales_order_id = ").push_bind(o);
    }
    if let Some(d) = f.from {
        qb.push(" AND i.issue_date >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND i.issue_date <= ").push_bind(d);
    }
    if let Some(m) = f.min_total {
        qb.push(" AND i.total_minor >= ").push_bind(m);
    }
    if let Some(m) = f.max_total {
        qb.push(" AND i.total_minor <= ").push_bind(m);
    }
    ORDER.fetch_page(qb, pool, position, limit).await
}

/// Open balances by currency and aging bucket (0 current … 4 over 90 days), computed from the due
/// dates the buckets start at: (currency, bucket, invoices, balance in minor units).
pub async fn aging(pool: &Pool, today: NaiveDate) -> Result<Vec<(String, i64, i64, i64)>, sqlx::Error> {
    let d = |n: i64| today - chrono::Duration::days(n);
    sqlx::query_as::<Db, (String, i64, i64, i64)>(
        "SELECT currency, CAST(CASE WHEN due_date >= $1 THEN 0 WHEN due_date >= $2 THEN 1 WHEN due_date >= $3 THEN 2
                WHEN due_date >= $4 THEN 3 ELSE 4 END AS BIGINT) AS bucket,
            COUNT(*), CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT)
         FROM invoices WHERE status IN ('issued', 'sent', 'overdue', 'partially_paid') AND balance_minor > 0
         GROUP BY currency, bucket ORDER BY currency, bucket",
    )
    .bind(today)
    .bind(d(30))
    .bind(d(60))
    .bind(d(90))
    .fetch_all(pool)
    .await
}
