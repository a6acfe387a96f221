//! A ticket's status events (start, wait, resolve with a note, close, reopen) through the model's
//! machine, the change every caller shares (history row, clocks, timeline in one transaction),
//! and editing a ticket's subject, description, priority and links.
use super::{require_read, sla, ENTITY};
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::ticket::{
    resolution_note, transition, TicketDto, TicketEvent, TicketForm, TicketInput, TicketStatus,
};
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::TicketRow, Pool, Tx};
use crate::server::service::timeline;
use chrono::{DateTime, Utc};

/// Moves a locked ticket to `to` in `tx`: the status (and resolution note), a history row, the
/// recomputed clocks and the timeline. Nothing happens when the status stays the same.
pub async fn change_status_in(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &TicketRow,
    to: TicketStatus,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if to == row.status {
        return Ok(());
    }
    db::tickets::set_status(tx, row.id, to, note, now).await?;
    db::tickets::conversation::add_status_change(tx, row.id, to, now).await?;
    sla::recompute(tx, row.id, &sla::policy_of(row), row.first_responded_at, now).await?;
    if row.status.is_open() != to.is_open() {
        super::questions::sync_invoice(tx, row.invoice_id).await?;
    }
    let change = (row.status.as_str(), to.as_str());
    timeline::record(tx, actor, ENTITY, row.id, "status", Some(change), note).await?;
    Ok(())
}

/// An agent's event on the ticket; `note` is the resolution note resolving needs.
pub async fn apply(pool: &Pool, actor: &Actor, id: i64, event: TicketEvent, note: &str) -> Result<TicketDto, AppError> {
    actor.require(Permission::WorkTickets)?;
    if !TicketEvent::MANUAL.contains(&event) {
        return Err(AppError::invalid_transition("only the customer's side sends that event"));
    }
    let note = if event.needs_note() { Some(resolution_note(note)?) } else { None };
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, id).await?;
    require_read(actor, &row)?;
    let to = transition(row.status, event).map_err(AppError::invalid_transition)?;
    change_status_in(&mut tx, Some(actor), &row, to, note.as_deref(), Utc::now()).await?;
    db::commit(tx).await?;
    super::get(pool, actor, id).await
}

/// The ticket's fields as a form (what an edit starts from and a PATCH overlays).
pub fn form_of(t: &TicketDto) -> TicketForm {
    let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
    TicketForm {
        account_id: t.account_id.to_string(),
        contact_id: id(t.contact_id),
        subject: t.subject.clone(),
        description: t.description.clone(),
        priority: t.priority.as_str().to_string(),
        invoice_id: id(t.invoice_id),
        sales_order_id: id(t.sales_order_id),
        product_id: id(t.product_id),
        assignee_id: id(t.assignee_id),
    }
}

/// Edits subject, description, priority, contact and links (the account stays; assignment has
/// its own action). A new priority brings its policy and recomputes the clocks.
pub async fn update(pool: &Pool, actor: &Actor, id: i64, form: &TicketForm) -> Result<TicketDto, AppError> {
    actor.require(Permission::WorkTickets)?;
    let input = TicketInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, id).await?;
    require_read(actor, &row)?;
    if row.status == TicketStatus::Closed {
        return Err(AppError::invalid_transition("a closed ticket cannot be edited"));
    }
    if input.account_id != row.account_id {
        return Err(AppError::field("account_id", "cannot change: open a new ticket for the other account"));
    }
    // Links are checked like a new ticket's; the assignee is not this form's business.
    let links = TicketInput { assignee_id: None, ..input.clone() };
    super::create::check_links(&mut tx, &links).await?;
    db::tickets::update(&mut tx, id, &input).await?;
    if input.invoice_id != row.invoice_id {
        // Both invoices' "questioned" flags follow the link.
        super::questions::sync_invoice(&mut tx, row.invoice_id).await?;
        super::questions::sync_invoice(&mut tx, input.invoice_id).await?;
    }
    if input.priority != row.priority {
        let policy =
            crate::server::service::contracts::coverage::policy_of(&mut tx, row.contract_id, input.priority).await?;
        db::tickets::set_priority(&mut tx, id, input.priority, &policy).await?;
        sla::recompute(&mut tx, id, &policy, row.first_responded_at, Utc::now()).await?;
        let change = (row.priority.as_str(), input.priority.as_str());
        timeline::record(&mut tx, Some(actor), ENTITY, id, "priority", Some(change), None).await?;
    } else {
        timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, None).await?;
    }
    db::commit(tx).await?;
    super::get(pool, actor, id).await
}
