//! Invoices by email: "Send" mails the account's invoice address (and chosen contacts) a fresh
//! customer link with the PDF attached, through the outbox; and the dunning job, which marks
//! invoices overdue and sends each reminder step of the company's schedule at most once per
//! invoice — also with several app instances — skipping questioned invoices.
use super::{links, pdf};
use crate::error::AppError;
use crate::model::dunning::{describe_step, due_step, parse_schedule};
use crate::model::invoice::{transition, InvoiceDto, InvoiceEvent};
use crate::model::permissions::Permission;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::pdf::invoice::render;
use crate::server::service::invoices::{facts, mark_overdue, today, ENTITY};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::NaiveDate;

/// Emails an issued invoice: a new customer link and the PDF, to the account's invoice email and
/// the chosen contacts. Returns the invoice and the recipients.
pub async fn send(
    state: &AppState,
    actor: &Actor,
    id: i64,
    contact_ids: &[i64],
) -> Result<(InvoiceDto, Vec<String>), AppError> {
    actor.require(Permission::ManageInvoices)?;
    send_as(state, Some(actor), id, contact_ids).await
}

/// `send` for a caller that checked the permission, or a scheduled job (`actor` None: a
/// contract's renewal invoice in the "issue and send" mode).
pub(crate) async fn send_as(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    contact_ids: &[i64],
) -> Result<(InvoiceDto, Vec<String>), AppError> {
    let pool = &state.pool;
    let inv = db::invoices::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    transition(inv.status(), InvoiceEvent::Send, facts(&inv, true, today())).map_err(AppError::invalid_transition)?;
    let account = db::accounts::by_id(pool, inv.account_id).await?.ok_or(AppError::NotFound)?;
    let mut to: Vec<String> = Vec::new();
    if !account.invoice_email.is_empty() {
        to.push(account.invoice_email.clone());
    }
    for cid in contact_ids {
        match db::contacts::by_id(pool, *cid).await? {
            Some(c) if c.account_id == inv.account_id && !c.email.is_empty() => {
                if !to.iter().any(|t| t.eq_ignore_ascii_case(&c.email)) {
                    to.push(c.email);
                }
            }
            Some(c) if c.account_id == inv.account_id => {
                return Err(AppError::field("contacts", format!("{} has no email address", c.name)))
            }
            _ => return Err(AppError::field("contacts", "must be contacts of this account")),
        }
    }
    if to.is_empty() {
        return Err(FieldErrors::single(
            "contacts",
            "the account has no invoice email: choose a contact with an email",
        )
        .into());
    }
    let p = pdf::invoice(pool, id).await?;
    let pdf = crate::server::http::documents::render(p.document, |d| render(d, 0)).await?;
    let mut tx = db::begin_write(pool).await?;
    let inv = db::invoices::get_locked(&mut tx, id).await?;
    let from = inv.status();
    let status =
        transition(from, InvoiceEvent::Send, facts(&inv, true, today())).map_err(AppError::invalid_transition)?;
    let (url, expires) = links::create_in(&mut tx, state, actor, id, true).await?;
    let company = db::settings::get(&mut *tx).await?.company_name;
    let number = inv.number.clone().unwrap_or_default();
    let c = inv.currency();
    let subject = format!("Invoice {number} from {company}");
    let body = format!(
        "Hello,\n\nplease find invoice {number} for {} attached.\n\nAmount due: {}\nDue date: {}\n\n\
         View the invoice online, download it, or ask us a question about it:\n{url}\n(the link works until {})\n\n\
         Kind regards,\n{company}\n",
        inv.account_name,
        c.format(c.from_minor(inv.balance_minor)),
        inv.due_date.map(|d| d.to_string()).unwrap_or_default(),
        expires.date_naive(),
    );
    for addr in &to {
        state.mailer.enqueue_with(&mut tx, addr, &subject, &body, Some((&p.file, &pdf))).await?;
    }
    db::invoices::mark_sent(&mut tx, id, status.as_str()).await?;
    let change = (status != from).then_some((from.as_str(), status.as_str()));
    timeline::record(&mut tx, actor, ENTITY, id, "sent", change, Some(&format!("to {}", to.join(", ")))).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok((row.to_dto(), to))
}

/// The dunning job for `day`: overdue marking, then at most one reminder per invoice (the step of
/// the schedule that has come and was not sent). Returns a summary for the job log.
pub async fn run_dunning(state: &AppState, day: NaiveDate) -> Result<String, AppError> {
    let pool = &state.pool;
    let overdue = mark_overdue(pool, day).await?;
    let settings = db::settings::get(pool).await?;
    let steps = parse_schedule(&settings.reminder_schedule).unwrap_or_default();
    let Some(earliest) = steps.first().copied() else {
        return Ok(format!("{overdue} marked overdue; no reminder schedule"));
    };
    let mut sent = 0;
    for (id, due) in db::invoices::reminder_candidates(pool, day - chrono::Duration::days(earliest)).await? {
        let done = db::invoices::reminder_steps(pool, id).await?;
        let Some(step) = due_step(&steps, due, day, &done) else { continue };
        let mut tx = db::begin_write(pool).await?;
        db::invoices::lock(&mut tx, id).await?;
        let Some(inv) = db::invoices::by_id(&mut *tx, id).await? else { continue };
        // Paid, voided or questioned since the list was read: nothing to remind of.
        if !inv.status().is_open() || inv.balance_minor <= 0 || inv.disputed {
            continue;
        }
        if !db::invoices::claim_reminder(&mut tx, id, step).await? {
            continue; // another run (or instance) sent this step
        }
        let account = db::accounts::by_id(&mut *tx, inv.account_id).await?;
        let Some(to) = account.map(|a| a.invoice_email).filter(|e| !e.is_empty()) else {
            let note = format!("step {step}: the account has no invoice email");
            timeline::record(&mut tx, None, ENTITY, id, "reminder_skipped", None, Some(&note)).await?;
            db::commit(tx).await?;
            continue;
        };
        let (url, _) = links::create_in(&mut tx, state, None, id, false).await?;
        let number = inv.number.clone().unwrap_or_default();
        let c = inv.currency();
        let state_of = describe_step(step);
        let body = format!(
            "Hello,\n\nthis is a friendly reminder that invoice {number} {state_of} (due {due}).\n\
             Amount due: {}\n\nView or download it, or tell us if something is wrong with it:\n{url}\n\n\
             If you have paid already, please ignore this message.\n\nKind regards,\n{}\n",
            c.format(c.from_minor(inv.balance_minor)),
            settings.company_name
        );
        let subject = format!("Reminder: invoice {number} {state_of}");
        let outbox = state.mailer.enqueue(&mut tx, &to, &subject, &body).await?;
        db::invoices::set_reminder_outbox(&mut tx, id, step, outbox).await?;
        timeline::record(&mut tx, None, ENTITY, id, "reminder_sent", None, Some(&format!("{subject} → {to}"))).await?;
        db::commit(tx).await?;
        sent += 1;
    }
    Ok(format!("{overdue} marked overdue, {sent} reminders sent"))
}
