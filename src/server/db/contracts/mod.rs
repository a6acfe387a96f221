//! SQL for renewal / AMC contracts: rows with account, contact and owner names and the current
//! and previous terms' totals, the filtered keyset list, header and schedule writes, the covered
//! lines, and the ids the renewal job has work for. Terms, settings, coverage, reminders and the
//! dashboard's figures have files of their own.
pub mod bulk;
pub mod changes;
pub mod coverage;
pub mod reminders;
pub mod settings;
pub mod stats;
pub mod terms;

use super::keyset::Order;
use super::lines::LineTable;
use super::search::push_contains;
use super::{Db, Pool, Tx};
use crate::model::contract::{Billing, ContractStatus, UpliftKind};
use crate::model::list::Position;
use crate::model::money::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct ContractRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    /// The account's owner: sales manage the contracts of their accounts.
    pub account_owner_id: i64,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: ContractStatus,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub term_months: i64,
    #[sqlx(try_from = "String")]
    pub billing: Billing,
    pub start_date: NaiveDate,
    pub bill_from: NaiveDate,
    pub auto_renew: bool,
    pub notice_days: i64,
    #[sqlx(try_from = "String")]
    pub uplift_kind: UpliftKind,
    pub uplift_percent: Option<String>,
    pub uplift_cap: Option<String>,
    pub uplift_floor: Option<String>,
    pub uplift_index_base: Option<String>,
    pub sla_tier: Option<String>,
    pub sales_order_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    /// The last term's number (0 while pending: no term yet) and last day.
    pub term_number: i64,
    pub end_date: NaiveDate,
    pub notice_date: NaiveDate,
    pub next_bill_date: Option<NaiveDate>,
    pub cancel_reason: Option<String>,
    pub cancel_at: Option<NaiveDate>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub notes: String,
    pub subtotal_minor: i64,
    pub tax_total_minor: i64,
    pub total_minor: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The last term's start and total, and the one before's total (for a renewal waiting to start).
    pub last_start: Option<NaiveDate>,
    pub last_total: Option<i64>,
    pub prev_total: Option<i64>,
}

const SELECT: &str = "SELECT c.id, c.number, c.account_id, a.name AS account_name, a.owner_id AS account_owner_id,
        c.contact_id,
        ct.name AS contact_name, c.owner_id, u.name AS owner_name, c.title, c.status, c.currency, c.term_months,
        c.billing, c.start_date, c.bill_from, c.auto_renew, c.notice_days, c.uplift_kind, c.uplift_percent,
        c.uplift_cap, c.uplift_floor, c.uplift_index_base, c.sla_tier, c.sales_order_id, c.opportunity_id,
        c.term_number, c.end_date, c.notice_date, c.next_bill_date, c.cancel_reason, c.cancel_at, c.cancelled_at,
        c.notes, c.subtotal_minor, c.tax_total_minor, c.total_minor, c.created_at, c.updated_at,
        t.start_date AS last_start, t.total_minor AS last_total, p.total_minor AS prev_total
    FROM contracts c JOIN accounts a ON a.id = c.account_id JOIN users u ON u.id = c.owner_id
        LEFT JOIN contacts ct ON ct.id = c.contact_id
        LEFT JOIN contract_terms t ON t.contract_id = c.id AND t.number = c.term_number
        LEFT JOIN contract_terms p ON p.contract_id = c.id AND p.number = c.term_number - 1";

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<ContractRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "c.id", id).await
}

/// The contract for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut Tx, id: i64) -> Result<ContractRow, crate::error::AppError> {
    super::lock_for_update(tx, "contracts", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    /// Exactly these statuses (empty: all).
    pub statuses: Vec<&'static str>,
    /// Active, not cancelled at the term's end, the term ending within these days from `today`.
    pub due_within: Option<(NaiveDate, NaiveDate)>,
    /// Active contracts whose notice deadline is before this day and whose term has not ended.
    pub notice_passed_on: Option<NaiveDate>,
    pub auto_renew: Option<bool>,
    pub account_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub by_end: bool,
}

/// The two orders of the list: newest first, or by the last term's end (soonest first).
pub fn order(by_end: bool) -> Order {
    if by_end {
        Order { key: Some("c.end_key"), id: "c.id", descending: false }
    } else {
        Order { key: None, id: "c.id", descending: true }
    }
}

