//! The conversation: an employee's public reply (the first one stops the first-response clock)
//! or internal note, and a customer's reply (through the link or by email), which brings a
//! waiting or resolved ticket back and opens a follow-up when the ticket is closed.
use super::create::{create_in, Origin};
use super::events::change_status_in;
use super::{require_read, sla, ENTITY};
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::ticket::{transition, Channel, CommentDto, CommentForm, CommentInput, TicketEvent, TicketInput};
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::conversation::NewComment, tickets::TicketRow, Pool, Tx};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{DateTime, Utc};

/// An employee's reply (`public`) or internal note. Sales may add notes to the tickets they can
/// read; public replies need `WorkTickets` and are emailed to the customer (`links`).
pub async fn add(
    state: &AppState,
    actor: &Actor,
    id: i64,
    form: &CommentForm,
    source: Channel,
) -> Result<CommentDto, AppError> {
    let pool = &state.pool;
    let input = CommentInput::parse(form)?;
    actor.require(if input.public { Permission::WorkTickets } else { Permission::NoteTickets })?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, id).await?;
    require_read(actor, &row)?;
    let comment_id = add_in(&mut tx, state, actor, &row, &input, source, Utc::now()).await?;
    db::commit(tx).await?;
    comment_dto(pool, id, comment_id).await
}

/// An employee's checked reply or note on a locked ticket at `now`, in `tx`: the comment, the
/// first-response stamp and clocks for the first public reply, the timeline, and the email with
/// the customer link for a public one. Gives the comment's id.
pub async fn add_in(
    tx: &mut Tx,
    state: &AppState,
    actor: &Actor,
    row: &TicketRow,
    input: &CommentInput,
    source: Channel,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !row.status.takes_comments() {
        return Err(AppError::invalid_transition("a closed ticket takes no more replies or notes"));
    }
    let id = row.id;
    let comment = NewComment {
        ticket_id: id,
        public: input.public,
        author_user_id: Some(actor.id),
        author_contact_id: None,
        author_name: &actor.name,
        author_email: "",
        body: &input.body,
        source,
        at: now,
    };
    let comment_id = db::tickets::conversation::add_comment(tx, &comment).await?;
    if input.public && row.first_responded_at.is_none() {
        db::tickets::mark_first_response(tx, id, now).await?;
        sla::recompute(tx, id, &sla::policy_of(row), Some(now), now).await?;
    }
    let kind = if input.public { "replied" } else { "noted" };
    timeline::record(tx, Some(actor), ENTITY, id, kind, None, None).await?;
    if input.public {
        super::links::notify_public_reply_in(tx, state, actor, row, &input.body).await?;
    }
    Ok(comment_id)
}

async fn comment_dto(pool: &Pool, ticket_id: i64, comment_id: i64) -> Result<CommentDto, AppError> {
    db::tickets::conversation::comments(pool, ticket_id, false)
        .await?
        .into_iter()
        .find(|c| c.id == comment_id)
        .ok_or(AppError::NotFound)
}

/// Who wrote a customer's reply.
pub struct Customer<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub contact_id: Option<i64>,
}

/// Where a customer's reply landed: the ticket, and its comment (none when it opened a follow-up,
/// whose description it is).
pub struct Landed {
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
}

/// A customer's reply to a locked ticket, in `tx`: a public comment that brings a waiting or
/// resolved ticket back. A closed ticket is final, so the reply opens a follow-up ticket linked
/// to it instead (the reply is its description).
pub async fn customer_reply_in(
    tx: &mut Tx,
    row: &TicketRow,
    who: &Customer<'_>,
    body: &str,
    source: Channel,
    now: DateTime<Utc>,
) -> Result<Landed, AppError> {
    let ticket_id = match transition(row.status, TicketEvent::CustomerReply) {
        Ok(to) => {
            change_status_in(tx, None, row, to, None, now).await?;
            row.id
        }
        Err(_) => {
            let follow_up = TicketInput {
                account_id: row.account_id,
                contact_id: row.contact_id.or(who.contact_id),
                subject: format!("Follow-up: {}", row.subject).chars().take(200).collect(),
                description: body.to_string(),
                priority: row.priority,
                invoice_id: row.invoice_id,
                sales_order_id: row.sales_order_id,
                product_id: row.product_id,
                // Whoever is available now takes it (the earlier assignee may be away).
                assignee_id: None,
            };
            let origin = Origin { channel: source, actor: None, follow_up_of: Some(row.id) };
            let id = create_in(tx, &follow_up, &origin, now).await?;
            let note = format!("Follow-up opened after a customer reply to the closed {}", row.number);
            timeline::record(tx, None, ENTITY, row.id, "follow_up", None, Some(&note)).await?;
            // The reply is the follow-up's description, not a second copy in its conversation.
            db::tickets::mark_customer_reply(tx, id, now).await?;
            return Ok(Landed { ticket_id: id, comment_id: None });
        }
    };
    let comment = NewComment {
        ticket_id,
        public: true,
        author_user_id: None,
        author_contact_id: who.contact_id,
        author_name: who.name,
        author_email: who.email,
        body,
        source,
        at: now,
    };
    let comment_id = db::tickets::conversation::add_comment(tx, &comment).await?;
    db::tickets::mark_customer_reply(tx, ticket_id, now).await?;
    timeline::record(tx, None, ENTITY, ticket_id, "customer_replied", None, Some(who.name)).await?;
    Ok(Landed { ticket_id, comment_id: Some(comment_id) })
}
