//! A payment's life after it was recorded: the money arrives (complete, with its receipt number),
//! never arrives (fail), or goes back (refund) — each moving the invoice balances it touches in the
//! same transaction as the status.
use super::{settle_invoice, ENTITY};
use crate::error::AppError;
use crate::model::payment::{positive_amount, transition, PaymentDto, PaymentEvent, RefundForm};
use crate::model::permissions::Permission;
use crate::model::sales_order::optional_date;
use crate::model::validate::{required_text, FieldErrors};
use crate::server::auth::Actor;
use crate::server::db::{self, payments::PaymentRow, Pool, Tx};
use crate::server::service::{invoices, numbering, timeline};
use chrono::Utc;

/// The money arrived (a cheque cleared): it now counts against its invoices; a receipt is numbered.
pub async fn complete(pool: &Pool, actor: &Actor, id: i64) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = db::payments::get_locked(&mut tx, id).await?;
    complete_in(&mut tx, actor, &p).await?;
    let row = db::payments::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Completes payment `p` (locked by the caller) in the caller's transaction.
pub async fn complete_in(tx: &mut Tx, actor: &Actor, p: &PaymentRow) -> Result<(), AppError> {
    let id = p.id;
    let to = transition(p.status(), PaymentEvent::Complete).map_err(AppError::invalid_transition)?;
    let receipt = numbering::next_number(tx, "receipt", Utc::now().date_naive()).await?;
    db::payments::set_status(tx, id, to.as_str(), Some(&receipt), None).await?;
    timeline::record(
        tx,
        Some(actor),
        ENTITY,
        id,
        "status_changed",
        Some((p.status().as_str(), to.as_str())),
        Some(&receipt),
    )
    .await?;
    // While the cheque was on its way the invoice may have been credited or paid otherwise: what
    // no longer fits on it becomes the account's credit instead of over-paying it.
    let c = p.currency();
    let allocations = db::payments::allocations_of_payment(&mut **tx, id).await?;
    db::invoices::lock_all(tx, allocations.iter().map(|a| a.invoice_id)).await?;
    for a in allocations {
        let inv = db::invoices::get_locked(tx, a.invoice_id).await?;
        let fits = a.amount_minor.min(inv.balance_minor.max(0));
        if fits < a.amount_minor {
            db::payments::reduce_allocation(tx, a.id, fits).await?;
            let note = format!(
                "{}: {} no longer open on {}, kept as the account's credit",
                p.number,
                c.format(c.from_minor(a.amount_minor - fits)),
                a.invoice_number.as_deref().unwrap_or_default()
            );
            timeline::record(tx, Some(actor), ENTITY, id, "unallocated", None, Some(&note)).await?;
            timeline::record(tx, Some(actor), invoices::ENTITY, a.invoice_id, "payment_unallocated", None, Some(&note))
                .await?;
        }
        settle_invoice(tx, Some(actor), a.invoice_id).await?;
    }
    db::payments::refresh_sums(tx, id).await?;
    Ok(())
}

/// The money never arrived (a bounced cheque, a declined card): its allocations are released.
pub async fn fail(pool: &Pool, actor: &Actor, id: i64, reason: &str) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut e = FieldErrors::default();
    let reason = required_text(&mut e, "reason", reason, 500);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(pool).await?;
    let p = db::payments::get_locked(&mut tx, id).await?;
    let to = transition(p.status(), PaymentEvent::Fail).map_err(AppError::invalid_transition)?;
    for a in db::payments::allocations_of_payment(&mut *tx, id).await? {
        db::payments::reduce_allocation(&mut tx, a.id, 0).await?;
        let note = format!("{} failed: {reason}", p.number);
        timeline::record(&mut tx, Some(actor), invoices::ENTITY, a.invoice_id, "payment_failed", None, Some(&note))
            .await?;
    }
    db::payments::refresh_sums(&mut tx, id).await?;
    db::payments::set_status(&mut tx, id, to.as_str(), None, Some(&reason)).await?;
    timeline::record(
        &mut tx,
        Some(actor),
        ENTITY,
        id,
        "status_changed",
        Some((p.status().as_str(), to.as_str())),
        Some(&reason),
    )
    .await?;
    let row = db::payments::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Pays money back: first from the unallocated credit, then from the newest allocations, whose
/// invoices reopen. Never more than is left of the payment.
pub async fn refund(pool: &Pool, actor: &Actor, id: i64, form: &RefundForm) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = db::payments::get_locked(&mut tx, id).await?;
    let c = p.currency();
    let mut e = FieldErrors::default();
    let amount = positive_amount(&mut e, "amount", &form.amount, c);
    let reason = required_text(&mut e, "reason", &form.reason, 500);
    let day = optional_date(&mut e, "date", &form.date).unwrap_or_else(|| Utc::now().date_naive());
    if !e.is_empty() {
        return Err(e.into());
    }
    let amount = c.to_minor(amount).map_err(|m| AppError::field("amount", m))?;
    let left = p.amount_minor - p.refunded_minor;
    if amount > left {
        return Err(AppError::field(
            "amount",
            format!("is more than is left of the payment: {}", c.format(c.from_minor(left))),
        ));
    }
    let to =
        transition(p.status(), PaymentEvent::Refund { all: amount == left }).map_err(AppError::invalid_transition)?;
    let mut from_allocations = (amount - p.unallocated_minor()).max(0);
    let mut touched = vec![];
    let allocations = db::payments::allocations_of_payment(&mut *tx, id).await?;
    // Every invoice the refund may reopen, locked in id order before any is changed.
    db::invoices::lock_all(&mut tx, allocations.iter().map(|a| a.invoice_id)).await?;
    for a in allocations.into_iter().rev() {
        if from_allocations == 0 {
            break;
        }
        let take = from_allocations.min(a.amount_minor);
        db::payments::reduce_allocation(&mut tx, a.id, a.amount_minor - take).await?;
        from_allocations -= take;
        touched.push((a.invoice_id, take));
    }
    db::payments::insert_refund(&mut tx, id, day, amount, &reason, actor.id).await?;
    db::payments::refresh_sums(&mut tx, id).await?;
    db::payments::set_status(&mut tx, id, to.as_str(), None, None).await?;
    let note = format!("{} · {reason}", c.format(c.from_minor(amount)));
    timeline::record(
        &mut tx,
        Some(actor),
        ENTITY,
        id,
        "refunded",
        Some((p.status().as_str(), to.as_str())),
        Some(&note),
    )
    .await?;
    for (invoice_id, take) in touched {
        let note = format!("{} refunded {}: the invoice reopens", p.number, c.format(c.from_minor(take)));
        timeline::record(&mut tx, Some(actor), invoices::ENTITY, invoice_id, "payment_refunded", None, Some(&note))
            .await?;
        settle_invoice(&mut tx, Some(actor), invoice_id).await?;
    }
    let row = db::payments::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}
