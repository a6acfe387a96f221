//! The dashboard's support figures for those who see every ticket: open tickets per priority,
//! breaches of the last 7 days, the median first-response time in business hours (each ticket
//! counted in its own policy's hours: 24×7 or the calendar) and the satisfaction average.
use super::sla;
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::ticket::Priority;
use crate::model::ticket_view::{average_one_decimal, median, TicketStats};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use chrono::{Duration, Utc};

/// At most this many recent first responses make the median (a month of a busy desk).
const FIRST_RESPONSE_SAMPLE: i64 = 20_000;

pub async fn get(pool: &Pool, actor: &Actor) -> Result<TicketStats, AppError> {
    actor.require(Permission::ViewAllTickets)?;
    let now = Utc::now();
    let counts = db::tickets::stats::open_by_priority(pool).await?;
    // Urgent first, every priority even with none open.
    let open_by_priority: Vec<(Priority, i64)> = Priority::ALL
        .iter()
        .rev()
        .map(|p| (*p, counts.iter().find(|(s, _)| s == p.as_str()).map_or(0, |(_, n)| *n)))
        .collect();
    let cal = sla::calendar(pool).await?;
    let answered =
        db::tickets::stats::first_responses_since(pool, now - Duration::days(30), FIRST_RESPONSE_SAMPLE).await?;
    let first_responses = answered.len() as i64;
    let seconds =
        answered.into_iter().map(|(created, replied, all_day)| cal.business_seconds(all_day, created, replied));
    let (ratings, sum) = db::tickets::stats::ratings_since(pool, now - Duration::days(90)).await?;
    Ok(TicketStats {
        open_by_priority,
        breaches_last_7_days: db::tickets::stats::breaches_since(pool, now - Duration::days(7)).await?,
        median_first_response_seconds: median(seconds.collect()),
        first_responses,
        rating_average: average_one_decimal(sum, ratings),
        ratings,
    })
}
