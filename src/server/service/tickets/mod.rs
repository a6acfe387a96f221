//! Support tickets: who may read and work them, reading one (with its live SLA clocks and the
//! conversation) and the queues. Creation and assignment are in `create.rs`, status events and
//! edits in `events.rs`, replies and notes in `comments.rs`, the clocks' recomputation in `sla.rs`,
//! customer links in `links.rs`, the breach and auto-close jobs in `jobs.rs`, the support settings
//! in `settings.rs`, the dashboard's figures in `stats.rs`, invoice questions in `questions.rs`
//! merging duplicates in `merge.rs`, email in `email.rs`, files in `files.rs`
//! and canned replies in `canned.rs`.
pub mod canned;
pub mod comments;
pub mod create;
pub mod email;
pub mod events;
pub mod files;
pub mod jobs;
pub mod links;
pub mod merge;
pub mod questions;
pub mod settings;
pub mod sla;
pub mod stats;

use crate::error::AppError;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::permissions::Permission;
use crate::model::sla::{Sla, SlaState};
use crate::model::ticket::{CommentDto, Priority, Queue, TicketDto, TicketEvent, TicketFilter, TicketStatus};
use crate::model::timeline::TimelineEvent;
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::TicketRow, Pool};
use chrono::Utc;

pub const ENTITY: &str = "ticket";

/// Whether the actor may read the ticket: everyone with `ViewAllTickets`; sales the tickets of the
/// accounts they own.
pub fn can_read(actor: &Actor, t: &TicketRow) -> bool {
    actor.role.can(Permission::ViewAllTickets)
        || (actor.role.can(Permission::ViewTickets) && t.account_owner_id == actor.id)
}

pub(crate) fn require_read(actor: &Actor, t: &TicketRow) -> Result<(), AppError> {
    if can_read(actor, t) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A ticket the actor may read, or 403 / 404.
pub(crate) async fn readable(pool: &Pool, actor: &Actor, id: i64) -> Result<TicketRow, AppError> {
    actor.require(Permission::ViewTickets)?;
    let row = db::tickets::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    require_read(actor, &row)?;
    Ok(row)
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<TicketDto, AppError> {
    Ok(readable(pool, actor, id).await?.to_dto(Utc::now()))
}

/// A ticket with everything its page shows.
pub struct Detail {
    pub ticket: TicketDto,
    /// Both clocks as of now, computed from the history (the page shows used and remaining time).
    pub sla: Sla,
    pub comments: Vec<CommentDto>,
    /// The events the machine allows, when the actor may work the ticket.
    pub actions: Vec<TicketEvent>,
    pub can_work: bool,
    pub can_note: bool,
}

pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    let row = readable(pool, actor, id).await?;
    let now = Utc::now();
    let cal = sla::calendar(pool).await?;
    let history = db::tickets::conversation::history(pool, id).await?;
    let clocks = crate::model::sla::compute(&cal, &sla::policy_of(&row), &history, row.first_responded_at, now);
    let can_work = actor.role.can(Permission::WorkTickets);
    Ok(Detail {
        sla: clocks,
        comments: db::tickets::conversation::comments(pool, id, false).await?,
        actions: if can_work { row.status.actions() } else { vec![] },
        can_work,
        can_note: actor.role.can(Permission::NoteTickets) && row.status.takes_comments(),
        ticket: row.to_dto(now),
    })
}

fn resolve_filter(actor: &Actor, f: &TicketFilter) -> Result<db::tickets::list::Filter, AppError> {
    let queue = match f.queue.trim() {
        "" => Queue::Open,
        q => Queue::parse(q).map_err(|m| AppError::field("queue", m))?,
    };
    let id = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            "me" => Ok(Some(actor.id)),
            v => v.parse().map(Some).map_err(|_| AppError::field(field, "must be an id")),
        }
    };
    let mut out = db::tickets::list::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        open_only: queue != Queue::All,
        by_due: queue != Queue::All,
        assignee_id: id("assignee", &f.assignee)?,
        account_id: id("account", &f.account)?,
        ..Default::default()
    };
    match queue {
        Queue::Mine => out.assignee_id = Some(actor.id),
        Queue::Unassigned => out.unassigned = true,
        Queue::AtRisk => out.at_risk_or_breached = true,
        Queue::Waiting => out.statuses = vec![TicketStatus::Waiting.as_str()],
        Queue::Open | Queue::All => {}
    }
    if !f.status.trim().is_empty() {
        let s = TicketStatus::parse(&f.status).map_err(|m| AppError::field("status", m))?;
        // A status outside the open queues widens the list to every ticket.
        out.open_only &= s.is_open();
        out.statuses = vec![s.as_str()];
    }
    if !f.priority.trim().is_empty() {
        out.priority = Some(Priority::parse(&f.priority).map_err(|m| AppError::field("priority", m))?.as_str());
    }
    if !f.sla.trim().is_empty() {
        out.sla = Some(SlaState::parse(&f.sla).map_err(|m| AppError::field("sla", m))?);
    }
    if !actor.role.can(Permission::ViewAllTickets) {
        out.account_owner_id = Some(actor.id);
    }
    Ok(out)
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &TicketFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<TicketDto>, AppError> {
    actor.require(Permission::ViewTickets)?;
    let filter = resolve_filter(actor, f)?;
    let now = Utc::now();
    let rows = db::tickets::list::page(pool, &filter, now, position, limit).await?;
    let order = filter.order();
    Ok(ListPage::from_rows(rows, limit, position, |r| order.cursor(&r.queue_key, r.id)).map(|r| r.to_dto(now)))
}

/// The ticket's timeline (every create, status change, assignment, reply and note).
pub async fn timeline(pool: &Pool, actor: &Actor, id: i64) -> Result<Vec<TimelineEvent>, AppError> {
    readable(pool, actor, id).await?;
    crate::server::service::timeline::for_entity(pool, ENTITY, id).await
}

/// The conversation for an employee who may read the ticket (public replies and internal notes).
pub async fn comments(pool: &Pool, actor: &Actor, id: i64) -> Result<Vec<CommentDto>, AppError> {
    readable(pool, actor, id).await?;
    Ok(db::tickets::conversation::comments(pool, id, false).await?)
}
