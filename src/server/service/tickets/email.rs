//! Email into support (`POST /api/v1/inbound-email`, what mail providers' inbound webhooks send):
//! the raw RFC 822 message is parsed by `mail-parser` (encoded words, charsets, multipart,
//! attachments — no MIME handling of ours) and goes, in one transaction, to one of three places:
//! - `[TCK-YYYY-NNNNNN]` in the subject, from a contact of that ticket's account (or its invoice
//!   address): a customer reply on that ticket (it brings a waiting or resolved ticket back; a
//!   closed one gets a follow-up);
//! - otherwise, from the contact of exactly one account: a new ticket on that account;
//! - otherwise the unmatched list, where an employee picks the account (the sender then becomes
//!   its contact) or discards the message.
//!
//! The quoted earlier text is trimmed (`model::inbound_email::trim_quoted`); files up to
//! `MAX_ATTACHMENT_BYTES` are kept with the message they came with; the whole message is stored
//! too. A provider's retry of a Message-ID already taken is answered with what happened then.
use super::comments::{customer_reply_in, Customer};
use super::create::{contact_for, create_in, Origin};
use super::ENTITY;
use crate::error::AppError;
use crate::model::inbound_email::{
    ticket_tag, trim_quoted, InboundResult, UnmatchedEmail, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_BYTES,
};
use crate::model::permissions::Permission;
use crate::model::ticket::{Channel, Priority, TicketInput, MAX_BODY};
use crate::server::auth::Actor;
use crate::server::db::{self, tickets::email as store, Pool, Tx};
use crate::server::service::timeline;
use chrono::{DateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders};