pub async fn page(pool: &Pool, f: &Filter, position: &Position, limit: usize) -> Result<Vec<ContractRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        push_contains(&mut qb, &["lower(c.number)", "lower(c.title)", "a.name_key"], s);
    }
    super::push_in(&mut qb, "c.status", &f.statuses);
    if let Some((from, to)) = f.due_within {
        qb.push(" AND c.status = 'active' AND c.cancel_at IS NULL AND c.end_date >= ")
            .push_bind(from)
            .push(" AND c.end_date <= ")
            .push_bind(to);
    }
    if let Some(day) = f.notice_passed_on {
        qb.push(" AND c.status = 'active' AND c.cancel_at IS NULL AND c.notice_date < ")
            .push_bind(day)
            .push(" AND c.end_date >= ")
            .push_bind(day);
    }
    if let Some(a) = f.auto_renew {
        qb.push(" AND c.auto_renew = ").push_bind(a);
    }
    if let Some(a) = f.account_id {
        qb.push(" AND c.account_id = ").push_bind(a);
    }
    if let Some(o) = f.owner_id {
        qb.push(" AND c.owner_id = ").push_bind(o);
    }
    order(f.by_end).fetch_page(qb, pool, position, limit).await
}

/// The header as stored (lines, terms and the schedule columns are written separately).
pub struct Header<'a> {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub owner_id: i64,
    pub title: &'a str,
    pub currency: &'a str,
    pub term_months: i64,
    pub billing: &'a str,
    pub start_date: NaiveDate,
    pub bill_from: NaiveDate,
    pub auto_renew: bool,
    pub notice_days: i64,
    pub uplift_kind: &'a str,
    pub uplift_percent: Option<String>,
    pub uplift_cap: Option<String>,
    pub uplift_floor: Option<String>,
    pub sla_tier: Option<String>,
    pub sales_order_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub notes: &'a str,
}

/// Totals in minor units: (subtotal, tax total, total).
pub type Totals = (i64, i64, i64);

/// The list's sort key for a term's end: the date as 'YYYY-MM-DD' text, which the keyset cursor
/// compares as text and an index serves on both engines (a CAST of the date column cannot be indexed
/// on PostgreSQL: date-to-text depends on DateStyle).
pub fn end_key(end: NaiveDate) -> String {
    end.format("%Y-%m-%d").to_string()
}

/// A pending contract: no term yet; `end_date` and `notice_date` are the first term's.
pub async fn insert(
    tx: &mut Tx,
    number: &str,
    h: &Header<'_>,
    totals: Totals,
    end_date: NaiveDate,
    notice_date: NaiveDate,
) -> Result<i64, sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO contracts (number, account_id, contact_id, owner_id, title, currency, term_months, billing,
            start_date, bill_from, auto_renew, notice_days, uplift_kind, uplift_percent, uplift_cap, uplift_floor,
            sla_tier, sales_order_id, opportunity_id, notes, subtotal_minor, tax_total_minor, total_minor,
            end_date, notice_date, end_key, status, term_number, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
            $23, $24, $25, $26, 'pending', 0, $27, $27)
         RETURNING id",
    );
    let q = bind_header(q.bind(number).bind(h.account_id), h, totals)
        .bind(end_date)
        .bind(notice_date)
        .bind(end_key(end_date));
    super::returning_id(tx, q.bind(Utc::now())).await
}

/// Binds what insert and update share, in their column order (contact through notes, then the totals).
fn bind_header<'q>(q: super::Query<'q>, h: &Header<'q>, t: Totals) -> super::Query<'q> {
    q.bind(h.contact_id)
        .bind(h.owner_id)
        .bind(h.title)
        .bind(h.currency)
        .bind(h.term_months)
        .bind(h.billing)
        .bind(h.start_date)
        .bind(h.bill_from)
        .bind(h.auto_renew)
        .bind(h.notice_days)
        .bind(h.uplift_kind)
        .bind(h.uplift_percent.clone())
        .bind(h.uplift_cap.clone())
        .bind(h.uplift_floor.clone())
        .bind(h.sla_tier.clone())
        .bind(h.sales_order_id)
        .bind(h.opportunity_id)
        .bind(h.notes)
        .bind(t.0)
        .bind(t.1)
        .bind(t.2)
}

