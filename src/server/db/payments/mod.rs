//! SQL for payments: rows with account names, the filtered keyset list, locking, recording and
//! status writes. Allocations and the sums balances come from are in `allocations`; refunds, an
//! account's credit and ledger, and cash by month in `ledger`.
use super::keyset::Order;
use super::search::push_contains;
use super::{Db, Executor, Pool, Tx};
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::payment::{PaymentDto, PaymentMethod, PaymentStatus};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, QueryBuilder};

mod allocations;
mod ledger;
pub use allocations::{
    allocations_of_invoice, allocations_of_payment, insert_allocation, paid_on_invoice, pending_on_invoice,
    reduce_allocation, AllocationRow,
};
pub use ledger::{credit_of_account, insert_refund, ledger, received_by_month, refunds, LedgerRow, RefundRow};

#[derive(Clone, Debug, FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub received_on: NaiveDate,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    #[sqlx(try_from = "String")]
    pub method: PaymentMethod,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    pub cheque_number: String,
    pub cheque_bank: String,
    pub cheque_date: Option<NaiveDate>,
    pub card_reference: String,
    pub card_last4: String,
    pub transfer_reference: String,
    pub reference: String,
    pub notes: String,
    pub allocated_minor: i64,
    pub refunded_minor: i64,
    pub receipt_number: Option<String>,
    pub failure_reason: Option<String>,
    pub reconciled: bool,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl PaymentRow {
    pub fn status(&self) -> PaymentStatus {
        self.status
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    /// What is neither allocated nor refunded: the account's credit from this payment.
    pub fn unallocated_minor(&self) -> i64 {
        self.amount_minor - self.refunded_minor - self.allocated_minor
    }
    pub fn to_dto(&self) -> PaymentDto {
        let c = self.currency();
        let m = |v: i64| c.from_minor(v).to_string();
        PaymentDto {
            id: self.id,
            number: self.number.clone(),
            account_id: self.account_id,
            account_name: self.account_name.clone(),
            date: self.received_on,
            amount: m(self.amount_minor),
            currency: self.currency.to_string(),
            method: self.method,
            status: self.status(),
            cheque_number: self.cheque_number.clone(),
            cheque_bank: self.cheque_bank.clone(),
            cheque_date: self.cheque_date,
            card_reference: self.card_reference.clone(),
            card_last4: self.card_last4.clone(),
            transfer_reference: self.transfer_reference.clone(),
            reference: self.reference.clone(),
            notes: self.notes.clone(),
            allocated: m(self.allocated_minor),
            refunded: m(self.refunded_minor),
            unallocated: m(self.unallocated_minor()),
            receipt_number: self.receipt_number.clone(),
            failure_reason: self.failure_reason.clone(),
            reconciled: self.reconciled,
            created_by_name: self.created_by_name.clone(),
            created_at: self.created_at,
        }
    }
}

const SELECT: &str = "SELECT p.id, p.number, p.account_id, a.name AS account_name, p.received_on, p.amount_minor,
        p.currency, p.method, p.status, p.cheque_number, p.cheque_bank, p.cheque_date, p.card_reference, p.card_last4,
        p.transfer_reference, p.reference, p.notes, p.allocated_minor, p.refunded_minor, p.receipt_number,
        p.failure_reason, p.reconciled, u.name AS created_by_name, p.created_at
    FROM payments p JOIN accounts a ON a.id = p.account_id LEFT JOIN users u ON u.id = p.created_by";

pub async fn by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<PaymentRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "p.id", id).await
}

/// The payment for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<PaymentRow, crate::error::AppError> {
    super::lock_for_update(tx, "payments", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

pub async fn by_form_key(tx: &mut Tx, key: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM payments WHERE form_key = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub methods: Vec<&'static str>,
    pub statuses: Vec<&'static str>,
    pub account_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub reconciled: Option<bool>,
}

/// Newest first, by id.
pub const ORDER: Order = Order { key: None, id: "p.id", descending: true };

pub async fn page(pool: &Pool, f: &Filter, position: &Position, limit: usize) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(s) = &f.search {
        push_contains(&mut qb, &["lower(p.number)", "lower(p.reference)", "a.name_key"], s);
    }
    super::push_in(&mut qb, "p.method", &f.methods);
    super::push_in(&mut qb, "p.status", &f.statuses);
    if let Some(a) = f.account_id {
        qb.push(" AND p.account_id = ").push_bind(a);
    }
    if let Some(d) = f.from {
        qb.push(" AND p.received_on >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND p.received_on <= ").push_bind(d);
    }
    if let Some(r) = f.reconciled {
        qb.push(" AND p.reconciled = ").push_bind(r);
    }
    ORDER.fetch_page(qb, pool, position, limit).await
}

/// A payment as stored.
pub struct NewPayment<'a> {
    pub number: &'a str,
    pub account_id: i64,
    pub received_on: NaiveDate,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub method: &'a str,
    pub status: &'a str,
    pub cheque_number: &'a str,
    pub cheque_bank: &'a str,
    pub cheque_date: Option<NaiveDate>,
    pub card_reference: &'a str,
    pub card_last4: &'a str,
    pub transfer_reference: &'a str,
    pub reference: &'a str,
    pub notes: &'a str,
    pub receipt_number: Option<&'a str>,
    pub form_key: Option<&'a str>,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, p: &NewPayment<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO payments (number, account_id, received_on, amount_minor, currency, method, status, cheque_number,
            cheque_bank, cheque_date, card_reference, card_last4, transfer_reference, reference, notes, receipt_number,
            form_key, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
    )
    .bind(p.number)
    .bind(p.account_id)
    .bind(p.received_on)
    .bind(p.amount_minor)
    .bind(p.currency)
    .bind(p.method)
    .bind(p.status)
    .bind(p.cheque_number)
    .bind(p.cheque_bank)
    .bind(p.cheque_date)
    .bind(p.card_reference)
    .bind(p.card_last4)
    .bind(p.transfer_reference)
    .bind(p.reference)
    .bind(p.notes)
    .bind(p.receipt_number)
    .bind(p.form_key)
    .bind(p.created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// Moves the payment to `status`; a receipt number and a failure reason are kept when given.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: &str,
    receipt_number: Option<&str>,
    failure_reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET status = $1, receipt_number = COALESCE($2, receipt_number),
            failure_reason = COALESCE($3, failure_reason), updated_at = $4 WHERE id = $5",
    )
    .bind(status)
    .bind(receipt_number)
    .bind(failure_reason)
    .bind(Utc::now())
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Re-adds the payment's allocations and refunds into its stored sums.
pub async fn refresh_sums(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET
            allocated_minor = CAST(COALESCE((SELECT SUM(amount_minor) FROM payment_allocations WHERE payment_id = $1), 0) AS BIGINT),
            refunded_minor = CAST(COALESCE((SELECT SUM(amount_minor) FROM payment_refunds WHERE payment_id = $1), 0) AS BIGINT),
            updated_at = $2
         WHERE id = $1",
    )
    .bind(id)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

pub async fn set_reconciled(tx: &mut Tx, id: i64, reconciled: bool) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "payments", "reconciled", id, reconciled).await
}
