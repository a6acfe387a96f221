//! Resolving statement lines: accept a recorded payment or an open invoice, split a deposit into
//! payments for invoices of several customers, mark a line as not a customer payment, or reopen
//! it. Each resolution is one transaction with the line and every payment and invoice it touches
//! locked.
use super::lines::{currency_of, line_detail};
use crate::error::AppError;
use crate::model::bank::{CandidateKind, LineEvent, LineStatus, SplitForm, StatementLineDto};
use crate::model::money::Currency;
use crate::model::payment::{AllocationForm, PaymentInput, PaymentMethod, PaymentStatus};
use crate::model::permissions::Permission;
use crate::model::validate::{required_text, FieldErrors};
use crate::server::auth::Actor;
use crate::server::db::{self, bank::LineRow, Pool, Tx};
use crate::server::service::{payments, timeline};
use std::collections::BTreeMap;

/// Locks an unmatched line of money in for resolving.
async fn open_line(tx: &mut Tx, id: i64) -> Result<LineRow, AppError> {
    let line = db::bank::get_locked_line(tx, id).await?;
    // Resolving checks the move here; each way of resolving records its own (`resolve`).
    line.status.transition(LineEvent::Reconcile).map_err(AppError::invalid_transition)?;
    Ok(line)
}

/// The status `event` gives an open line (checked again where it is written).
fn resolved(line: &LineRow, event: LineEvent) -> Result<LineStatus, AppError> {
    line.status.transition(event).map_err(AppError::invalid_transition)
}

fn money_in(line: &LineRow) -> Result<(), AppError> {
    if line.amount_minor <= 0 {
        return Err(AppError::invalid_transition(
            "money leaving the account is not a customer payment: mark it as such (a fee, a refund, a transfer)",
        ));
    }
    Ok(())
}

/// Marks payment `payment_id` as explained by `line` and the line as reconciled.
async fn reconcile(
    tx: &mut Tx,
    actor: &Actor,
    line: &LineRow,
    payment_id: i64,
    amount_minor: i64,
) -> Result<(), AppError> {
    db::bank::link_payment(tx, line.id, payment_id, amount_minor).await?;
    db::payments::set_reconciled(tx, payment_id, true).await?;
    let note = format!("bank line {} of {} ({})", line.line_no, line.booked_on, line.description);
    timeline::record(tx, Some(actor), payments::ENTITY, payment_id, "reconciled", None, Some(&note)).await?;
    Ok(())
}

/// A payment for the account of invoices, reconciled with the line, allocated as given.
async fn payment_from_line(
    tx: &mut Tx,
    actor: &Actor,
    line: &LineRow,
    account_id: i64,
    amount_minor: i64,
    allocations: &[AllocationForm],
) -> Result<i64, AppError> {
    let c = currency_of(line)?;
    let input = PaymentInput {
        account_id,
        date: Some(line.booked_on),
        amount: c.from_minor(amount_minor),
        method: PaymentMethod::BankTransfer,
        status: PaymentStatus::Completed,
        cheque_number: String::new(),
        cheque_bank: String::new(),
        cheque_date: None,
        card_reference: String::new(),
        card_last4: String::new(),
        transfer_reference: line.reference.chars().take(80).collect(),
        reference: line.description.chars().take(120).collect(),
        notes: format!("From bank statement line {} of {}.", line.line_no, line.booked_on),
        form_key: None,
    };
    let id = payments::record_in(tx, actor, c, &input, allocations).await?;
    reconcile(tx, actor, line, id, amount_minor).await?;
    Ok(id)
}

