//! Customer links to tickets (`/t/{token}`, stored as keyed hashes like the invoice links): made by
//! an employee or with every public reply, which is emailed to the customer in the reply's own
//! transaction; what the customer sees behind one (the public thread only; every view on the
//! timeline); their reply through it; and their rating once the ticket is resolved. Anything wrong
//! with a token — unknown, expired, revoked, malformed, too long — is the same NotFound. A merged
//! ticket's links open the ticket it went into.
use super::comments::{customer_reply_in, Customer};
use super::{readable, require_read, ENTITY};
use crate::error::AppError;
use crate::model::customer_ticket::{CustomerComment, CustomerFile, CustomerTicket, RatingInput};
use crate::model::invoice::LinkDto;
use crate::model::permissions::Permission;
use crate::model::ticket::{Channel, TicketStatus, MAX_BODY};
use crate::model::validate::{required_text, FieldErrors};
use crate::server::auth::{new_token, token_hash, Actor};
use crate::server::db::links::{MAX_TOKEN_LEN, TICKET};
use crate::server::db::{self, tickets::TicketRow, Pool, Tx};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{DateTime, Utc};

/// A new link to the ticket in the caller's transaction: (url, expiry), the token shown only now.
/// Earlier links stay valid: each emailed reply carries its own, and an older email must still open.
pub async fn create_in(
    tx: &mut Tx,
    state: &AppState,
    actor: Option<&Actor>,
    ticket_id: i64,
) -> Result<(String, DateTime<Utc>), AppError> {
    let days = db::settings::get(&mut **tx).await?.ticket_link_days;
    let token = new_token("tck");
    let expires = Utc::now() + chrono::Duration::days(days);
    let hash = token_hash(&state.config.secret, &token);
    db::links::insert(tx, &TICKET, ticket_id, &hash, expires, actor.map(|a| a.id)).await?;
    let note = format!("expires {}", crate::model::display::datetime(expires));
    timeline::record(tx, actor, ENTITY, ticket_id, "link_created", None, Some(&note)).await?;
    Ok((format!("{}/t/{token}", state.config.base_url.trim_end_matches('/')), expires))
}

/// A new customer link for the ticket: (url, expiry). A closed ticket gets one too: its page is
/// the customer's record of the conversation.
pub async fn create(state: &AppState, actor: &Actor, ticket_id: i64) -> Result<(String, DateTime<Utc>), AppError> {
    actor.require(Permission::WorkTickets)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::tickets::get_locked(&mut tx, ticket_id).await?;
    require_read(actor, &row)?;
    let link = create_in(&mut tx, state, Some(actor), row.id).await?;
    db::commit(tx).await?;
    Ok(link)
}

pub async fn for_ticket(pool: &Pool, actor: &Actor, ticket_id: i64) -> Result<Vec<LinkDto>, AppError> {
    readable(pool, actor, ticket_id).await?;
    let now = Utc::now();
    Ok(db::links::for_parent(pool, &TICKET, ticket_id).await?.iter().map(|l| l.to_dto(now)).collect())
}

pub async fn revoke(pool: &Pool, actor: &Actor, ticket_id: i64, link_id: i64) -> Result<(), AppError> {
    actor.require(Permission::WorkTickets)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, ticket_id).await?;
    require_read(actor, &row)?;
    if !db::links::revoke(&mut tx, &TICKET, ticket_id, link_id).await? {
        return Err(AppError::NotFound);
    }
    timeline::record(&mut tx, Some(actor), ENTITY, ticket_id, "link_revoked", None, None).await?;
    db::commit(tx).await?;
    Ok(())
}

/// Emails an employee's public reply, in the reply's transaction (so the mail goes exactly when
/// the reply commits), with a fresh customer link: to the ticket's contact, else to the account's
/// invoice address; with neither, the timeline says that nobody was told. Internal notes never
/// come here.
pub async fn notify_public_reply_in(
    tx: &mut Tx,
    state: &AppState,
    actor: &Actor,
    row: &TicketRow,
    reply: &str,
) -> Result<(), AppError> {
    let address = |e: Option<&str>| e.map(str::trim).filter(|e| !e.is_empty()).map(str::to_string);
    let to = match address(row.contact_email.as_deref()) {
        Some(e) => Some(e),
        None => {
            address(db::accounts::by_id(&mut **tx, row.account_id).await?.as_ref().map(|a| a.invoice_email.as_str()))
        }
    };
    let Some(to) = to else {
        let note = "no address to send to: the ticket has no contact with an email and the account no invoice email";
        timeline::record(tx, Some(actor), ENTITY, row.id, "reply_not_emailed", None, Some(note)).await?;
        return Ok(());
    };
    let (url, expires) = create_in(tx, state, Some(actor), row.id).await?;
    let company = db::settings::get(&mut **tx).await?.company_name;
    let subject = format!("[{}] {}", row.number, row.subject);
    let body = format!(
        "Hello,\n\n{} answered your request \"{}\" ({}):\n\n{reply}\n\n\
         Read the whole conversation and answer us here:\n{url}\n(the link works until {})\n\n\
         Kind regards,\n{company}\n",
        actor.name,
        row.subject,
        row.number,
        expires.date_naive(),
    );
    state.mailer.enqueue(tx, &to, &subject, &body).await?;
    timeline::record(tx, Some(actor), ENTITY, row.id, "reply_emailed", None, Some(&format!("to {to}"))).await?;
    Ok(())
}

/// How many merges a link follows (a merged ticket's target can itself be merged later).
const MAX_MERGE_HOPS: usize = 16;

