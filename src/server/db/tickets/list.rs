//! The tickets list: queues and filters over the stored clocks, in due-time order (open queues)
//! or newest first (all tickets), by keyset pages.
use super::{TicketRow, SELECT};
use crate::model::list::Position;
use crate::model::sla::SlaState;
use crate::server::db::keyset::Order;
use crate::server::db::search::push_contains;
use crate::server::db::{push_in, Db, Pool};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    /// Only open, in-progress and waiting tickets (every queue but "all").
    pub open_only: bool,
    /// Exactly these statuses (empty: all the queue has).
    pub statuses: Vec<&'static str>,
    pub priority: Option<&'static str>,
    pub assignee_id: Option<i64>,
    pub unassigned: bool,
    pub account_id: Option<i64>,
    /// Only tickets of accounts this user owns (what sales may read).
    pub account_owner_id: Option<i64>,
    /// At risk or breached (the "at risk" queue).
    pub at_risk_or_breached: bool,
    pub sla: Option<SlaState>,
    /// Due time first (the open queues) rather than newest first.
    pub by_due: bool,
}

/// Soonest due first; tickets no clock runs for go last (their key is `NO_DUE_KEY`).
pub const BY_DUE: Order = Order { key: Some("t.queue_key"), id: "t.id", descending: false };
/// Newest first.
pub const NEWEST: Order = Order { key: None, id: "t.id", descending: true };

impl Filter {
    pub fn order(&self) -> Order {
        if self.by_due {
            BY_DUE
        } else {
            NEWEST
        }
    }
}

/// The SQL of one SLA state at `now`, matching `TicketRow::sla_state`.
fn push_sla(qb: &mut QueryBuilder<'_, Db>, state: SlaState, now: DateTime<Utc>) {
    const RUNS: &str = "t.status IN ('open', 'in_progress')";
    match state {
        SlaState::Breached => {
            qb.push(" AND (t.sla_breached = TRUE OR t.sla_due_at <= ").push_bind(now).push(")");
        }
        SlaState::Paused => {
            qb.push(" AND t.status = 'waiting' AND t.sla_breached = FALSE");
        }
        SlaState::Met => {
            qb.push(" AND t.status IN ('resolved', 'closed') AND t.sla_breached = FALSE");
        }
        SlaState::AtRisk => {
            qb.push(format!(" AND {RUNS} AND t.sla_breached = FALSE AND t.sla_at_risk_at <= "))
                .push_bind(now)
                .push(" AND t.sla_due_at > ")
                .push_bind(now);
        }
        SlaState::OnTrack => {
            qb.push(format!(
                " AND {RUNS} AND t.sla_breached = FALSE AND (t.sla_at_risk_at IS NULL OR t.sla_at_risk_at > "
            ))
            .push_bind(now)
            .push(")");
        }
    }
}

pub async fn page(
    pool: &Pool,
    f: &Filter,
    now: DateTime<Utc>,
    position: &Position,
    limit: usize,
) -> Result<Vec<TicketRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(SELECT);
    qb.push(" WHERE 1 = 1");
    if f.open_only {
        qb.push(" AND t.is_open = TRUE");
    }
    if let Some(s) = &f.search {
        push_contains(&mut qb, &["lower(t.number)", "lower(t.subject)", "a.name_key"], s);
    }
    push_in(&mut qb, "t.status", &f.statuses);
    if let Some(p) = f.priority {
        qb.push(" AND t.priority = ").push_bind(p);
    }
    if let Some(a) = f.assignee_id {
        qb.push(" AND t.assignee_id = ").push_bind(a);
    }
    if f.unassigned {
        qb.push(" AND t.assignee_id IS NULL");
    }
    if let Some(a) = f.account_id {
        qb.push(" AND t.account_id = ").push_bind(a);
    }
    if let Some(o) = f.account_owner_id {
        qb.push(" AND a.owner_id = ").push_bind(o);
    }
    if f.at_risk_or_breached {
        qb.push(" AND (t.sla_breached = TRUE OR t.sla_at_risk_at <= ").push_bind(now).push(")");
    }
    if let Some(s) = f.sla {
        push_sla(&mut qb, s, now);
    }
    f.order().fetch_page(qb, pool, position, limit).await
}