/// Accepts a candidate: a recorded payment of the same amount (a pending one completes), or an
/// open invoice (a payment is recorded for it; what exceeds its balance is the account's credit).
pub async fn accept(
    pool: &Pool,
    actor: &Actor,
    line_id: i64,
    kind: CandidateKind,
    target_id: i64,
) -> Result<StatementLineDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let line = open_line(&mut tx, line_id).await?;
    money_in(&line)?;
    let c = currency_of(&line)?;
    match kind {
        CandidateKind::Payment => {
            let p = db::payments::get_locked(&mut tx, target_id).await?;
            if p.currency != c {
                return Err(AppError::field(
                    "target_id",
                    format!("{} is in {}, the line in {}", p.number, p.currency, c),
                ));
            }
            if p.reconciled {
                return Err(AppError::invalid_transition(format!("{} is reconciled with another line", p.number)));
            }
            if p.amount_minor != line.amount_minor {
                return Err(AppError::field(
                    "target_id",
                    format!(
                        "{} is {}, the line {}: split the line into payments instead",
                        p.number,
                        c.format(c.from_minor(p.amount_minor)),
                        c.format(c.from_minor(line.amount_minor))
                    ),
                ));
            }
            match p.status() {
                PaymentStatus::Pending => payments::complete_in(&mut tx, actor, &p).await?,
                PaymentStatus::Completed | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded => {}
                other => {
                    return Err(AppError::invalid_transition(format!(
                        "{} is {}: it brought no money",
                        p.number,
                        other.label().to_lowercase()
                    )))
                }
            }
            reconcile(&mut tx, actor, &line, p.id, line.amount_minor).await?;
        }
        CandidateKind::Invoice => {
            let inv = db::invoices::get_locked(&mut tx, target_id).await?;
            if inv.currency != c {
                return Err(AppError::field(
                    "target_id",
                    format!("the invoice is in {}, the line in {c}", inv.currency),
                ));
            }
            let open = if inv.status().is_open() { payments::open_on(&mut tx, &inv).await?.max(0) } else { 0 };
            let allocate = open.min(line.amount_minor);
            let rows: Vec<AllocationForm> = (allocate > 0)
                .then(|| AllocationForm { invoice_id: inv.id.to_string(), amount: c.from_minor(allocate).to_string() })
                .into_iter()
                .collect();
            if rows.is_empty() {
                return Err(AppError::invalid_transition(format!(
                    "nothing is open on {} any more: accept another candidate or split the line",
                    inv.number.unwrap_or_default()
                )));
            }
            payment_from_line(&mut tx, actor, &line, inv.account_id, line.amount_minor, &rows).await?;
        }
    }
    db::bank::set_line_status(&mut tx, line.id, resolved(&line, LineEvent::Reconcile)?, None, Some(actor.id)).await?;
    db::commit(tx).await?;
    Ok(line_detail(pool, actor, line_id).await?.0)
}