/// The ticket behind a live token, or NotFound for anything else, so the answer reveals nothing.
/// A link to a ticket merged into another opens the one it went into (where its conversation is).
async fn resolve(state: &AppState, token: &str) -> Result<(i64, TicketRow), AppError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(AppError::NotFound);
    }
    let hash = token_hash(&state.config.secret, token);
    let link = db::links::live_by_hash(&state.pool, &TICKET, &hash).await?.ok_or(AppError::NotFound)?;
    let mut row = db::tickets::by_id(&state.pool, link.parent_id).await?.ok_or(AppError::NotFound)?;
    for _ in 0..MAX_MERGE_HOPS {
        let Some(into) = row.merged_into else { break };
        row = db::tickets::by_id(&state.pool, into).await?.ok_or(AppError::NotFound)?;
    }
    Ok((link.id, row))
}

/// What the customer sees; the view goes on the ticket's timeline.
pub async fn view(state: &AppState, token: &str) -> Result<CustomerTicket, AppError> {
    let (link_id, row) = resolve(state, token).await?;
    let pool = &state.pool;
    // Internal notes are filtered out in the SQL already; checking the flag again here costs
    // nothing and keeps a later change of that query from leaking one.
    let comments = db::tickets::conversation::comments(pool, row.id, true)
        .await?
        .into_iter()
        .filter(|c| c.public)
        .map(|c| CustomerComment {
            from_customer: c.author_user_id.is_none(),
            author_name: c.author_name,
            body: c.body,
            at: c.created_at,
        })
        .collect();
    let closed = row.status == TicketStatus::Closed;
    let follow_up = if closed { db::tickets::customer::latest_follow_up(pool, row.id).await? } else { None };
    let company = db::settings::get(pool).await?.company_name;
    let mut tx = db::begin_write(pool).await?;
    db::links::touch(&mut tx, &TICKET, link_id).await?;
    timeline::record(&mut tx, None, ENTITY, row.id, "viewed_by_customer", None, Some("through the customer link"))
        .await?;
    db::commit(tx).await?;
    Ok(CustomerTicket {
        company,
        number: row.number,
        subject: row.subject,
        status: row.status.label().to_string(),
        request: matches!(row.channel, Channel::CustomerLink | Channel::Email).then(|| row.description.clone()),
        comments,
        files: db::tickets::email::attachments(pool, row.id, true)
            .await?
            .into_iter()
            .map(|a| CustomerFile { id: a.id, name: a.file_name, size_bytes: a.size_bytes })
            .collect(),
        can_rate: can_rate(row.status) && row.rating.is_none(),
        rating: row.rating,
        rating_comment: row.rating_comment,
        closed,
        follow_up: follow_up.map(|f| f.number),
    })
}

/// A public file of the ticket behind a live token: (file name, bytes). A file that came with an
/// internal note, or of another ticket, is the same NotFound as a wrong token.
pub async fn file(state: &AppState, token: &str, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let (_, row) = resolve(state, token).await?;
    match db::tickets::email::attachment(&state.pool, row.id, id).await? {
        Some((name, _, true, data)) => Ok((name, data)),
        _ => Err(AppError::NotFound),
    }
}

/// A ticket can be rated once it has been resolved (closing it later does not take that away).
fn can_rate(status: TicketStatus) -> bool {
    matches!(status, TicketStatus::Resolved | TicketStatus::Closed)
}

/// The customer's reply through the link: it brings a waiting or resolved ticket back. A closed
/// ticket is final, so the reply opens a follow-up — or, when an earlier reply already opened one
/// that is not closed, goes to that follow-up, so that replying twice does not open two tickets.
pub async fn reply(state: &AppState, token: &str, body: &str) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    let body = required_text(&mut e, "body", body, MAX_BODY);
    e.finish(|| ())?;
    let (_, found) = resolve(state, token).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let mut row = db::tickets::get_locked(&mut tx, found.id).await?;
    if row.status == TicketStatus::Closed {
        let open_follow_up = db::tickets::customer::latest_follow_up(&mut *tx, row.id)
            .await?
            .filter(|f| f.status != TicketStatus::Closed);
        if let Some(f) = open_follow_up {
            row = db::tickets::get_locked(&mut tx, f.id).await?;
        }
    }
    let who = Customer {
        name: found.contact_name.as_deref().unwrap_or("Customer"),
        email: found.contact_email.as_deref().unwrap_or(""),
        contact_id: found.contact_id,
    };
    customer_reply_in(&mut tx, &row, &who, &body, Channel::CustomerLink, Utc::now()).await?;
    db::commit(tx).await?;
    Ok(())
}

/// The customer's satisfaction rating (1–5, with an optional comment): once per ticket, and only
/// once it is resolved.
pub async fn rate(state: &AppState, token: &str, rating: &str, comment: &str) -> Result<(), AppError> {
    let input = RatingInput::parse(rating, comment)?;
    let (_, found) = resolve(state, token).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::tickets::get_locked(&mut tx, found.id).await?;
    if !can_rate(row.status) {
        return Err(AppError::invalid_transition("a ticket can be rated once it is resolved"));
    }
    let rated =
        db::tickets::customer::rate(&mut tx, row.id, input.rating, input.comment.as_deref(), Utc::now()).await?;
    if !rated {
        return Err(AppError::invalid_transition("this ticket has been rated already"));
    }
    let note = match &input.comment {
        Some(c) => format!("{} of 5: {c}", input.rating),
        None => format!("{} of 5", input.rating),
    };
    timeline::record(&mut tx, None, ENTITY, row.id, "rated", None, Some(&note)).await?;
    db::commit(tx).await?;
    Ok(())
}
