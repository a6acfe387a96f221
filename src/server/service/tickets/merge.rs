//! Merging a duplicate into another ticket of the same account, in one transaction: the
//! duplicate's conversation and files move to the other ticket (its description too, as the first comment
//! it brings — public when the customer wrote it, an internal note when an employee did), the
//! duplicate is resolved and closed with a link to the ticket it went into, both timelines say so,
//! and the duplicate's customer links open that ticket from then on (`links`).
use super::events::change_status_in;
use super::{require_read, ENTITY};
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::ticket::{Channel, TicketDto, TicketStatus};
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::conversation::NewComment, tickets::TicketRow, Pool, Tx};
use crate::server::service::timeline;
use chrono::Utc;

/// The ticket `into` names: a number (`TCK-2026-000042`, any case) or an id.
async fn target(tx: &mut Tx, into: &str) -> Result<i64, AppError> {
    let into = into.trim();
    if into.is_empty() {
        return Err(AppError::field("into", "is required"));
    }
    let found = match into.parse::<i64>() {
        Ok(id) => db::tickets::by_id(&mut **tx, id).await?.map(|t| t.id),
        Err(_) => db::tickets::merge::id_by_number(&mut **tx, into).await?,
    };
    found.ok_or_else(|| AppError::field("into", "is not a ticket number"))
}

/// Brings the duplicate's description over as a comment of the ticket it goes into.
async fn carry_description(tx: &mut Tx, actor: &Actor, from: &TicketRow, into: i64) -> Result<(), AppError> {
    let by_customer = matches!(from.channel, Channel::CustomerLink | Channel::Email);
    let body = format!("{} ({})\n\n{}", from.subject, from.number, from.description);
    let customer = from.contact_name.clone().unwrap_or_else(|| from.account_name.clone());
    let comment = NewComment {
        ticket_id: into,
        public: by_customer,
        author_user_id: (!by_customer).then_some(actor.id),
        author_contact_id: from.contact_id.filter(|_| by_customer),
        author_name: if by_customer { customer.as_str() } else { actor.name.as_str() },
        author_email: if by_customer { from.contact_email.as_deref().unwrap_or("") } else { "" },
        body: &body,
        source: from.channel,
        at: from.created_at,
    };
    let id = db::tickets::conversation::add_comment(tx, &comment).await?;
    db::tickets::merge::set_moved_from(tx, id, from.id).await?;
    Ok(())
}

/// Merges ticket `id` into the ticket `into` names; gives the ticket it went into.
pub async fn merge(pool: &Pool, actor: &Actor, id: i64, into: &str) -> Result<TicketDto, AppError> {
    actor.require(Permission::WorkTickets)?;
    let mut tx = db::begin_write(pool).await?;
    let target_id = target(&mut tx, into).await?;
    if target_id == id {
        return Err(AppError::field("into", "is this ticket: name the one it duplicates"));
    }
    // Both locked, lower id first, so two merges of the same pair cannot deadlock.
    let (first, second) = (id.min(target_id), id.max(target_id));
    let a = db::tickets::get_locked(&mut tx, first).await?;
    let b = db::tickets::get_locked(&mut tx, second).await?;
    let (from, to) = if a.id == id { (a, b) } else { (b, a) };
    require_read(actor, &from)?;
    require_read(actor, &to)?;
    if from.status == TicketStatus::Closed {
        return Err(AppError::invalid_transition("a closed ticket cannot be merged"));
    }
    if to.status == TicketStatus::Closed {
        return Err(AppError::field("into", "is closed: reopen it first, or merge the other way round"));
    }
    if to.account_id != from.account_id {
        return Err(AppError::field("into", "is another account's ticket: only tickets of one account merge"));
    }
    let now = Utc::now();
    carry_description(&mut tx, actor, &from, to.id).await?;
    let moved = db::tickets::merge::move_comments(&mut tx, from.id, to.id).await?;
    db::tickets::email::move_attachments(&mut tx, from.id, to.id).await?;
    db::tickets::merge::set_merged_into(&mut tx, from.id, to.id).await?;
    let note = format!("Merged into {}", to.number);
    change_status_in(&mut tx, Some(actor), &from, TicketStatus::Resolved, Some(&note), now).await?;
    let resolved = db::tickets::by_id(&mut *tx, from.id).await?.ok_or(AppError::NotFound)?;
    change_status_in(&mut tx, Some(actor), &resolved, TicketStatus::Closed, None, now).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, from.id, "merged", None, Some(&note)).await?;
    let into_note = format!("{} merged into this ticket ({moved} comments moved)", from.number);
    timeline::record(&mut tx, Some(actor), ENTITY, to.id, "merged_in", None, Some(&into_note)).await?;
    db::commit(tx).await?;
    super::get(pool, actor, to.id).await
}
