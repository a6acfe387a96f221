//! SQL for invoices: rows with account, order and owner names, the filtered keyset list, drafts,
//! issuing (number, dates, address), status and balance writes, disputes, lines (linked to the
//! order lines they invoice), and the aggregates of the dashboard and the dunning job.
use super::keyset::Order;
use super::lines::{LineRow, LineTable, COLUMNS};
use super::search::{contains, ESCAPE};
use super::{Db, Pool, Tx};
use crate::model::invoice::{InvoiceDto, InvoiceStatus};
use crate::model::list::Position;
use crate::model::money::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

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

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<InvoiceRow>, sqlx::Error> {
    sqlx::query_as::<Db, InvoiceRow>(&format!("{SELECT} WHERE i.id = $1")).bind(id).fetch_optional(ex).await
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
        let like = contains(s);
        qb.push(" AND (lower(i.number) LIKE ")
            .push_bind(like.clone())
            .push(format!(" {ESCAPE} OR a.name_key LIKE "))
            .push_bind(like)
            .push(format!(" {ESCAPE})"));
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
    ORDER.push_after(&mut qb, position);
    ORDER.push_order(&mut qb, position, limit);
    qb.build_query_as::<InvoiceRow>().fetch_all(pool).await
}

/// A draft's header as stored.
pub struct Draft<'a> {
    pub account_id: i64,
    pub sales_order_id: Option<i64>,
    pub owner_id: i64,
    pub currency: &'a str,
    pub due_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: &'a str,
    pub customer_reference: &'a str,
    pub notes: &'a str,
    pub terms_text: &'a str,
}

/// Totals in minor units: (subtotal, tax total, total).
pub type Totals = (i64, i64, i64);

pub async fn insert_draft(tx: &mut Tx, d: &Draft<'_>, t: Totals) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO invoices (account_id, sales_order_id, owner_id, status, currency, due_date, payment_terms_days,
            billing_address, customer_reference, notes, terms_text, subtotal_minor, tax_total_minor, total_minor,
            balance_minor, created_at, updated_at)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $14) RETURNING id",
    )
    .bind(d.account_id)
    .bind(d.sales_order_id)
    .bind(d.owner_id)
    .bind(d.currency)
    .bind(d.due_date)
    .bind(d.payment_terms_days)
    .bind(d.billing_address)
    .bind(d.customer_reference)
    .bind(d.notes)
    .bind(d.terms_text)
    .bind(t.0)
    .bind(t.1)
    .bind(t.2)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_draft(tx: &mut Tx, id: i64, d: &Draft<'_>, t: Totals) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invoices SET owner_id = $1, due_date = $2, payment_terms_days = $3, billing_address = $4,
            customer_reference = $5, notes = $6, terms_text = $7, subtotal_minor = $8, tax_total_minor = $9,
            total_minor = $10, balance_minor = $10, updated_at = $11
         WHERE id = $12 AND status = 'draft'",
    )
    .bind(d.owner_id)
    .bind(d.due_date)
    .bind(d.payment_terms_days)
    .bind(d.billing_address)
    .bind(d.customer_reference)
    .bind(d.notes)
    .bind(d.terms_text)
    .bind(t.0)
    .bind(t.1)
    .bind(t.2)
    .bind(Utc::now())
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Deletes a draft and its lines (drafts have no number, so nothing is lost from the series).
pub async fn delete_draft(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM invoices WHERE id = $1 AND status = 'draft'").bind(id).execute(&mut **tx).await.map(|_| ())
}

/// Freezes a draft as issued: its number, dates and billing address.
pub async fn issue(
    tx: &mut Tx,
    id: i64,
    number: &str,
    status: &str,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    billing_address: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invoices SET number = $1, status = $2, issue_date = $3, due_date = $4, billing_address = $5,
            updated_at = $6
         WHERE id = $7 AND status = 'draft'",
    )
    .bind(number)
    .bind(status)
    .bind(issue_date)
    .bind(due_date)
    .bind(billing_address)
    .bind(Utc::now())
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invoices SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

