//! SQL for the dashboard's renewal figures: renewals due, how the terms that came due ended, and
//! the annual recurring value.
use crate::server::db::{Db, Pool};
use chrono::{DateTime, NaiveDate, Utc};

/// Active contracts (not cancelling) whose term ends between the two days: (currency, count,
/// value of their current terms in minor units).
pub async fn due_between(pool: &Pool, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64, i64)>(
        "SELECT c.currency, COUNT(*), CAST(COALESCE(SUM(t.total_minor), 0) AS BIGINT)
         FROM contracts c JOIN contract_terms t ON t.contract_id = c.id AND t.number = c.term_number
         WHERE c.status = 'active' AND c.cancel_at IS NULL AND c.end_date >= $1 AND c.end_date <= $2
         GROUP BY c.currency ORDER BY c.currency",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// How the terms that came due in a window ended: (outcome, currency, count, value in minor
/// units). A term counts when its end passed in the window — or, cancelled early, when it was
/// cancelled; entered history does not count.
pub async fn ended_between(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
    cancelled_since: DateTime<Utc>,
) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, String, i64, i64)>(
        "SELECT t.outcome, c.currency, COUNT(*), CAST(COALESCE(SUM(t.total_minor), 0) AS BIGINT)
         FROM contract_terms t JOIN contracts c ON c.id = t.contract_id
         WHERE t.outcome IS NOT NULL AND t.origin <> 'history'
            AND ((t.end_date >= $1 AND t.end_date < $2) OR (t.outcome = 'cancelled' AND t.end_date >= $2
                AND c.cancelled_at >= $3))
         GROUP BY t.outcome, c.currency ORDER BY t.outcome, c.currency",
    )
    .bind(from)
    .bind(to)
    .bind(cancelled_since)
    .fetch_all(pool)
    .await
}

/// The annual recurring value of active contracts per currency: each current term's total
/// scaled to twelve months, in minor units.
pub async fn annual_value(pool: &Pool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64)>(
        "SELECT c.currency, CAST(COALESCE(SUM(t.total_minor * 12 / c.term_months), 0) AS BIGINT)
         FROM contracts c JOIN contract_terms t ON t.contract_id = c.id AND t.number = c.term_number
         WHERE c.status = 'active' GROUP BY c.currency ORDER BY c.currency",
    )
    .fetch_all(pool)
    .await
}
