//! An invoice's life once it leaves draft: issuing with a gapless number, voiding, `settle` (the
//! balance hook payments and credit notes call) and the overdue job's part.
use super::drafts::release_order_quantities;
use super::{facts, today, ENTITY};
use crate::error::AppError;
use crate::model::invoice::{
    settle as settle_status, transition, InvoiceDto, InvoiceEvent, InvoiceFacts, InvoiceStatus,
};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool, Tx};
use crate::server::service::{self, numbering, timeline};
use crate::server::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};

/// Issues a draft: the next `INV-YYYY-NNNNNN` of the issue year, today's date, the due date (the
/// draft's, or today plus the terms) and the billing address are frozen in one transaction.
pub async fn issue(pool: &Pool, actor: &Actor, id: i64) -> Result<InvoiceDto, AppError> {
    let mut tx = db::begin_write(pool).await?;
    let i = issue_in(&mut tx, Some(actor), id).await?;
    db::commit(tx).await?;
    Ok(i)
}

/// Issues a draft and makes its first customer link in one transaction: what the invoice page's
/// Issue button and `POST /api/v1/invoices/{id}/issue` do. Returns the link and its expiry.
pub async fn issue_with_link(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(InvoiceDto, String, DateTime<Utc>), AppError> {
    let mut tx = db::begin_write(&state.pool).await?;
    let i = issue_in(&mut tx, Some(actor), id).await?;
    let (url, expires_at) = super::links::create_in(&mut tx, state, Some(actor), id, false).await?;
    db::commit(tx).await?;
    Ok((i, url, expires_at))
}

/// Issues a draft in the caller's transaction. `actor` None is a scheduled job (a contract's
/// renewal invoice): no permission to check, and the timeline names no one.
pub(crate) async fn issue_in(tx: &mut Tx, actor: Option<&Actor>, id: i64) -> Result<InvoiceDto, AppError> {
    if let Some(a) = actor {
        a.require(Permission::ManageInvoices)?;
    }
    let row = db::invoices::get_locked(tx, id).await?;
    let lines = db::invoices::lines(&mut **tx, id).await?;
    let day = today();
    let due = row.due_date.unwrap_or(day + chrono::Duration::days(row.payment_terms_days));
    let f = InvoiceFacts { due_date: Some(due), ..facts(&row, !lines.is_empty(), day) };
    let to = transition(row.status(), InvoiceEvent::Issue, f).map_err(AppError::invalid_transition)?;
    if due < day {
        return Err(AppError::field("due_date", format!("is before the issue date {day}: change it first")));
    }
    let address = if row.billing_address.is_empty() {
        db::accounts::by_id(&mut **tx, row.account_id).await?.map(|a| a.billing_address).unwrap_or_default()
    } else {
        row.billing_address.clone()
    };
    let number = numbering::next_number(tx, "invoice", day).await?;
    db::invoices::issue(tx, id, &number, to.as_str(), day, due, &address).await?;
    let note = format!("{number} · due {due}");
    timeline::record(tx, actor, ENTITY, id, "issued", Some(("draft", to.as_str())), Some(&note)).await?;
    let row = db::invoices::get_locked(tx, id).await?;
    Ok(row.to_dto())
}

/// Voids an issued invoice nothing was paid or credited on. It keeps its number; an order's
/// quantities return to invoicing.
pub async fn void(pool: &Pool, actor: &Actor, id: i64) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    let from = row.status();
    transition(from, InvoiceEvent::Void, facts(&row, true, today())).map_err(AppError::invalid_transition)?;
    if service::payments::has_allocations(&mut tx, id).await? {
        return Err(AppError::invalid_transition("payments are allocated to this invoice: remove them first"));
    }
    release_order_quantities(&mut tx, actor, &row, "Invoice voided").await?;
    db::invoices::mark_void(&mut tx, id).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "voided", Some((from.as_str(), "void")), None).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// The balance hook: writes an issued invoice's credited and paid amounts (minor units) and the
/// status they give, in the caller's transaction; the change of status goes on the timeline.
/// Credit notes call it now; payments, refunds and failed payments will call it too.
pub async fn settle(
    tx: &mut Tx,
    actor: Option<&Actor>,
    id: i64,
    credited: i64,
    paid: i64,
) -> Result<InvoiceStatus, AppError> {
    let row = db::invoices::get_locked(tx, id).await?;
    let from = row.status();
    let f = InvoiceFacts { credited, paid, ..facts(&row, true, today()) };
    let to = settle_status(from, f);
    db::invoices::set_amounts(tx, id, credited, paid, to.as_str()).await?;
    if to != from {
        timeline::record(tx, actor, ENTITY, id, "status_changed", Some((from.as_str(), to.as_str())), None).await?;
    }
    Ok(to)
}

/// The job's part: invoices whose due date passed with a balance become overdue. Returns how many.
pub async fn mark_overdue(pool: &Pool, day: NaiveDate) -> Result<usize, AppError> {
    let mut n = 0;
    for id in db::invoices::newly_overdue(pool, day).await? {
        let mut tx = db::begin_write(pool).await?;
        db::invoices::lock(&mut tx, id).await?;
        let Some(row) = db::invoices::by_id(&mut *tx, id).await? else { continue };
        let from = row.status();
        let to = settle_status(from, facts(&row, true, day));
        if to != from {
            db::invoices::set_status(&mut tx, id, to.as_str()).await?;
            timeline::record(&mut tx, None, ENTITY, id, "status_changed", Some((from.as_str(), to.as_str())), None)
                .await?;
            n += 1;
        }
        db::commit(tx).await?;
    }
    Ok(n)
}
