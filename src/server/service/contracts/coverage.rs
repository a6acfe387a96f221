//! Contracts as support sees them: which contract covers a new ticket (an active one of its
//! account, one listing the ticket's product first), the SLA policy that gives it — the
//! contract's tier when that is above the ticket's own priority, never below — and, for an
//! account whose contract lapsed, a renewal opportunity for the contract's owner.
use super::ENTITY;
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::sla::Policy;
use crate::model::ticket::Priority;
use crate::model::ticket_view::CoverageView;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::coverage::CoverRow, Pool, Tx};
use crate::server::service::{opportunities, timeline};
use chrono::NaiveDate;

/// The priority whose SLA policy a ticket gets: its own, or the covering contract's tier when higher.
pub fn effective_priority(own: Priority, tier: Option<&str>) -> Priority {
    let rank = |p: Priority| Priority::ALL.iter().position(|x| *x == p).unwrap_or(0);
    match tier.and_then(|t| Priority::parse(t).ok()) {
        Some(t) if rank(t) > rank(own) => t,
        _ => own,
    }
}

/// The contract covering a new ticket on `day` and the policy it gets.
pub async fn for_new_ticket(
    tx: &mut Tx,
    account_id: i64,
    product_id: Option<i64>,
    priority: Priority,
    day: NaiveDate,
) -> Result<(Option<i64>, Policy), AppError> {
    let cover = db::contracts::coverage::covering(&mut **tx, account_id, product_id, day).await?;
    let p = effective_priority(priority, cover.as_ref().and_then(|c| c.sla_tier.as_deref()));
    Ok((cover.map(|c| c.id), db::tickets::support::policy(&mut **tx, p).await?))
}

/// The policy of a covered ticket whose priority changed.
pub async fn policy_of(tx: &mut Tx, contract_id: Option<i64>, priority: Priority) -> Result<Policy, AppError> {
    let tier = match contract_id {
        Some(id) => db::contracts::coverage::cover_by_id(&mut **tx, id).await?.and_then(|c| c.sla_tier),
        None => None,
    };
    Ok(db::tickets::support::policy(&mut **tx, effective_priority(priority, tier.as_deref())).await?)
}

fn view_of(c: CoverRow) -> (i64, String, NaiveDate) {
    (c.id, c.number, c.end_date)
}

/// What the ticket page says about coverage: the covering contract, or the lapsed one and
/// whether this user may raise its renewal opportunity (and the one already raised).
pub async fn view(
    pool: &Pool,
    actor: &Actor,
    account_id: i64,
    contract_id: Option<i64>,
) -> Result<CoverageView, AppError> {
    if !actor.role.can(Permission::ViewContracts) {
        return Ok(CoverageView::default());
    }
    if let Some(c) = match contract_id {
        Some(id) => db::contracts::coverage::cover_by_id(pool, id).await?,
        None => None,
    } {
        return Ok(CoverageView { covered_by: Some(view_of(c)), ..Default::default() });
    }
    let Some(l) = db::contracts::coverage::lapsed(pool, account_id).await? else { return Ok(CoverageView::default()) };
    let opportunity = db::contracts::coverage::renewal_opportunity(pool, l.id).await?;
    Ok(CoverageView {
        covered_by: None,
        lapsed: Some((l.id, l.number.clone(), l.end_date, l.status.label().to_lowercase())),
        renewal_opportunity: opportunity,
        can_raise_renewal: opportunity.is_none() && may_raise(actor),
    })
}

/// Support raises it from the ticket (sales own their deals and open them directly).
fn may_raise(actor: &Actor) -> bool {
    actor.role.can(Permission::WorkTickets)
}

/// Raises the renewal opportunity of a lapsed contract, for its owner: the contract's lines at
/// today's prices, linked to the contract (and noted on the ticket it came from). Once: while one
/// is open, that one is returned.
pub async fn raise_renewal(
    pool: &Pool,
    actor: &Actor,
    contract_id: i64,
    ticket_id: Option<i64>,
) -> Result<i64, AppError> {
    if !may_raise(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db::begin_write(pool).await?;
    let row = db::contracts::get_locked(&mut tx, contract_id).await?;
    if row.status.is_live() {
        return Err(AppError::invalid_transition(format!(
            "{} is {}: renew it instead",
            row.number,
            row.status.label().to_lowercase()
        )));
    }
    if let Some(id) = db::contracts::coverage::renewal_opportunity(&mut *tx, contract_id).await? {
        return Ok(id);
    }
    let lines: Vec<_> = db::contracts::LINES
        .lines(&mut *tx, contract_id)
        .await?
        .iter()
        .map(|l| crate::server::service::lines::form_of(row.currency, l))
        .collect();
    let name = format!("Renewal of {} — {}", row.number, row.title);
    let id = opportunities::create_in(&mut tx, actor, row.account_id, row.owner_id, &name, &lines).await?;
    db::contracts::coverage::link_opportunity(&mut tx, id, contract_id).await?;
    let why = match ticket_id {
        Some(t) => format!("raised from ticket #{t} by {}", actor.name),
        None => format!("raised by {}", actor.name),
    };
    timeline::record(
        &mut tx,
        Some(actor),
        ENTITY,
        contract_id,
        "renewal_opportunity",
        None,
        Some(&format!("{name} · {why}")),
    )
    .await?;
    db::commit(tx).await?;
    Ok(id)
}