pub async fn update(tx: &mut Tx, id: i64, h: &Header<'_>, totals: Totals) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE contracts SET contact_id = $1, owner_id = $2, title = $3, currency = $4, term_months = $5,
            billing = $6, start_date = $7, bill_from = $8, auto_renew = $9, notice_days = $10, uplift_kind = $11,
            uplift_percent = $12, uplift_cap = $13, uplift_floor = $14, sla_tier = $15, sales_order_id = $16,
            opportunity_id = $17, notes = $18, subtotal_minor = $19, tax_total_minor = $20, total_minor = $21,
            updated_at = $22
         WHERE id = $23",
    );
    bind_header(q, h, totals).bind(Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}

/// The columns that follow the terms: the last term's number and end, its notice deadline, and
/// the next billing period still to invoice.
pub struct Schedule {
    pub term_number: i64,
    pub end_date: NaiveDate,
    pub notice_date: NaiveDate,
    pub next_bill_date: Option<NaiveDate>,
}

pub async fn set_schedule(tx: &mut Tx, id: i64, s: &Schedule) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE contracts SET term_number = $1, end_date = $2, notice_date = $3, next_bill_date = $4, updated_at = $5,
            end_key = $6 WHERE id = $7",
    )
    .bind(s.term_number)
    .bind(s.end_date)
    .bind(s.notice_date)
    .bind(s.next_bill_date)
    .bind(Utc::now())
    .bind(end_key(s.end_date))
    .bind(id);
    super::run(tx, q).await
}

pub async fn set_next_bill_date(tx: &mut Tx, id: i64, day: Option<NaiveDate>) -> Result<(), sqlx::Error> {
    super::run(tx, sqlx::query("UPDATE contracts SET next_bill_date = $1 WHERE id = $2").bind(day).bind(id)).await
}

pub async fn set_status(tx: &mut Tx, id: i64, status: ContractStatus) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE contracts SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(Utc::now())
        .bind(id);
    super::run(tx, q).await
}

/// Records a cancellation: now (`status` cancelled, `cancelled_at` set) or scheduled for `cancel_at`.
pub async fn set_cancellation(
    tx: &mut Tx,
    id: i64,
    status: ContractStatus,
    reason: &str,
    cancel_at: Option<NaiveDate>,
    cancelled_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE contracts SET status = $1, cancel_reason = $2, cancel_at = $3, cancelled_at = $4, next_bill_date =
            CASE WHEN $1 = 'cancelled' THEN NULL ELSE next_bill_date END, updated_at = $5 WHERE id = $6",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(cancel_at)
    .bind(cancelled_at)
    .bind(Utc::now())
    .bind(id);
    super::run(tx, q).await
}

pub async fn set_index_base(tx: &mut Tx, id: i64, base: Option<String>) -> Result<(), sqlx::Error> {
    super::run(tx, sqlx::query("UPDATE contracts SET uplift_index_base = $1 WHERE id = $2").bind(base).bind(id)).await
}

/// Where contracts keep their covered lines (the next term's; each term keeps its own, `terms::LINES`).
pub const LINES: LineTable = LineTable { table: "contract_lines", parent: "contract_id", link: None };

/// Contracts the renewal job has work for on `today`, after id `after`: pending ones whose start
/// arrived, active ones whose term ends today or ended, whose next billing period started, or
/// whose scheduled cancellation passed.
pub async fn due_for_job(pool: &Pool, today: NaiveDate, after: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM contracts
         WHERE id > $1 AND ((status = 'pending' AND start_date <= $2)
            OR (status = 'active' AND (end_date <= $2 OR next_bill_date <= $2)))
         ORDER BY id LIMIT $3",
    )
    .bind(after)
    .bind(today)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The covered lines' totals after a renewal re-priced them.
pub async fn set_totals(tx: &mut Tx, id: i64, t: Totals) -> Result<(), sqlx::Error> {
    let q =
        sqlx::query("UPDATE contracts SET subtotal_minor = $1, tax_total_minor = $2, total_minor = $3 WHERE id = $4")
            .bind(t.0)
            .bind(t.1)
            .bind(t.2)
            .bind(id);
    super::run(tx, q).await
}

/// The number of the contract whose billing period `invoice_id` invoices, if any.
pub async fn contract_of_invoice(tx: &mut Tx, invoice_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<Db, String>(
        "SELECT c.number FROM contract_invoices ci JOIN contract_terms t ON t.id = ci.term_id
            JOIN contracts c ON c.id = t.contract_id WHERE ci.invoice_id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut **tx)
    .await
}
