//! SQL for the dashboard's support figures: open tickets per priority, breaches, first responses
//! and ratings since a moment.
use super::super::{Db, Pool};
use chrono::{DateTime, Utc};

/// Open tickets per priority.
pub async fn open_by_priority(pool: &Pool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64)>(
        "SELECT priority, COUNT(*) FROM tickets WHERE is_open = TRUE GROUP BY priority ORDER BY priority",
    )
    .fetch_all(pool)
    .await
}

/// Marked breaches whose target passed since `since`: each clock of a ticket counts once.
pub async fn breaches_since(pool: &Pool, since: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT (SELECT COUNT(*) FROM tickets WHERE first_response_breach_marked = TRUE AND first_response_due_at >= $1)
              + (SELECT COUNT(*) FROM tickets WHERE resolution_breach_marked = TRUE AND resolution_due_at >= $1)",
    )
    .bind(since)
    .fetch_one(pool)
    .await
}

/// (created, first public reply, 24×7) of the tickets first answered since `since`, newest
/// first, at most `limit` of them.
pub async fn first_responses_since(
    pool: &Pool,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>, bool)>, sqlx::Error> {
    sqlx::query_as::<Db, (DateTime<Utc>, DateTime<Utc>, bool)>(
        "SELECT created_at, first_responded_at, sla_all_day FROM tickets
         WHERE first_responded_at >= $1 ORDER BY first_responded_at DESC LIMIT $2",
    )
    .bind(since)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// (how many ratings, their sum) given since `since`.
pub async fn ratings_since(pool: &Pool, since: DateTime<Utc>) -> Result<(i64, i64), sqlx::Error> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back so both engines give an i64.
    sqlx::query_as::<Db, (i64, i64)>(
        "SELECT COUNT(rating), CAST(COALESCE(SUM(rating), 0) AS BIGINT) FROM tickets WHERE rated_at >= $1 AND rating IS NOT NULL",
    )
    .bind(since)
    .fetch_one(pool)
    .await
}

/// Open tickets per assignee: (user id, count) — the assignments page's workload.
pub async fn open_by_assignee(pool: &crate::server::db::Pool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<crate::server::db::Db, (i64, i64)>(
        "SELECT assignee_id, COUNT(*) FROM tickets WHERE is_open = TRUE AND assignee_id IS NOT NULL
         GROUP BY assignee_id ORDER BY assignee_id",
    )
    .fetch_all(pool)
    .await
}
