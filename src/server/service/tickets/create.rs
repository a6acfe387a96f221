//! Opening a ticket: its links checked against the account, a number from the `ticket` series,
//! the SLA policy of its priority, automatic assignment by the company's rule, the first status
//! change and the timeline — one transaction. Also assigning by hand.
use super::{require_read, sla, ENTITY};
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::ticket::{pick_assignee, Channel, TicketDto, TicketForm, TicketInput, TicketStatus};
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::support, tickets::TicketRow, Pool, Tx};
use crate::server::service::{self, numbering, timeline};
use chrono::{DateTime, Utc};

/// Checks the ids a new ticket links to: the account exists and is active, and the contact,
/// invoice and sales order belong to it.
pub(super) async fn check_links(tx: &mut Tx, t: &TicketInput) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    match db::accounts::by_id(&mut **tx, t.account_id).await? {
        Some(a) if a.active => {}
        Some(_) => e.add("account_id", "is inactive"),
        None => e.add("account_id", "must be chosen from the list"),
    }
    if let Some(id) = t.contact_id {
        if db::contacts::by_id(&mut **tx, id).await?.is_none_or(|c| c.account_id != t.account_id) {
            e.add("contact_id", "must be a contact of this account");
        }
    }
    if let Some(id) = t.invoice_id {
        if db::invoices::by_id(&mut **tx, id).await?.is_none_or(|i| i.account_id != t.account_id) {
            e.add("invoice_id", "must be an invoice of this account");
        }
    }
    if let Some(id) = t.sales_order_id {
        if db::sales_orders::by_id(&mut **tx, id).await?.is_none_or(|o| o.account_id != t.account_id) {
            e.add("sales_order_id", "must be a sales order of this account");
        }
    }
    if let Some(id) = t.product_id {
        if db::products::by_id(&mut **tx, id).await?.is_none() {
            e.add("product_id", "must be chosen from the list");
        }
    }
    if let Some(id) = t.assignee_id {
        check_assignee(tx, id, &mut e).await?;
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e.into())
    }
}

/// An assignee must be an active user who works tickets.
async fn check_assignee(tx: &mut Tx, id: i64, e: &mut FieldErrors) -> Result<(), AppError> {
    if !db::users::by_id(&mut **tx, id).await?.is_some_and(|u| u.active && u.role().can(Permission::WorkTickets)) {
        e.add("assignee_id", "must be an active user who works tickets");
    }
    Ok(())
}

/// Who takes a ticket created at `now` under the company's rule (None: nobody available, or
/// the rule is manual). Runs under the settings row's lock (`support::lock_assignment`).
async fn auto_assign(tx: &mut Tx, now: DateTime<Utc>) -> Result<Option<i64>, AppError> {
    let (rule, last) = support::lock_assignment(tx).await?;
    let today = now.with_timezone(&sla::calendar_in(tx).await?.tz).date_naive();
    let candidates = support::candidates(tx, today).await?;
    let pick = pick_assignee(rule, &candidates, last);
    if let Some(id) = pick {
        support::set_last_assignee(tx, id).await?;
    }
    Ok(pick)
}

/// The account's contact with this email (any case), or a new one with just the name and email:
/// who a ticket from outside (an invoice question, a filed email) is for.
pub async fn contact_for(tx: &mut Tx, account_id: i64, name: &str, email: &str) -> Result<i64, AppError> {
    if let Some(id) = db::contacts::id_by_email(tx, account_id, email).await? {
        return Ok(id);
    }
    let input = crate::model::contact::ContactInput {
        name: name.to_string(),
        email: email.to_string(),
        phone: String::new(),
        job_title: String::new(),
        is_primary: false,
    };
    Ok(db::contacts::insert(tx, account_id, &input).await?)
}

/// What else a ticket is opened with besides the form: where it came from, who opened it (None:
/// the customer), and the closed ticket it follows up.
pub struct Origin<'a> {
    pub channel: Channel,
    pub actor: Option<&'a Actor>,
    pub follow_up_of: Option<i64>,
}