/// Turns a line into payments: rows pay invoices (of any accounts; one payment per account),
/// what the rows leave is credit of `credit_account_id`. The rows and credit add up to the line.
pub async fn split(pool: &Pool, actor: &Actor, line_id: i64, form: &SplitForm) -> Result<StatementLineDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let line = open_line(&mut tx, line_id).await?;
    money_in(&line)?;
    let c = currency_of(&line)?;
    let mut e = FieldErrors::default();
    let rows = crate::model::bank::parse_split_rows(&form.rows, c, &mut e);
    let credit_account = match form.credit_account_id.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) => match db::accounts::by_id(&mut *tx, id).await? {
                Some(a) if a.currency == line.currency => Some(id),
                Some(_) => {
                    e.add("credit_account_id", format!("must be an account billed in {c}"));
                    None
                }
                None => {
                    e.add("credit_account_id", "must be chosen from the list");
                    None
                }
            },
            Err(_) => {
                e.add("credit_account_id", "must be chosen from the list");
                None
            }
        },
    };
    // Per account: its allocations and the payment's amount.
    let mut per_account: BTreeMap<i64, (Vec<AllocationForm>, i64)> = BTreeMap::new();
    let mut total = 0_i64;
    for (i, number, amount) in &rows {
        let Some(id) = db::invoices::id_by_number(&mut tx, number).await? else {
            e.add(&format!("rows[{i}].invoice"), format!("no invoice is numbered {number}"));
            continue;
        };
        let inv = db::invoices::get_locked(&mut tx, id).await?;
        if inv.currency != c {
            e.add(&format!("rows[{i}].invoice"), format!("is in {}, the line in {c}", inv.currency));
            continue;
        }
        let minor = c.to_minor(*amount).map_err(|m| AppError::field(&format!("rows[{i}].amount"), m))?;
        total += minor;
        let entry = per_account.entry(inv.account_id).or_default();
        entry.0.push(AllocationForm { invoice_id: id.to_string(), amount: amount.to_string() });
        entry.1 += minor;
    }
    let rest = line.amount_minor - total;
    if rest < 0 {
        e.add("rows", format!("add up to {}, more than the line's {}", fmt(c, total), fmt(c, line.amount_minor)));
    } else if rest > 0 {
        match credit_account {
            Some(a) => per_account.entry(a).or_default().1 += rest,
            None if e.is_empty() => e.add(
                "credit_account_id",
                format!("{} of the line is not allocated: choose the account that keeps it as credit", fmt(c, rest)),
            ),
            None => {}
        }
    }
    if rows.is_empty() && credit_account.is_none() && e.is_empty() {
        e.add("rows", "allocate the line to at least one invoice, or keep it as an account's credit");
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    // All the split's invoices in one id order before any payment touches them (no deadlock with
    // a refund or another split locking some of the same invoices).
    let invoice_ids = per_account.values().flat_map(|(a, _)| a.iter().filter_map(|r| r.invoice_id.parse().ok()));
    db::invoices::lock_all(&mut tx, invoice_ids.collect::<Vec<i64>>()).await?;
    for (account_id, (allocations, amount)) in &per_account {
        payment_from_line(&mut tx, actor, &line, *account_id, *amount, allocations).await.map_err(rename)?;
    }
    db::bank::set_line_status(&mut tx, line.id, resolved(&line, LineEvent::Reconcile)?, None, Some(actor.id)).await?;
    db::commit(tx).await?;
    Ok(line_detail(pool, actor, line_id).await?.0)
}

fn fmt(c: Currency, minor: i64) -> String {
    c.format(c.from_minor(minor))
}

/// Allocation errors come back named `allocations[i].…` (per payment); the split form shows them
/// under its rows as a whole.
fn rename(err: AppError) -> AppError {
    match err {
        AppError::Validation { fields } => {
            let mut e = FieldErrors::default();
            for messages in fields.0.values() {
                for m in messages {
                    e.add("rows", m.clone());
                }
            }
            AppError::Validation { fields: e }
        }
        other => other,
    }
}

/// Marks a line as not a customer payment (a bank fee, interest, a transfer between own accounts).
pub async fn ignore(pool: &Pool, actor: &Actor, line_id: i64, reason: &str) -> Result<StatementLineDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut e = FieldErrors::default();
    let reason = required_text(&mut e, "reason", reason, 200);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(pool).await?;
    let line = open_line(&mut tx, line_id).await?;
    db::bank::set_line_status(&mut tx, line.id, resolved(&line, LineEvent::Ignore)?, Some(&reason), Some(actor.id))
        .await?;
    db::commit(tx).await?;
    Ok(line_detail(pool, actor, line_id).await?.0)
}

/// Puts a resolved line back to unmatched. Payments it created stay (they are money records:
/// fail or refund them if they were wrong) but are no longer reconciled.
pub async fn reopen(pool: &Pool, actor: &Actor, line_id: i64) -> Result<StatementLineDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let line = db::bank::get_locked_line(&mut tx, line_id).await?;
    let reopened = line.status.transition(LineEvent::Reopen).map_err(AppError::invalid_transition)?;
    for payment_id in db::bank::unlink_payments(&mut tx, line_id).await? {
        if !db::bank::payment_is_linked(&mut tx, payment_id).await? {
            db::payments::set_reconciled(&mut tx, payment_id, false).await?;
            let note = format!("bank line {} of {} reopened", line.line_no, line.booked_on);
            timeline::record(&mut tx, Some(actor), payments::ENTITY, payment_id, "unreconciled", None, Some(&note))
                .await?;
        }
    }
    db::bank::set_line_status(&mut tx, line_id, reopened, None, None).await?;
    db::commit(tx).await?;
    Ok(line_detail(pool, actor, line_id).await?.0)
}