/// A file of a message.
pub struct File {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// What support needs of a message.
pub struct Parsed {
    pub message_id: Option<String>,
    pub from_email: String,
    pub from_name: String,
    pub subject: String,
    /// The text without the quoted earlier messages.
    pub body: String,
    pub files: Vec<File>,
    /// Files left out for their size: (name, bytes).
    pub too_large: Vec<(String, usize)>,
}

/// Reads a raw message; a body that is not one (no From address) is a 422 naming `message`.
pub fn parse(raw: &[u8]) -> Result<Parsed, AppError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(AppError::field("message", "is larger than 30 MB"));
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| AppError::field("message", "is not an RFC 822 email message"))?;
    let from = msg.from().and_then(|a| a.first());
    let from_email = from.and_then(|a| a.address()).map(str::trim).unwrap_or_default().to_string();
    if !from_email.contains('@') {
        return Err(AppError::field("message", "has no sender address (From)"));
    }
    let from_name = from.and_then(|a| a.name()).map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&from_email);
    let text = msg.body_text(0).map(|t| t.to_string()).unwrap_or_default();
    let body: String = trim_quoted(&text).chars().take(MAX_BODY).collect();
    let (mut files, mut too_large) = (vec![], vec![]);
    for (i, part) in msg.attachments().enumerate() {
        let name = part.attachment_name().map(str::to_string).unwrap_or_else(|| format!("attachment-{}", i + 1));
        let data = part.contents();
        if data.len() > MAX_ATTACHMENT_BYTES {
            too_large.push((name, data.len()));
            continue;
        }
        let content_type = part
            .content_type()
            .map(|c| match c.subtype() {
                Some(sub) => format!("{}/{sub}", c.ctype()),
                None => c.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".into());
        files.push(File { name, content_type, data: data.to_vec() });
    }
    Ok(Parsed {
        message_id: msg.message_id().map(str::to_string),
        from_name: from_name.to_string(),
        from_email,
        subject: msg.subject().map(str::trim).unwrap_or_default().chars().take(200).collect(),
        body,
        files,
        too_large,
    })
}

/// Stores a message's files on the ticket (public: they came from the customer) and says on the
/// timeline which were left out.
async fn keep_files(
    tx: &mut Tx,
    p: &Parsed,
    ticket_id: i64,
    comment_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for f in &p.files {
        let a = store::NewAttachment {
            ticket_id,
            comment_id,
            public: true,
            file_name: &f.name,
            content_type: &f.content_type,
            data: &f.data,
            at: now,
        };
        store::add_attachment(tx, &a).await?;
    }
    for (name, size) in &p.too_large {
        let note = format!("{name} ({} MB) was not kept: files are kept up to 10 MB", size / (1024 * 1024));
        timeline::record(tx, None, ENTITY, ticket_id, "attachment_refused", None, Some(&note)).await?;
    }
    Ok(())
}

/// A new ticket from a message, on `account_id` for `contact_id`, in `tx`.
async fn open_from(
    tx: &mut Tx,
    p: &Parsed,
    account_id: i64,
    contact_id: i64,
    now: DateTime<Utc>,
) -> Result<(i64, String), AppError> {
    let input = TicketInput {
        account_id,
        contact_id: Some(contact_id),
        subject: if p.subject.is_empty() { "(no subject)".into() } else { p.subject.clone() },
        description: if p.body.is_empty() { "(no text)".into() } else { p.body.clone() },
        priority: Priority::Medium,
        invoice_id: None,
        sales_order_id: None,
        product_id: None,
        assignee_id: None,
    };
    let origin = Origin { channel: Channel::Email, actor: None, follow_up_of: None };
    let id = create_in(tx, &input, &origin, now).await?;
    keep_files(tx, p, id, None, now).await?;
    let number = db::tickets::by_id(&mut **tx, id).await?.map(|t| t.number).unwrap_or_default();
    Ok((id, number))
}

/// Where a message goes, decided in `tx`: (status, ticket id and number, note).
async fn route(
    tx: &mut Tx,
    p: &Parsed,
    now: DateTime<Utc>,
) -> Result<(&'static str, Option<(i64, String)>, String), AppError> {
    if let Some(number) = ticket_tag(&p.subject) {
        if let Some(id) = db::tickets::merge::id_by_number(&mut **tx, &number).await? {
            let mut row = db::tickets::get_locked(tx, id).await?;
            // A merged ticket's replies go where its conversation went.
            for _ in 0..16 {
                let Some(into) = row.merged_into else { break };
                row = db::tickets::get_locked(tx, into).await?;
            }
            let contact = db::contacts::id_by_email(tx, row.account_id, &p.from_email).await?;
            let known = contact.is_some() || store::is_account_email(tx, row.account_id, &p.from_email).await?;
            if !known {
                let note = format!("names {number}, but {} is not a contact of its account", p.from_email);
                return Ok(("unmatched", None, note));
            }
            let who = Customer { name: &p.from_name, email: &p.from_email, contact_id: contact };
            let body = if p.body.is_empty() { "(no text)" } else { p.body.as_str() };
            let landed = customer_reply_in(tx, &row, &who, body, Channel::Email, now).await?;
            keep_files(tx, p, landed.ticket_id, landed.comment_id, now).await?;
            let to = db::tickets::by_id(&mut **tx, landed.ticket_id).await?.map(|t| t.number).unwrap_or_default();
            let note = if landed.ticket_id == row.id {
                format!("a reply on {number}")
            } else {
                format!("a reply on the closed {number}: follow-up {to} opened")
            };
            return Ok(("reply", Some((landed.ticket_id, to)), note));
        }
    }
    let contacts = store::contacts_by_email(tx, &p.from_email).await?;
    let mut accounts: Vec<i64> = contacts.iter().map(|c| c.1).collect();
    accounts.sort_unstable();
    accounts.dedup();
    match (contacts.first(), accounts.len()) {
        (Some(&(contact_id, account_id)), 1) => {
            let (id, number) = open_from(tx, p, account_id, contact_id, now).await?;
            Ok(("ticket", Some((id, number.clone())), format!("from a contact: ticket {number} opened")))
        }
        (_, 0) => Ok(("unmatched", None, format!("{} is not a contact of any account", p.from_email))),
        (_, n) => Ok(("unmatched", None, format!("{} is a contact of {n} accounts: pick one", p.from_email))),
    }
}

/// Takes one raw message (see the module's comment for where it goes).
pub async fn receive(pool: &Pool, actor: &Actor, raw: &[u8]) -> Result<InboundResult, AppError> {
    actor.require(Permission::WorkTickets)?;
    let p = parse(raw)?;
    let now = Utc::now();
    let mut tx = db::begin_write(pool).await?;
    if let Some(mid) = p.message_id.as_deref() {
        if let Some((id, _, ticket_id, note)) = store::by_message_id(&mut tx, mid).await? {
            let ticket_number = match ticket_id {
                Some(t) => db::tickets::by_id(&mut *tx, t).await?.map(|t| t.number),
                None => None,
            };
            return Ok(InboundResult { id, outcome: "duplicate".into(), ticket_id, ticket_number, note });
        }
    }
    let (status, ticket, note) = route(&mut tx, &p, now).await?;
    let stored = store::NewInbound {
        message_id: p.message_id.as_deref(),
        from_email: &p.from_email,
        from_name: &p.from_name,
        subject: &p.subject,
        body: &p.body,
        raw,
        status,
        note: &note,
        ticket_id: ticket.as_ref().map(|t| t.0),
        at: now,
    };
    let id = store::insert(&mut tx, &stored).await?;
    db::commit(tx).await?;
    Ok(InboundResult {
        id,
        outcome: status.into(),
        ticket_id: ticket.as_ref().map(|t| t.0),
        ticket_number: ticket.map(|t| t.1),
        note,
    })
}

/// The messages waiting for an employee.
pub async fn unmatched(pool: &Pool, actor: &Actor) -> Result<Vec<UnmatchedEmail>, AppError> {
    actor.require(Permission::WorkTickets)?;
    Ok(store::unmatched(pool, 200).await?)
}

/// Files an unmatched message on an account: the sender becomes its contact (unless they are one)
/// and the message a ticket with its files. Gives the ticket's id and number.
pub async fn file(pool: &Pool, actor: &Actor, email_id: i64, account_id: i64) -> Result<(i64, String), AppError> {
    actor.require(Permission::WorkTickets)?;
    let now = Utc::now();
    let mut tx = db::begin_write(pool).await?;
    let account = db::accounts::by_id(&mut *tx, account_id).await?.filter(|a| a.active);
    if account.is_none() {
        return Err(AppError::field("account_id", "must be chosen from the list"));
    }
    let (raw, email, name) = store::claim_unmatched(&mut tx, email_id, "ticket", actor.id, now)
        .await?
        .ok_or_else(|| AppError::invalid_transition("this email has been filed or discarded already"))?;
    let p = parse(&raw)?;
    let contact_id = contact_for(&mut tx, account_id, &name, &email).await?;
    let (id, number) = open_from(&mut tx, &p, account_id, contact_id, now).await?;
    store::set_ticket(&mut tx, email_id, id).await?;
    let note = format!("filed from the unmatched email by {}", actor.name);
    timeline::record(&mut tx, Some(actor), ENTITY, id, "filed_from_email", None, Some(&note)).await?;
    db::commit(tx).await?;
    Ok((id, number))
}

/// Discards an unmatched message (kept, out of the list).
pub async fn discard(pool: &Pool, actor: &Actor, email_id: i64) -> Result<(), AppError> {
    actor.require(Permission::WorkTickets)?;
    let mut tx = db::begin_write(pool).await?;
    store::claim_unmatched(&mut tx, email_id, "discarded", actor.id, Utc::now())
        .await?
        .ok_or_else(|| AppError::invalid_transition("this email has been filed or discarded already"))?;
    db::commit(tx).await?;
    Ok(())
}
