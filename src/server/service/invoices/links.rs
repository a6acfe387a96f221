//! Customer links to invoices: tokens of 256 random bits stored only as keyed hashes, expiring
//! after the company's number of days, revocable and re-issuable; what the customer sees behind
//! one (every view on the timeline); and the question a customer asks, which opens a support
//! ticket about the invoice and pauses dunning while it is open. A wrong, expired or revoked token
//! is simply not found.
use super::pdf;
use crate::error::AppError;
use crate::model::customer::CustomerInvoice;
use crate::model::invoice::{DisputeDto, DisputeInput, InvoiceStatus, LinkDto};
use crate::model::permissions::Permission;
use crate::server::auth::{new_token, token_hash, Actor};
use crate::server::db::links::{INVOICE, MAX_TOKEN_LEN};
use crate::server::db::{self, invoices::InvoiceRow, Pool, Tx};
use crate::server::service::invoices::ENTITY;
use crate::server::service::tickets::questions;
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{DateTime, Utc};

/// A new link for the invoice in the caller's transaction: (url, expiry). With `revoke_earlier`
/// every earlier link stops working in the same transaction (a fresh send replaces the old links,
/// so a link forwarded or mailed to the wrong person dies); otherwise they stay valid.
pub async fn create_in(
    tx: &mut Tx,
    state: &AppState,
    actor: Option<&Actor>,
    invoice_id: i64,
    revoke_earlier: bool,
) -> Result<(String, DateTime<Utc>), AppError> {
    if revoke_earlier {
        let n = db::links::revoke_all(tx, &INVOICE, invoice_id).await?;
        if n > 0 {
            let note = format!("{n} earlier link{} revoked", if n == 1 { "" } else { "s" });
            timeline::record(tx, actor, ENTITY, invoice_id, "link_revoked", None, Some(&note)).await?;
        }
    }
    let days = db::settings::get(&mut **tx).await?.invoice_link_days;
    let token = new_token("inv");
    let expires = Utc::now() + chrono::Duration::days(days);
    let hash = token_hash(&state.config.secret, &token);
    db::links::insert(tx, &INVOICE, invoice_id, &hash, expires, actor.map(|a| a.id)).await?;
    let note = format!("expires {}", crate::model::display::datetime(expires));
    timeline::record(tx, actor, ENTITY, invoice_id, "link_created", None, Some(&note)).await?;
    Ok((format!("{}/i/{token}", state.config.base_url.trim_end_matches('/')), expires))
}

/// A new customer link for an issued invoice: (url, expiry). The token is shown only now.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    invoice_id: i64,
    revoke_earlier: bool,
) -> Result<(String, DateTime<Utc>), AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let inv = db::invoices::get_locked(&mut tx, invoice_id).await?;
    if matches!(inv.status(), InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Err(AppError::invalid_transition(format!(
            "a {} invoice has no customer link",
            inv.status().label().to_lowercase()
        )));
    }
    let link = create_in(&mut tx, state, Some(actor), invoice_id, revoke_earlier).await?;
    db::commit(tx).await?;
    Ok(link)
}

pub async fn for_invoice(pool: &Pool, actor: &Actor, invoice_id: i64) -> Result<Vec<LinkDto>, AppError> {
    actor.require(Permission::ViewInvoices)?;
    let now = Utc::now();
    Ok(db::links::for_parent(pool, &INVOICE, invoice_id).await?.iter().map(|l| l.to_dto(now)).collect())
}

pub async fn revoke(pool: &Pool, actor: &Actor, invoice_id: i64, link_id: i64) -> Result<(), AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    if !db::links::revoke(&mut tx, &INVOICE, invoice_id, link_id).await? {
        return Err(AppError::NotFound);
    }
    timeline::record(&mut tx, Some(actor), ENTITY, invoice_id, "link_revoked", None, None).await?;
    db::commit(tx).await?;
    Ok(())
}

/// The invoice behind a live token, or NotFound for anything else — wrong, expired, revoked, or
/// an invoice that is a draft — so the answer reveals nothing.
async fn resolve(state: &AppState, token: &str) -> Result<(i64, InvoiceRow), AppError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(AppError::NotFound);
    }
    let hash = token_hash(&state.config.secret, token);
    let link = db::links::live_by_hash(&state.pool, &INVOICE, &hash).await?.ok_or(AppError::NotFound)?;
    let inv = db::invoices::by_id(&state.pool, link.parent_id).await?.ok_or(AppError::NotFound)?;
    if inv.status() == InvoiceStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok((link.id, inv))
}

