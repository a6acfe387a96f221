//! Bulk inserts of generated tickets for `seed-demo --scale N`: the ticket rows with their clocks
//! already computed (by `model::sla::compute`, as a change would store them) and their status
//! history, in multi-row INSERTs. Rows are built by `server::seed::ticket_scale`.
use crate::server::db::{Db, Tx};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

/// A generated ticket, its stored clocks included.
pub struct TicketSeed {
    pub number: String,
    pub account_id: i64,
    pub subject: String,
    pub priority: &'static str,
    pub status: &'static str,
    pub is_open: bool,
    pub channel: &'static str,
    pub assignee_id: Option<i64>,
    pub resolution_note: Option<&'static str>,
    pub policy: crate::model::sla::Policy,
    pub sla: crate::model::sla::Sla,
    pub queue_key: String,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub rating: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// SQLite takes at most 32,766 bound values in one statement: 1,000 rows of 24 stay below it.
const ROWS_PER_INSERT: usize = 1000;

/// Inserts tickets; returns their ids in insertion order.
pub async fn tickets(tx: &mut Tx, rows: &[TicketSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut all = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO tickets (number, account_id, subject, description, priority, status, is_open, channel,
                assignee_id, resolution_note, sla_first_response_minutes, sla_resolution_minutes, sla_all_day,
                first_response_due_at, resolution_due_at, sla_due_at, sla_at_risk_at, sla_breached, queue_key,
                first_responded_at, resolved_at, closed_at, rating, created_at, updated_at) ",
        );
        qb.push_values(chunk, |mut b, t| {
            let breached =
                [t.sla.first_response.state, t.sla.resolution.state].contains(&crate::model::sla::SlaState::Breached);
            b.push_bind(t.number.clone())
                .push_bind(t.account_id)
                .push_bind(t.subject.clone())
                .push("'Generated for the benchmarks.'")
                .push_bind(t.priority)
                .push_bind(t.status)
                .push(if t.is_open { "TRUE" } else { "FALSE" })
                .push_bind(t.channel)
                .push_bind(t.assignee_id)
                .push_bind(t.resolution_note)
                .push_bind(t.policy.first_response_minutes)
                .push_bind(t.policy.resolution_minutes)
                .push(if t.policy.all_day { "TRUE" } else { "FALSE" })
                .push_bind(t.sla.first_response.due_at)
                .push_bind(t.sla.resolution.due_at)
                .push_bind(t.sla.next_due_at)
                .push_bind(t.sla.next_at_risk_at)
                .push(if breached { "TRUE" } else { "FALSE" })
                .push_bind(t.queue_key.clone())
                .push_bind(t.first_responded_at)
                .push_bind(t.resolved_at)
                .push_bind(t.closed_at)
                .push_bind(t.rating)
                .push_bind(t.created_at)
                .push_bind(t.updated_at);
        });
        qb.push(" RETURNING id");
        let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
        ids.sort_unstable();
        all.extend(ids);
    }
    Ok(all)
}

/// Inserts status history rows: (ticket id, status, from when).
pub async fn status_changes(tx: &mut Tx, rows: &[(i64, &'static str, DateTime<Utc>)]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_INSERT * 8) {
        let mut qb = QueryBuilder::<Db>::new("INSERT INTO ticket_status_changes (ticket_id, status, at) ");
        qb.push_values(chunk, |mut b, (id, status, at)| {
            b.push_bind(*id).push_bind(*status).push_bind(*at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The active support users, by id (the generated tickets' assignees).
pub async fn support_user_ids(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM users WHERE role = 'support' AND active = TRUE ORDER BY id")
        .fetch_all(&mut **tx)
        .await
}
