//! SQL for what support runs on: the SLA policy per priority, the company calendar (hours in
//! company_settings, the holiday list), and who may take a new ticket under the assignment rule.
use crate::model::sla::Policy;
use crate::model::ticket::{AssignmentRule, Priority};
use crate::server::db::{Db, Executor, Tx};
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(FromRow)]
struct PolicyRow {
    first_response_minutes: i64,
    resolution_minutes: i64,
    all_day: bool,
}

/// The policy in force for a priority (the migration writes one per priority).
pub async fn policy<'e>(ex: impl Executor<'e>, priority: Priority) -> Result<Policy, sqlx::Error> {
    let r = sqlx::query_as::<Db, PolicyRow>(
        "SELECT first_response_minutes, resolution_minutes, all_day FROM sla_policies WHERE priority = $1",
    )
    .bind(priority.as_str())
    .fetch_one(ex)
    .await?;
    Ok(Policy {
        first_response_minutes: r.first_response_minutes,
        resolution_minutes: r.resolution_minutes,
        all_day: r.all_day,
    })
}

/// The calendar's columns as stored; `service::tickets::sla` checks and builds the calendar.
#[derive(Clone, Debug, FromRow)]
pub struct CalendarRow {
    pub timezone: String,
    pub work_days: String,
    pub work_start: String,
    pub work_end: String,
}

pub async fn calendar<'e>(ex: impl Executor<'e>) -> Result<CalendarRow, sqlx::Error> {
    sqlx::query_as::<Db, CalendarRow>(
        "SELECT timezone, work_days, work_start, work_end FROM company_settings WHERE id = 1",
    )
    .fetch_one(ex)
    .await
}

pub async fn holidays<'e>(ex: impl Executor<'e>) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar::<Db, NaiveDate>("SELECT day FROM holidays ORDER BY day").fetch_all(ex).await
}

/// The assignment rule and round robin's cursor, read under a lock on the settings row: automatic
/// assignments run one after the other on PostgreSQL too, so concurrent creations see each
/// other's counts and the cursor moves once per ticket.
pub async fn lock_assignment(tx: &mut Tx) -> Result<(AssignmentRule, Option<i64>), sqlx::Error> {
    let lock = if cfg!(feature = "postgres") { " FOR UPDATE" } else { "" };
    let (rule, last): (String, Option<i64>) = sqlx::query_as::<Db, (String, Option<i64>)>(&format!(
        "SELECT ticket_assignment, ticket_last_assignee_id FROM company_settings WHERE id = 1{lock}"
    ))
    .fetch_one(&mut **tx)
    .await?;
    let rule = AssignmentRule::from_db(&rule, "company_settings.ticket_assignment", 1)
        .map_err(|e| sqlx::Error::Decode(e.to_string().into()))?;
    Ok((rule, last))
}

pub async fn set_last_assignee(tx: &mut Tx, user_id: i64) -> Result<(), sqlx::Error> {
    crate::server::db::run(
        tx,
        sqlx::query::<Db>("UPDATE company_settings SET ticket_last_assignee_id = $1 WHERE id = 1").bind(user_id),
    )
    .await
}

/// Support users who may take a ticket on `today` — active, available and not away — with how
/// many open tickets each has, by id.
pub async fn candidates(tx: &mut Tx, today: NaiveDate) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, i64)>(
        "SELECT u.id, (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = u.id AND t.is_open = TRUE)
         FROM users u
         WHERE u.role = 'support' AND u.active = TRUE AND u.available = TRUE
           AND NOT (u.away_from IS NOT NULL AND u.away_from <= $1 AND (u.away_until IS NULL OR u.away_until >= $1))
         ORDER BY u.id",
    )
    .bind(today)
    .fetch_all(&mut **tx)
    .await
}
