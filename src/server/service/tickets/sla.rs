//! The SLA clocks of a ticket: the company calendar as configured, and the recomputation every
//! change runs in its own transaction — from the ticket's status history and the policy in force,
//! through `model::sla::compute` — so the stored due times can never drift from the rules.
use crate::error::AppError;
use crate::model::business_hours::{parse_work_days, Calendar};
use crate::model::sla::{compute, Policy, Sla};
use crate::server::db::tickets::{support::CalendarRow, TicketRow};
use crate::server::db::{self, Pool, Tx};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The calendar from the settings and the holiday list, read from the pool.
pub async fn calendar(pool: &Pool) -> Result<Calendar, AppError> {
    build(db::tickets::support::calendar(pool).await?, db::tickets::support::holidays(pool).await?)
}

/// The same, read in a write's transaction.
pub async fn calendar_in(tx: &mut Tx) -> Result<Calendar, AppError> {
    let row = db::tickets::support::calendar(&mut **tx).await?;
    build(row, db::tickets::support::holidays(&mut **tx).await?)
}

/// A stored value the calendar refuses is an error naming it, never a silent default (the
/// settings form checks them on the way in).
fn build(row: CalendarRow, holidays: Vec<NaiveDate>) -> Result<Calendar, AppError> {
    let bad = |what: &str, v: &str| AppError::internal(format!("company_settings 1: {what} {v:?}"));
    let tz = row.timezone.parse().map_err(|_| bad("timezone", &row.timezone))?;
    let days = parse_work_days(&row.work_days).map_err(|_| bad("work_days", &row.work_days))?;
    let time = |v: &str| NaiveTime::parse_from_str(v, "%H:%M").map_err(|_| bad("working hours", v));
    Calendar::new(tz, days, time(&row.work_start)?, time(&row.work_end)?, holidays.into_iter().collect())
        .map_err(|m| AppError::internal(format!("company_settings 1: {m}")))
}

/// The policy a ticket carries (copied when it was created or its priority changed).
pub fn policy_of(t: &TicketRow) -> Policy {
    Policy {
        first_response_minutes: t.sla_first_response_minutes,
        resolution_minutes: t.sla_resolution_minutes,
        all_day: t.sla_all_day,
    }
}

/// Computes the ticket's clocks at `now` from its stored history and writes them, in `tx`.
pub async fn recompute(
    tx: &mut Tx,
    ticket_id: i64,
    policy: &Policy,
    first_responded_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Sla, AppError> {
    let cal = calendar_in(tx).await?;
    let history = db::tickets::conversation::history(&mut **tx, ticket_id).await?;
    let sla = compute(&cal, policy, &history, first_responded_at, now);
    db::tickets::set_sla(tx, ticket_id, &sla).await?;
    Ok(sla)
}
