//! SQL for the ticket jobs: the clocks that passed their target and are not yet marked, the claim
//! that marks one breach exactly once (several instances may run the job), the resolved tickets
//! that stayed quiet long enough to close, and who hears of a breach.
use super::super::{Db, Pool, Tx};
use chrono::{DateTime, Utc};

/// Which of a ticket's two clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaClock {
    FirstResponse,
    Resolution,
}

impl SlaClock {
    pub const ALL: [SlaClock; 2] = [SlaClock::FirstResponse, SlaClock::Resolution];

    fn due_column(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "first_response_due_at",
            SlaClock::Resolution => "resolution_due_at",
        }
    }

    fn marked_column(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "first_response_breach_marked",
            SlaClock::Resolution => "resolution_breach_marked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "first response",
            SlaClock::Resolution => "resolution",
        }
    }
}

/// Tickets whose `clock` passed its target by `now` and was not marked yet, oldest breach first.
/// A due time is only stored for a clock that runs or already passed its target (see
/// `model::sla::Clock::due_at`), so "due before now" is "breached"; the partial index keeps this
/// to the open tickets however many closed ones there are.
pub async fn unmarked_breaches(
    pool: &Pool,
    clock: SlaClock,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let (due, marked) = (clock.due_column(), clock.marked_column());
    sqlx::query_scalar::<Db, i64>(&format!(
        "SELECT id FROM tickets WHERE {marked} = FALSE AND {due} IS NOT NULL AND {due} <= $1 ORDER BY {due}, id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Marks the breach of `clock` on ticket `id` if nobody has; true when this call did, so only
/// one instance records and mails it. The due time is checked again in the same statement: a
/// change since the scan (a reply, a pause) may have moved it.
pub async fn claim_breach(tx: &mut Tx, id: i64, clock: SlaClock, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let (due, marked) = (clock.due_column(), clock.marked_column());
    let done = sqlx::query::<Db>(&format!(
        "UPDATE tickets SET {marked} = TRUE WHERE id = $1 AND {marked} = FALSE AND {due} IS NOT NULL AND {due} <= $2"
    ))
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Resolved tickets with no customer reply since `before` (counted from the resolution, or the
/// customer's last reply when that came later), oldest first.
pub async fn quiet_resolved(pool: &Pool, before: DateTime<Utc>, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= $1
            AND (last_customer_reply_at IS NULL OR last_customer_reply_at <= $1)
         ORDER BY resolved_at, id LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The addresses of the active managers (breaches go to them and to the assignee).
pub async fn manager_emails(tx: &mut Tx) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar::<Db, String>("SELECT email FROM users WHERE role = 'manager' AND active = TRUE ORDER BY id")
        .fetch_all(&mut **tx)
        .await
}

/// The company's auto-close setting (days a resolved ticket waits for the customer).
pub async fn auto_close_days(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT ticket_auto_close_days FROM company_settings WHERE id = 1")
        .fetch_one(pool)
        .await
}
