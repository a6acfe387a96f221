//! The ticket jobs: marking each SLA breach once (on the timeline, and an email to the assignee
//! and the managers) and closing resolved tickets the customer left quiet for the company's
//! number of days. Both are safe with several instances: every ticket is claimed by a conditional
//! UPDATE in the transaction that records it, so a ticket two runners see is handled by one.
use super::events::change_status_in;
use super::ENTITY;
use crate::error::AppError;
use crate::model::display::datetime;
use crate::model::ticket::TicketStatus;
use crate::server::db::{self, tickets::jobs::SlaClock};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{DateTime, Utc};

/// How many tickets one run handles per clock; the rest wait for the next run a minute later.
const BATCH: i64 = 500;

/// Marks every breach not marked yet as of `now`; gives a summary for the job log.
pub async fn mark_breaches(state: &AppState, now: DateTime<Utc>) -> Result<String, AppError> {
    let mut marked = 0;
    for clock in SlaClock::ALL {
        for id in db::tickets::jobs::unmarked_breaches(&state.pool, clock, now, BATCH).await? {
            marked += usize::from(mark_one(state, id, clock, now).await?);
        }
    }
    Ok(format!("{marked} breaches marked"))
}

async fn mark_one(state: &AppState, id: i64, clock: SlaClock, now: DateTime<Utc>) -> Result<bool, AppError> {
    let mut tx = db::begin_write(&state.pool).await?;
    if !db::tickets::jobs::claim_breach(&mut tx, id, clock, now).await? {
        return Ok(false);
    }
    let row = db::tickets::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let due = match clock {
        SlaClock::FirstResponse => row.first_response_due_at,
        SlaClock::Resolution => row.resolution_due_at,
    };
    let when = due.map(datetime).unwrap_or_default();
    let note = format!("The {} target was breached at {when}", clock.label());
    timeline::record(&mut tx, None, ENTITY, id, "sla_breached", None, Some(&note)).await?;

    let mut to = db::tickets::jobs::manager_emails(&mut tx).await?;
    if let Some(a) = row.assignee_email.as_deref() {
        if !to.iter().any(|m| m.eq_ignore_ascii_case(a)) {
            to.insert(0, a.to_string());
        }
    }
    let url = format!("{}/tickets/{id}", state.config.base_url.trim_end_matches('/'));
    let subject = format!("SLA breached: {} {}", row.number, row.subject);
    let body = format!(
        "The {} target of {} ({}, {} priority, {}) was breached at {when}.\n\nAssignee: {}\n\n{url}\n",
        clock.label(),
        row.number,
        row.account_name,
        row.priority.label().to_lowercase(),
        row.status.label().to_lowercase(),
        row.assignee_name.as_deref().unwrap_or("nobody"),
    );
    for address in &to {
        state.mailer.enqueue(&mut tx, address, &subject, &body).await?;
    }
    db::commit(tx).await?;
    Ok(true)
}

/// Closes the resolved tickets without a customer reply for the company's number of days.
pub async fn auto_close(state: &AppState, now: DateTime<Utc>) -> Result<String, AppError> {
    let days = db::tickets::jobs::auto_close_days(&state.pool).await?;
    let before = now - chrono::Duration::days(days);
    let mut closed = 0;
    for id in db::tickets::jobs::quiet_resolved(&state.pool, before, BATCH).await? {
        let mut tx = db::begin_write(&state.pool).await?;
        let row = db::tickets::get_locked(&mut tx, id).await?;
        // Locked now: a reply or a reopen since the scan leaves it alone.
        let quiet = |t: Option<DateTime<Utc>>| t.is_none_or(|t| t <= before);
        if row.status != TicketStatus::Resolved || !quiet(row.resolved_at) || !quiet(row.last_customer_reply_at) {
            continue;
        }
        let note = format!("closed automatically: no reply from the customer for {days} days after the resolution");
        change_status_in(&mut tx, None, &row, TicketStatus::Closed, Some(&note), now).await?;
        db::commit(tx).await?;
        closed += 1;
    }
    Ok(format!("{closed} resolved tickets closed"))
}