/// Opens a checked ticket in `tx` and gives its id: the core every channel (page, REST, customer
/// reply to a closed ticket, email) shares.
pub async fn create_in(tx: &mut Tx, t: &TicketInput, origin: &Origin<'_>, now: DateTime<Utc>) -> Result<i64, AppError> {
    check_links(tx, t).await?;
    let (assignee_id, automatic) = match t.assignee_id {
        Some(id) => (Some(id), false),
        None => (auto_assign(tx, now).await?, true),
    };
    let number = numbering::next_number(tx, "ticket", now.date_naive()).await?;
    let (contract_id, policy) =
        service::contracts::coverage::for_new_ticket(tx, t.account_id, t.product_id, t.priority, now.date_naive())
            .await?;
    let new = db::tickets::NewTicket {
        number: &number,
        account_id: t.account_id,
        contact_id: t.contact_id,
        subject: &t.subject,
        description: &t.description,
        priority: t.priority,
        channel: origin.channel,
        invoice_id: t.invoice_id,
        sales_order_id: t.sales_order_id,
        product_id: t.product_id,
        follow_up_of: origin.follow_up_of,
        assignee_id,
        created_by: origin.actor.map(|a| a.id),
        contract_id,
        policy,
        at: now,
    };
    let id = db::tickets::insert(tx, &new).await?;
    db::tickets::conversation::add_status_change(tx, id, TicketStatus::Open, now).await?;
    super::questions::sync_invoice(tx, t.invoice_id).await?;
    sla::recompute(tx, id, &policy, None, now).await?;
    let note = format!("{} ticket via {}", t.priority.label(), origin.channel.label().to_lowercase());
    timeline::record(tx, origin.actor, ENTITY, id, "created", None, Some(&note)).await?;
    if let Some(a) = assignee_id {
        let name = db::users::by_id(&mut **tx, a).await?.map(|u| u.name).unwrap_or_default();
        let how = if automatic { " (automatic)" } else { "" };
        timeline::record(tx, origin.actor, ENTITY, id, "assigned", None, Some(&format!("Assigned to {name}{how}")))
            .await?;
    }
    Ok(id)
}

/// An employee opens a ticket (the page, or the REST API with `channel` api).
pub async fn create(pool: &Pool, actor: &Actor, form: &TicketForm, channel: Channel) -> Result<TicketDto, AppError> {
    actor.require(Permission::WorkTickets)?;
    let input = TicketInput::parse(form)?;
    let now = Utc::now();
    let mut tx = db::begin_write(pool).await?;
    let origin = Origin { channel, actor: Some(actor), follow_up_of: None };
    let id = create_in(&mut tx, &input, &origin, now).await?;
    db::commit(tx).await?;
    super::get(pool, actor, id).await
}

/// Assigns the ticket to `assignee_id`, or unassigns it (None).
pub async fn assign(pool: &Pool, actor: &Actor, id: i64, assignee_id: Option<i64>) -> Result<TicketDto, AppError> {
    actor.require(Permission::WorkTickets)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, id).await?;
    require_read(actor, &row)?;
    assign_in(&mut tx, actor, &row, assignee_id).await?;
    db::commit(tx).await?;
    super::get(pool, actor, id).await
}

/// (Re)assigns a locked ticket in `tx` (the assignments page moves many in one transaction): the
/// assignee must work tickets, a closed ticket stays as it is; the change goes on the timeline.
/// Gives whether the assignee changed.
pub async fn assign_in(
    tx: &mut Tx,
    actor: &Actor,
    row: &TicketRow,
    assignee_id: Option<i64>,
) -> Result<bool, AppError> {
    if let Some(a) = assignee_id {
        let mut e = FieldErrors::default();
        check_assignee(tx, a, &mut e).await?;
        if !e.is_empty() {
            return Err(e.into());
        }
    }
    if row.status == TicketStatus::Closed {
        return Err(AppError::invalid_transition("a closed ticket cannot be reassigned"));
    }
    if row.assignee_id == assignee_id {
        return Ok(false);
    }
    db::tickets::set_assignee(tx, row.id, assignee_id).await?;
    let note = match assignee_id {
        Some(a) => format!("Assigned to {}", db::users::by_id(&mut **tx, a).await?.map(|u| u.name).unwrap_or_default()),
        None => "Unassigned".to_string(),
    };
    timeline::record(tx, Some(actor), ENTITY, row.id, "assigned", None, Some(&note)).await?;
    Ok(true)
}
