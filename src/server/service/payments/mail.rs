//! Receipts by email: the receipt PDF attached, to the account's invoice email, through the outbox.
use super::{documents, ENTITY};
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::pdf::receipt::render_receipt;
use crate::server::service::timeline;
use crate::server::state::AppState;

/// Emails a payment's receipt; returns the address it went to.
pub async fn email_receipt(state: &AppState, actor: &Actor, id: i64) -> Result<String, AppError> {
    actor.require(Permission::ManagePayments)?;
    let p = db::payments::by_id(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let account = db::accounts::by_id(&state.pool, p.account_id).await?.ok_or(AppError::NotFound)?;
    if account.invoice_email.is_empty() {
        return Err(AppError::invalid_transition("the account has no invoice email to send the receipt to"));
    }
    let (file, receipt, created) = documents::receipt(&state.pool, actor, id).await?;
    let number = receipt.number.clone();
    let company = receipt.company.clone();
    let pdf = crate::server::http::documents::render((receipt, created), |(r, c)| render_receipt(r, *c)).await?;
    let c = p.currency();
    let body = format!(
        "Hello,\n\nthank you for your payment of {} received on {}. Your receipt {number} is attached.\n\nKind regards,\n{company}\n",
        c.format(c.from_minor(p.amount_minor)),
        p.received_on
    );
    let mut tx = db::begin_write(&state.pool).await?;
    state
        .mailer
        .enqueue_with(
            &mut tx,
            &account.invoice_email,
            &format!("Receipt {number} from {company}"),
            &body,
            Some((&file, &pdf)),
        )
        .await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "receipt_emailed", None, Some(&account.invoice_email)).await?;
    db::commit(tx).await?;
    Ok(account.invoice_email)
}