/// What the customer sees; the view goes on the invoice's timeline.
pub async fn view(state: &AppState, token: &str) -> Result<CustomerInvoice, AppError> {
    let (link_id, inv) = resolve(state, token).await?;
    let p = pdf::invoice(&state.pool, inv.id).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    db::links::touch(&mut tx, &INVOICE, link_id).await?;
    timeline::record(&mut tx, None, ENTITY, inv.id, "viewed_by_customer", None, Some("through the customer link"))
        .await?;
    db::commit(tx).await?;
    let c = inv.currency();
    let d = p.document;
    Ok(CustomerInvoice {
        company: d.company,
        customer: d.customer,
        number: d.number,
        status: inv.status().label().to_string(),
        paid: inv.status() == InvoiceStatus::Paid,
        issue_date: inv.issue_date.map(|x| x.to_string()).unwrap_or_default(),
        due_date: inv.due_date.map(|x| x.to_string()).unwrap_or_default(),
        total: c.format(c.from_minor(inv.total_minor)),
        amount_due: c.format(c.from_minor(inv.balance_minor.max(0))),
        lines: d
            .lines
            .into_iter()
            .map(|l| (l.description, format!("{} {}", l.quantity, l.unit).trim().to_string(), l.unit_price, l.net))
            .collect(),
        subtotal: d.subtotal,
        taxes: d.taxes,
        payment: d.payment,
        disputed: inv.disputed,
    })
}

/// The PDF behind a live token: (file name, document, date); the download goes on the timeline.
pub async fn pdf(state: &AppState, token: &str) -> Result<pdf::Printable, AppError> {
    let (_, inv) = resolve(state, token).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    timeline::record(&mut tx, None, ENTITY, inv.id, "pdf_downloaded_by_customer", None, None).await?;
    db::commit(tx).await?;
    pdf::invoice(&state.pool, inv.id).await
}

/// "Question this invoice": opens a support ticket about the invoice (`tickets::questions`),
/// which pauses its reminders while it is open, and tells the invoice's owner by email. Gives the
/// path of the ticket's customer link, where the customer follows the answer.
pub async fn question(
    state: &AppState,
    token: &str,
    name: &str,
    email: &str,
    message: &str,
) -> Result<String, AppError> {
    let input = DisputeInput::parse(name, email, message)?;
    let (_, inv) = resolve(state, token).await?;
    let owner = db::users::by_id(&state.pool, inv.owner_id).await?;
    let number = inv.number.clone().unwrap_or_default();
    let mut tx = db::begin_write(&state.pool).await?;
    let about = questions::Questioned { invoice_id: inv.id, account_id: inv.account_id, number: &number };
    let (ticket, path) = questions::ask_in(&mut tx, state, &about, &input).await?;
    let note = format!("{} <{}>: {} ({ticket})", input.name, input.email, input.message);
    timeline::record(&mut tx, None, ENTITY, inv.id, "questioned_by_customer", None, Some(&note)).await?;
    if let Some(o) = owner.filter(|o| o.active) {
        let body = format!(
            "{} ({}) questioned invoice {number} for {}:\n\n{}\n\nIt is support ticket {ticket}. Reminders for this \
             invoice are paused until the ticket is resolved: {}/invoices/{}\n",
            input.name,
            input.email,
            inv.account_name,
            input.message,
            state.config.base_url.trim_end_matches('/'),
            inv.id
        );
        state.mailer.enqueue(&mut tx, &o.email, &format!("Invoice {number} was questioned"), &body).await?;
    }
    db::commit(tx).await?;
    Ok(path)
}

pub async fn disputes(pool: &Pool, actor: &Actor, invoice_id: i64) -> Result<Vec<DisputeDto>, AppError> {
    questions::for_invoice(pool, actor, invoice_id).await
}

/// Answers the open questions of an invoice (resolves its open tickets); dunning resumes.
pub async fn resolve_dispute(pool: &Pool, actor: &Actor, invoice_id: i64, resolution: &str) -> Result<(), AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut e = crate::model::validate::FieldErrors::default();
    let resolution = crate::model::validate::required_text(&mut e, "resolution", resolution, 2000);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(pool).await?;
    questions::resolve_for_invoice(&mut tx, actor, invoice_id, &resolution).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, invoice_id, "question_resolved", None, Some(&resolution)).await?;
    db::commit(tx).await?;
    Ok(())
}
