//! Recording a payment: checked, numbered (a completed one gets its receipt number at once),
//! stored once per form key, with its allocations in the same transaction.
use super::allocations::add_allocations;
use super::ENTITY;
use crate::error::AppError;
use crate::model::money::{Currency, NO_ACCOUNT_YET};
use crate::model::payment::{AllocationForm, PaymentDto, PaymentForm, PaymentInput, PaymentStatus};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool, Tx};
use crate::server::service::{numbering, timeline};
use chrono::Utc;

/// Records a payment with its allocations. The same form key twice gives back the first payment
/// and writes nothing (a double submit); a completed payment gets its receipt number at once.
pub async fn record(
    pool: &Pool,
    actor: &Actor,
    form: &PaymentForm,
    allocations: &[AllocationForm],
) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let account = match form.account_id.trim().parse::<i64>() {
        Ok(id) => db::accounts::by_id(pool, id).await?,
        Err(_) => None,
    };
    let currency = account
        .as_ref()
        .map(|a| Currency::from_db(&a.currency, "account", a.id))
        .transpose()?
        .unwrap_or(NO_ACCOUNT_YET);
    let input = PaymentInput::parse(form, currency);
    let input = match (input, &account) {
        (Ok(i), Some(_)) => i,
        (Ok(_), None) => return Err(AppError::field("account_id", "must be chosen from the list")),
        (Err(mut e), None) if !form.account_id.trim().is_empty() => {
            e.add("account_id", "must be chosen from the list");
            return Err(e.into());
        }
        (Err(e), _) => return Err(e.into()),
    };
    let mut tx = db::begin_write(pool).await?;
    if let Some(key) = &input.form_key {
        if let Some(id) = db::payments::by_form_key(&mut tx, key).await? {
            return db::payments::by_id(pool, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound);
        }
    }
    let id = match record_in(&mut tx, actor, currency, &input, allocations).await {
        Ok(id) => id,
        // The same form key committed by a racing submit: that payment is the one.
        Err(AppError::Conflict { code, .. }) if code == FORM_KEY_TAKEN => {
            drop(tx);
            let mut tx = db::begin_write(pool).await?;
            let key = input.form_key.as_deref().unwrap_or_default();
            let id = db::payments::by_form_key(&mut tx, key).await?.ok_or(AppError::NotFound)?;
            return db::payments::by_id(&mut *tx, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound);
        }
        Err(e) => return Err(e),
    };
    let row = db::payments::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

const FORM_KEY_TAKEN: &str = "form_key_taken";

/// Writes a checked payment and its allocations in the caller's transaction (the record form,
/// and bank reconciliation creating payments from statement lines). Returns the payment's id.
pub async fn record_in(
    tx: &mut Tx,
    actor: &Actor,
    currency: Currency,
    input: &PaymentInput,
    allocations: &[AllocationForm],
) -> Result<i64, AppError> {
    let day = input.date.unwrap_or_else(|| Utc::now().date_naive());
    let number = numbering::next_number(tx, "payment", day).await?;
    let receipt = match input.status {
        PaymentStatus::Completed => Some(numbering::next_number(tx, "receipt", day).await?),
        _ => None,
    };
    let amount_minor = currency.to_minor(input.amount).map_err(|m| AppError::field("amount", m))?;
    let new = db::payments::NewPayment {
        number: &number,
        account_id: input.account_id,
        received_on: day,
        amount_minor,
        currency: currency.code(),
        method: input.method.as_str(),
        status: input.status.as_str(),
        cheque_number: &input.cheque_number,
        cheque_bank: &input.cheque_bank,
        cheque_date: input.cheque_date,
        card_reference: &input.card_reference,
        card_last4: &input.card_last4,
        transfer_reference: &input.transfer_reference,
        reference: &input.reference,
        notes: &input.notes,
        receipt_number: receipt.as_deref(),
        form_key: input.form_key.as_deref(),
        created_by: Some(actor.id),
    };
    let id = match db::payments::insert(tx, &new).await {
        Ok(id) => id,
        Err(e) if db::is_unique_violation(&e) && input.form_key.is_some() => {
            return Err(AppError::Conflict {
                message: "this form was submitted already".into(),
                code: FORM_KEY_TAKEN.into(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let note = format!(
        "{} by {}{}",
        currency.format(input.amount),
        input.method.label().to_lowercase(),
        if input.status == PaymentStatus::Pending { " (pending)" } else { "" }
    );
    timeline::record(tx, Some(actor), ENTITY, id, "recorded", None, Some(&note)).await?;
    let row = db::payments::get_locked(tx, id).await?;
    add_allocations(tx, actor, &row, allocations).await?;
    Ok(id)
}
