//! Allocations: a payment's money put on invoices of its account (never more than is open on an
//! invoice or left of the payment), taken back, and the invoice balances they move — in the
//! caller's transaction, with the invoices locked in id order.
use super::ENTITY;
use crate::error::AppError;
use crate::model::invoice::InvoiceStatus;
use crate::model::payment::{parse_allocations, AllocationForm, PaymentDto, PaymentStatus};
use crate::model::permissions::Permission;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, payments::PaymentRow, Pool, Tx};
use crate::server::service::{invoices, timeline};

/// Recomputes what arrived money paid on an invoice and settles its balance and status.
pub async fn settle_invoice(tx: &mut Tx, actor: Option<&Actor>, invoice_id: i64) -> Result<(), AppError> {
    let paid = db::payments::paid_on_invoice(tx, invoice_id).await?;
    let credited = db::invoices::get_locked(tx, invoice_id).await?.credited_minor;
    invoices::settle(tx, actor, invoice_id, credited, paid).await?;
    Ok(())
}

/// What is left to pay on an invoice once the pending payments allocated to it arrive.
pub async fn open_on(tx: &mut Tx, inv: &db::invoices::InvoiceRow) -> Result<i64, AppError> {
    let pending: i64 = db::payments::allocations_of_invoice(&mut **tx, inv.id)
        .await?
        .iter()
        .filter(|a| a.payment_status == PaymentStatus::Pending.as_str())
        .map(|a| a.amount_minor)
        .sum();
    Ok(inv.balance_minor - pending)
}

/// Adds allocations of payment `p` (locked by the caller) to invoices of its account: each at most
/// what is open on the invoice, all together at most what of the payment is unallocated. Errors
/// are named `allocations[i].…`.
pub(super) async fn add_allocations(
    tx: &mut Tx,
    actor: &Actor,
    p: &PaymentRow,
    rows: &[AllocationForm],
) -> Result<usize, AppError> {
    let c = p.currency();
    let mut e = FieldErrors::default();
    let wanted = parse_allocations(rows, c, &mut e);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut left = p.unallocated_minor();
    let mut done = vec![];
    db::invoices::lock_all(tx, wanted.iter().map(|(_, invoice_id, _)| *invoice_id)).await?;
    for (i, invoice_id, amount) in &wanted {
        let field = |f: &str| format!("allocations[{i}].{f}");
        let amount = c.to_minor(*amount).map_err(|m| AppError::field(&field("amount"), m))?;
        let inv = match db::invoices::by_id(&mut **tx, *invoice_id).await? {
            Some(inv) if inv.account_id == p.account_id && inv.currency == p.currency => inv,
            Some(_) => {
                e.add(&field("invoice_id"), "is an invoice of another account or currency");
                continue;
            }
            None => {
                e.add(&field("invoice_id"), "must be chosen from the list");
                continue;
            }
        };
        if !inv.status().is_open() {
            e.add(&field("invoice_id"), format!("is {}: nothing is open on it", inv.status().label().to_lowercase()));
            continue;
        }
        let open = open_on(tx, &inv).await?;
        if amount > open {
            e.add(
                &field("amount"),
                format!(
                    "is more than is open on {}: {}",
                    inv.number.clone().unwrap_or_default(),
                    c.format(c.from_minor(open.max(0)))
                ),
            );
            continue;
        }
        if amount > left {
            e.add(
                &field("amount"),
                format!("is more than the payment has left: {}", c.format(c.from_minor(left.max(0)))),
            );
            continue;
        }
        left -= amount;
        db::payments::insert_allocation(tx, p.id, *invoice_id, amount, actor.id).await?;
        done.push((*invoice_id, inv.number.clone().unwrap_or_default(), amount));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    db::payments::refresh_sums(tx, p.id).await?;
    let counts = p.status().counts();
    for (invoice_id, number, amount) in &done {
        let note =
            format!("{}: {}{}", p.number, c.format(c.from_minor(*amount)), if counts { "" } else { " (pending)" });
        timeline::record(tx, Some(actor), invoices::ENTITY, *invoice_id, "payment_allocated", None, Some(&note))
            .await?;
        timeline::record(
            tx,
            Some(actor),
            ENTITY,
            p.id,
            "allocated",
            None,
            Some(&format!("{number}: {}", c.format(c.from_minor(*amount)))),
        )
        .await?;
        if counts {
            settle_invoice(tx, Some(actor), *invoice_id).await?;
        }
    }
    Ok(done.len())
}

/// Allocates more of a payment's unallocated amount (the account's credit) to open invoices.
pub async fn allocate(pool: &Pool, actor: &Actor, id: i64, rows: &[AllocationForm]) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = db::payments::get_locked(&mut tx, id).await?;
    if !p.status().allocatable() {
        return Err(AppError::invalid_transition(format!(
            "a {} payment has nothing to allocate",
            p.status().label().to_lowercase()
        )));
    }
    if add_allocations(&mut tx, actor, &p, rows).await? == 0 {
        return Err(AppError::field("allocations", "allocate an amount to at least one invoice"));
    }
    let row = db::payments::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Takes an allocation back: its amount becomes the account's credit again and the invoice reopens.
pub async fn remove_allocation(
    pool: &Pool,
    actor: &Actor,
    payment_id: i64,
    allocation_id: i64,
) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = db::payments::get_locked(&mut tx, payment_id).await?;
    let alloc = db::payments::allocations_of_payment(&mut *tx, payment_id)
        .await?
        .into_iter()
        .find(|a| a.id == allocation_id)
        .ok_or(AppError::NotFound)?;
    db::invoices::lock(&mut tx, alloc.invoice_id).await?;
    db::payments::reduce_allocation(&mut tx, allocation_id, 0).await?;
    db::payments::refresh_sums(&mut tx, payment_id).await?;
    let c = p.currency();
    let note = format!("{}: {} back to the account's credit", p.number, c.format(c.from_minor(alloc.amount_minor)));
    timeline::record(
        &mut tx,
        Some(actor),
        invoices::ENTITY,
        alloc.invoice_id,
        "payment_unallocated",
        None,
        Some(&note),
    )
    .await?;
    timeline::record(&mut tx, Some(actor), ENTITY, payment_id, "unallocated", None, Some(&note)).await?;
    if p.status().counts() {
        settle_invoice(&mut tx, Some(actor), alloc.invoice_id).await?;
    }
    let row = db::payments::get_locked(&mut tx, payment_id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Whether any payment allocation (even a pending one) points at the invoice.
pub async fn has_allocations(tx: &mut Tx, invoice_id: i64) -> Result<bool, AppError> {
    Ok(!db::payments::allocations_of_invoice(&mut **tx, invoice_id).await?.is_empty())
}

/// The invoice statuses a payment may go to.
pub fn is_payable(status: InvoiceStatus) -> bool {
    status.is_open()
}
