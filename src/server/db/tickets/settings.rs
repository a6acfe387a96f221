//! SQL for the support settings page: the calendar, assignment and ticket columns of
//! company_settings, the holiday list, the SLA policies, and saving them all in one transaction.
use crate::model::business_hours::format_work_days;
use crate::model::support_settings::SupportSettingsInput;
use crate::server::db::{Db, Executor, Tx};
use chrono::{NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct SupportRow {
    pub timezone: String,
    pub work_days: String,
    pub work_start: String,
    pub work_end: String,
    pub ticket_assignment: String,
    pub ticket_auto_close_days: i64,
    pub ticket_link_days: i64,
}

pub async fn get<'e>(ex: impl Executor<'e>) -> Result<SupportRow, sqlx::Error> {
    sqlx::query_as::<Db, SupportRow>(
        "SELECT timezone, work_days, work_start, work_end, ticket_assignment, ticket_auto_close_days, ticket_link_days
         FROM company_settings WHERE id = 1",
    )
    .fetch_one(ex)
    .await
}

/// The holidays with their names, by day.
pub async fn holidays<'e>(ex: impl Executor<'e>) -> Result<Vec<(NaiveDate, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (NaiveDate, String)>("SELECT day, name FROM holidays ORDER BY day").fetch_all(ex).await
}

/// (priority, first response minutes, resolution minutes, 24×7), urgent first.
pub async fn policies<'e>(ex: impl Executor<'e>) -> Result<Vec<(String, i64, i64, bool)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64, i64, bool)>(
        "SELECT priority, first_response_minutes, resolution_minutes, all_day FROM sla_policies
         ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
    )
    .fetch_all(ex)
    .await
}

/// Writes every support setting: the calendar and ticket columns, the holiday list (replaced)
/// and each priority's policy.
pub async fn save(tx: &mut Tx, s: &SupportSettingsInput) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    sqlx::query::<Db>(
        "UPDATE company_settings SET timezone = $1, work_days = $2, work_start = $3, work_end = $4,
            ticket_assignment = $5, ticket_auto_close_days = $6, ticket_link_days = $7, updated_at = $8
         WHERE id = 1",
    )
    .bind(&s.timezone)
    .bind(format_work_days(&s.work_days))
    .bind(s.work_start.format("%H:%M").to_string())
    .bind(s.work_end.format("%H:%M").to_string())
    .bind(s.assignment.as_str())
    .bind(s.auto_close_days)
    .bind(s.link_days)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query::<Db>("DELETE FROM holidays").execute(&mut **tx).await?;
    for (day, name) in &s.holidays {
        sqlx::query::<Db>("INSERT INTO holidays (day, name) VALUES ($1, $2)")
            .bind(day)
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }
    for p in &s.policies {
        sqlx::query::<Db>(
            "UPDATE sla_policies SET first_response_minutes = $1, resolution_minutes = $2, all_day = $3, updated_at = $4
             WHERE priority = $5",
        )
        .bind(p.first_response_minutes)
        .bind(p.resolution_minutes)
        .bind(p.all_day)
        .bind(now)
        .bind(p.priority.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The open tickets: their stored clocks move when the calendar does.
pub async fn open_tickets(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM tickets WHERE is_open = TRUE ORDER BY id").fetch_all(&mut **tx).await
}