pub async fn mark_sent(tx: &mut Tx, id: i64, status: &str) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    sqlx::query("UPDATE invoices SET status = $1, sent_at = $2, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

pub async fn mark_void(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    sqlx::query("UPDATE invoices SET status = 'void', voided_at = $1, balance_minor = 0, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Writes the balance's parts and the status they give.
pub async fn set_amounts(tx: &mut Tx, id: i64, credited: i64, paid: i64, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invoices SET credited_minor = $1, paid_minor = $2, balance_minor = total_minor - $1 - $2, status = $3,
            updated_at = $4
         WHERE id = $5",
    )
    .bind(credited)
    .bind(paid)
    .bind(status)
    .bind(Utc::now())
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

pub async fn set_disputed(tx: &mut Tx, id: i64, disputed: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invoices SET disputed = $1, updated_at = $2 WHERE id = $3")
        .bind(disputed)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// Where invoices keep their lines; each may name the order line it invoices.
pub const LINES: LineTable =
    LineTable { table: "invoice_lines", parent: "invoice_id", link: Some("sales_order_line_id") };

#[derive(Clone, Debug, FromRow)]
pub struct InvoiceLineRow {
    #[sqlx(flatten)]
    pub line: LineRow,
    pub sales_order_line_id: Option<i64>,
}

pub async fn lines<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Vec<InvoiceLineRow>, sqlx::Error> {
    sqlx::query_as::<Db, InvoiceLineRow>(&format!(
        "SELECT {COLUMNS}, sales_order_line_id FROM invoice_lines WHERE invoice_id = $1 ORDER BY position, id"
    ))
    .bind(id)
    .fetch_all(ex)
    .await
}

/// Open invoices that passed their due date with a balance (`status` still issued, sent or
/// partially paid): (id, status).
pub async fn newly_overdue(pool: &Pool, today: NaiveDate) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM invoices WHERE status IN ('issued', 'sent', 'partially_paid') AND balance_minor > 0
            AND due_date < $1 ORDER BY id",
    )
    .bind(today)
    .fetch_all(pool)
    .await
}

/// Open, undisputed invoices with a balance whose reminder window has begun (due on or before
/// `until`): (id, due date).
pub async fn reminder_candidates(pool: &Pool, until: NaiveDate) -> Result<Vec<(i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, NaiveDate)>(
        "SELECT id, due_date FROM invoices WHERE status IN ('issued', 'sent', 'overdue', 'partially_paid')
            AND balance_minor > 0 AND disputed = FALSE AND due_date IS NOT NULL AND due_date <= $1 ORDER BY id",
    )
    .bind(until)
    .fetch_all(pool)
    .await
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

/// The customer-link dispute questions of an invoice, newest first.
#[derive(Clone, Debug, FromRow)]
pub struct DisputeRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by_name: Option<String>,
    pub resolution: Option<String>,
}

pub async fn disputes(pool: &Pool, invoice_id: i64) -> Result<Vec<DisputeRow>, sqlx::Error> {
    sqlx::query_as::<Db, DisputeRow>(
        "SELECT d.id, d.name, d.email, d.message, d.created_at, d.resolved_at, u.name AS resolved_by_name, d.resolution
         FROM invoice_disputes d LEFT JOIN users u ON u.id = d.resolved_by WHERE d.invoice_id = $1 ORDER BY d.id DESC",
    )
    .bind(invoice_id)
    .fetch_all(pool)
    .await
}

pub async fn insert_dispute(
    tx: &mut Tx,
    invoice_id: i64,
    name: &str,
    email: &str,
    message: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO invoice_disputes (invoice_id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(invoice_id)
    .bind(name)
    .bind(email)
    .bind(message)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// Resolves the open questions of an invoice; returns how many there were.
pub async fn resolve_disputes(tx: &mut Tx, invoice_id: i64, by: i64, resolution: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invoice_disputes SET resolved_at = $1, resolved_by = $2, resolution = $3
         WHERE invoice_id = $4 AND resolved_at IS NULL",
    )
    .bind(Utc::now())
    .bind(by)
    .bind(resolution)
    .bind(invoice_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// The reminder steps already sent for an invoice.
pub async fn reminder_steps(pool: &Pool, invoice_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT step FROM invoice_reminders WHERE invoice_id = $1")
        .bind(invoice_id)
        .fetch_all(pool)
        .await
}

/// Claims a reminder step in the caller's transaction: false when it was already claimed (by an
/// earlier run or by another instance at the same time), so each step is sent at most once.
pub async fn claim_reminder(tx: &mut Tx, invoice_id: i64, step: i64) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query(
        "INSERT INTO invoice_reminders (invoice_id, step, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (invoice_id, step) DO NOTHING",
    )
    .bind(invoice_id)
    .bind(step)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(rows == 1)
}

pub async fn set_reminder_outbox(tx: &mut Tx, invoice_id: i64, step: i64, outbox_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invoice_reminders SET outbox_id = $1 WHERE invoice_id = $2 AND step = $3")
        .bind(outbox_id)
        .bind(invoice_id)
        .bind(step)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}
