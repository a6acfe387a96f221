//! What the ticket pages show, each in one call: a queue page (`list_page`), the detail page
//! (`detail`: the ticket, both clocks as of now, the conversation, the allowed actions, the
//! assignees and the timeline) and the new-ticket page (`new_page`); and the users who work
//! tickets, whom the assignee pickers and filter offer.
use crate::error::AppError;
use crate::model::account::AccountDto;
use crate::model::invoice::InvoiceFilter;
use crate::model::list::Position;
use crate::model::permissions::{Permission, Role};
use crate::model::sales_order::OrderFilter;
use crate::model::sla::Clock;
use crate::model::ticket::{TicketFilter, TicketForm};
use crate::model::ticket_view::{ClockView, NewTicketForm, NewTicketPageData, TicketList, TicketView};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{accounts, contacts, invoices, pickers, sales_orders, tickets, timeline};

/// How many of the account's invoices and orders the new-ticket form offers (the newest).
const LINKABLE: usize = 50;

/// Active users whose role works tickets, by name: (id, name).
pub async fn agents(pool: &Pool) -> Result<Vec<(i64, String)>, AppError> {
    Ok(db::users::active_with_roles(pool)
        .await?
        .into_iter()
        .filter(|(_, _, role)| Role::parse(role).is_ok_and(|r| r.can(Permission::WorkTickets)))
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// One page of a queue for this user, with the assignee filter's choices.
pub async fn list_page(
    pool: &Pool,
    actor: &Actor,
    filter: &TicketFilter,
    at: &Position,
    size: usize,
) -> Result<TicketList, AppError> {
    let page = tickets::list(pool, actor, filter, at, size).await?;
    Ok(TicketList { page, agents: agents(pool).await?, can_create: actor.role.can(Permission::WorkTickets) })
}

fn clock(c: &Clock) -> ClockView {
    ClockView {
        target_seconds: c.target_seconds,
        used_seconds: c.used_seconds,
        due_at: c.due_at,
        stopped_at: c.stopped_at,
        state: c.state.as_str().to_string(),
    }
}

/// The ticket detail page for this user; with `canned`, the reply form starts from that canned
/// reply filled in for this ticket.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64, canned: Option<i64>) -> Result<TicketView, AppError> {
    let d = tickets::detail(pool, actor, id).await?;
    let works = d.can_work && d.ticket.status.takes_comments();
    Ok(TicketView {
        coverage: crate::server::service::contracts::coverage::view(
            pool,
            actor,
            d.ticket.account_id,
            d.ticket.contract_id,
        )
        .await?,
        canned: if works { tickets::canned::titles(pool, actor).await? } else { vec![] },
        draft: match canned {
            Some(c) if works => Some(tickets::canned::filled(pool, actor, id, c).await?),
            _ => None,
        },
        first_response: clock(&d.sla.first_response),
        resolution: clock(&d.sla.resolution),
        form: tickets::events::form_of(&d.ticket),
        agents: if d.can_work { agents(pool).await? } else { vec![] },
        events: timeline::for_entity(pool, tickets::ENTITY, id).await?,
        files: tickets::files::list(pool, actor, id).await?,
        comments: d.comments,
        actions: d.actions,
        can_work: d.can_work,
        can_note: d.can_note,
        ticket: d.ticket,
    })
}

/// The new-ticket form for `account`: its contacts, invoices and orders, the products, who may
/// take it; the account preselected.
async fn form_for(pool: &Pool, actor: &Actor, account: &AccountDto) -> Result<NewTicketForm, AppError> {
    let of = account.id.to_string();
    let invoices = invoices::list(
        pool,
        actor,
        &InvoiceFilter { account: of.clone(), ..Default::default() },
        &Position::First,
        LINKABLE,
    )
    .await?
    .items
    .into_iter()
    .filter_map(|i| i.number.map(|n| (i.id, n)))
    .collect();
    let orders =
        sales_orders::list(pool, actor, &OrderFilter { account: of, ..Default::default() }, &Position::First, LINKABLE)
            .await?
            .items
            .into_iter()
            .map(|o| (o.id, o.number))
            .collect();
    Ok(NewTicketForm {
        account_id: account.id,
        account_name: account.name.clone(),
        contacts: contacts::for_account(pool, actor, account.id).await?.into_iter().map(|c| (c.id, c.name)).collect(),
        invoices,
        orders,
        products: pickers::catalog(pool).await?.products.into_iter().map(|p| (p.id, p.label)).collect(),
        agents: agents(pool).await?,
        form: TicketForm { account_id: account.id.to_string(), priority: "medium".into(), ..Default::default() },
    })
}

/// The new-ticket page: the form for the chosen account, or the accounts to choose from.
pub async fn new_page(pool: &Pool, actor: &Actor, account_id: Option<i64>) -> Result<NewTicketPageData, AppError> {
    actor.require(Permission::WorkTickets)?;
    let Some(id) = account_id else {
        return Ok(NewTicketPageData { accounts: pickers::accounts(pool).await?, form: None });
    };
    let account = accounts::get(pool, actor, id).await?;
    Ok(NewTicketPageData { accounts: vec![], form: Some(form_for(pool, actor, &account).await?) })
}
