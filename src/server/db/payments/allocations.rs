//! SQL for allocations of payments to invoices, and the sums invoice balances are computed from.
use crate::model::money::Currency;
use crate::model::payment::PaymentStatus;
use crate::server::db::{Db, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct AllocationRow {
    pub id: i64,
    pub payment_id: i64,
    pub payment_number: String,
    #[sqlx(try_from = "String")]
    pub payment_status: PaymentStatus,
    pub invoice_id: i64,
    pub invoice_number: Option<String>,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub created_at: DateTime<Utc>,
}

const ALLOCATIONS: &str = "SELECT l.id, l.payment_id, p.number AS payment_number, p.status AS payment_status,
        l.invoice_id, i.number AS invoice_number, l.amount_minor, p.currency, l.created_at
    FROM payment_allocations l JOIN payments p ON p.id = l.payment_id JOIN invoices i ON i.id = l.invoice_id";

pub async fn allocations_of_payment<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    payment_id: i64,
) -> Result<Vec<AllocationRow>, sqlx::Error> {
    sqlx::query_as::<Db, AllocationRow>(&format!("{ALLOCATIONS} WHERE l.payment_id = $1 ORDER BY l.id"))
        .bind(payment_id)
        .fetch_all(ex)
        .await
}

pub async fn allocations_of_invoice<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    invoice_id: i64,
) -> Result<Vec<AllocationRow>, sqlx::Error> {
    sqlx::query_as::<Db, AllocationRow>(&format!("{ALLOCATIONS} WHERE l.invoice_id = $1 ORDER BY l.id"))
        .bind(invoice_id)
        .fetch_all(ex)
        .await
}

pub async fn insert_allocation(
    tx: &mut Tx,
    payment_id: i64,
    invoice_id: i64,
    amount: i64,
    by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(payment_id)
    .bind(invoice_id)
    .bind(amount)
    .bind(by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await
}

/// Lowers an allocation (a refund takes money back from it); at zero it is removed.
pub async fn reduce_allocation(tx: &mut Tx, id: i64, to: i64) -> Result<(), sqlx::Error> {
    if to <= 0 {
        sqlx::query("DELETE FROM payment_allocations WHERE id = $1").bind(id).execute(&mut **tx).await?;
    } else {
        sqlx::query("UPDATE payment_allocations SET amount_minor = $1 WHERE id = $2")
            .bind(to)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// What arrived money paid on an invoice: its allocations from completed or refunded payments.
pub async fn paid_on_invoice(tx: &mut Tx, invoice_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT CAST(COALESCE(SUM(l.amount_minor), 0) AS BIGINT) FROM payment_allocations l
            JOIN payments p ON p.id = l.payment_id
         WHERE l.invoice_id = $1 AND p.status IN ('completed', 'partially_refunded', 'refunded')",
    )
    .bind(invoice_id)
    .fetch_one(&mut **tx)
    .await
}

/// What pending payments would pay on an invoice, shown beside its balance.
pub async fn pending_on_invoice(pool: &Pool, invoice_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT CAST(COALESCE(SUM(l.amount_minor), 0) AS BIGINT) FROM payment_allocations l
            JOIN payments p ON p.id = l.payment_id WHERE l.invoice_id = $1 AND p.status = 'pending'",
    )
    .bind(invoice_id)
    .fetch_one(pool)
    .await
}
