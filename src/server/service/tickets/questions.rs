//! Invoice questions are tickets. "Question this invoice" on the customer invoice page opens a
//! ticket linked to the invoice (the asker becomes a contact of the account unless they are one)
//! and gives the customer the ticket's link; while any ticket about an invoice is open the invoice
//! counts as questioned and its reminders pause (`invoices.disputed`, set by `sync_invoice` in the
//! transaction of every change that can move it); finance can resolve an invoice's open questions
//! from the invoice page. The questions asked before tickets existed become tickets once, right
//! after the migrations (`adopt_legacy`).
use super::create::{contact_for, create_in, Origin};
use super::events::change_status_in;
use super::links;
use crate::error::AppError;
use crate::model::invoice::{DisputeDto, DisputeInput};
use crate::model::permissions::Permission;
use crate::model::ticket::{Channel, Priority, TicketInput, TicketStatus};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool, Tx};
use crate::server::state::AppState;
use chrono::{DateTime, Utc};

/// Keeps the invoice's "questioned" flag equal to "an open ticket is about it".
pub async fn sync_invoice(tx: &mut Tx, invoice_id: Option<i64>) -> Result<(), AppError> {
    if let Some(id) = invoice_id {
        db::tickets::questions::sync_disputed(tx, id).await?;
    }
    Ok(())
}

/// The invoice a question is about.
pub struct Questioned<'a> {
    pub invoice_id: i64,
    pub account_id: i64,
    pub number: &'a str,
}

/// Opens the ticket for a checked question at `now` in `tx`: (ticket id, its number).
async fn open_in(
    tx: &mut Tx,
    inv: &Questioned<'_>,
    q: &DisputeInput,
    now: DateTime<Utc>,
) -> Result<(i64, String), AppError> {
    let contact_id = contact_for(tx, inv.account_id, &q.name, &q.email).await?;
    let input = TicketInput {
        account_id: inv.account_id,
        contact_id: Some(contact_id),
        subject: format!("Question about invoice {}", inv.number),
        description: q.message.clone(),
        priority: Priority::Medium,
        invoice_id: Some(inv.invoice_id),
        sales_order_id: None,
        product_id: None,
        assignee_id: None,
    };
    let origin = Origin { channel: Channel::CustomerLink, actor: None, follow_up_of: None };
    let id = create_in(tx, &input, &origin, now).await?;
    let number = db::tickets::by_id(&mut **tx, id).await?.map(|t| t.number).unwrap_or_default();
    Ok((id, number))
}

/// A customer's question from the invoice link, in `tx`: the ticket, the invoice's flag, a
/// ticket link for the customer (also mailed to them, so they can come back to it). Gives the
/// ticket's number and the link's path (`/t/{token}`).
pub async fn ask_in(
    tx: &mut Tx,
    state: &AppState,
    inv: &Questioned<'_>,
    q: &DisputeInput,
) -> Result<(String, String), AppError> {
    let (id, number) = open_in(tx, inv, q, Utc::now()).await?;
    sync_invoice(tx, Some(inv.invoice_id)).await?;
    let (url, expires) = links::create_in(tx, state, None, id).await?;
    let company = db::settings::get(&mut **tx).await?.company_name;
    let body = format!(
        "Hello {},\n\nthank you for your question about invoice {}. It is now our support request {number}; \
         we will not send payment reminders for this invoice until it is answered.\n\n\
         Follow it and write to us here:\n{url}\n(the link works until {})\n\nKind regards,\n{company}\n",
        q.name,
        inv.number,
        expires.date_naive(),
    );
    state
        .mailer
        .enqueue(tx, &q.email, &format!("[{number}] Your question about invoice {}", inv.number), &body)
        .await?;
    let path = url.find("/t/").map(|i| url[i..].to_string()).unwrap_or(url);
    Ok((number, path))
}

/// The questions about an invoice: the tickets linked to it, newest first.
pub async fn for_invoice(pool: &Pool, actor: &Actor, invoice_id: i64) -> Result<Vec<DisputeDto>, AppError> {
    actor.require(Permission::ViewInvoices)?;
    Ok(db::tickets::questions::for_invoice(pool, invoice_id)
        .await?
        .into_iter()
        .map(|t| DisputeDto {
            ticket_id: t.id,
            ticket_number: t.number,
            status: t.status.label().to_string(),
            open: t.status.is_open(),
            name: t.contact_name.unwrap_or_default(),
            email: t.contact_email.unwrap_or_default(),
            message: t.description,
            created_at: t.created_at,
            resolved_at: t.resolved_at,
            resolution: t.resolution_note,
        })
        .collect())
}

/// Finance answers an invoice's open questions: each open ticket about it is resolved with the
/// note (on its timeline as this user's), and reminders resume.
pub async fn resolve_for_invoice(
    tx: &mut Tx,
    actor: &Actor,
    invoice_id: i64,
    resolution: &str,
) -> Result<(), AppError> {
    let open = db::tickets::questions::open_for_invoice(tx, invoice_id).await?;
    if open.is_empty() {
        return Err(AppError::invalid_transition("this invoice has no open question"));
    }
    let now = Utc::now();
    for id in open {
        let row = db::tickets::get_locked(tx, id).await?;
        change_status_in(tx, Some(actor), &row, TicketStatus::Resolved, Some(resolution), now).await?;
    }
    sync_invoice(tx, Some(invoice_id)).await
}

/// Turns the questions asked before invoice questions were tickets into tickets, at the moments
/// they were asked (and resolved, by whom): once each, also with several instances starting at
/// once. Gives how many this run turned.
pub async fn adopt_legacy(pool: &Pool) -> Result<usize, AppError> {
    let mut turned = 0;
    for q in db::tickets::questions::legacy(pool).await? {
        let mut tx = db::begin_write(pool).await?;
        let inv = Questioned {
            invoice_id: q.invoice_id,
            account_id: q.account_id,
            number: q.invoice_number.as_deref().unwrap_or("(draft)"),
        };
        let input = DisputeInput { name: q.name.clone(), email: q.email.clone(), message: q.message.clone() };
        let (id, _) = open_in(&mut tx, &inv, &input, q.created_at).await?;
        if let (Some(at), Some(note)) = (q.resolved_at, q.resolution.as_deref()) {
            let by = match q.resolved_by {
                Some(u) => db::users::by_id(&mut *tx, u).await?,
                None => None,
            };
            let actor = by.map(|u| Actor { id: u.id, name: u.name, role: u.role });
            let row = db::tickets::get_locked(&mut tx, id).await?;
            change_status_in(&mut tx, actor.as_ref(), &row, TicketStatus::Resolved, Some(note), at.max(q.created_at))
                .await?;
        }
        if !db::tickets::questions::claim_legacy(&mut tx, q.id, id).await? {
            continue; // another instance turned it; this transaction rolls back
        }
        sync_invoice(&mut tx, Some(q.invoice_id)).await?;
        db::commit(tx).await?;
        turned += 1;
    }
    Ok(turned)
}
