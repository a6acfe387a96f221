//! Assignments (managers): workloads, and the bulk reassignment of accounts, opportunities or open
//! tickets.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A record in the reassignment picker: id, name, and a short detail (owner, stage, amount).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickRow {
    pub id: i64,
    pub name: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentsView {
    pub workloads: Vec<crate::model::assignment::Workload>,
    /// Who may own accounts and opportunities, or (tickets) who works tickets: (id, name).
    pub owners: Vec<(i64, String)>,
    /// The records of the chosen owner and kind, for the picker.
    pub rows: Vec<PickRow>,
    /// More records than the picker shows: narrow with the search.
    pub more: bool,
}

/// Rows the picker shows at most.
pub const PICK_LIMIT: usize = 200;

#[server(prefix = "/fn", endpoint = "get_assignments")]
pub async fn get_assignments(kind: String, from: Option<i64>, q: Option<String>) -> Result<AssignmentsView, AppError> {
    use crate::model::list::Position;
    use crate::server::service::{accounts, assignments, opportunities, tickets};
    super::ssr::as_employee(|state, actor| async move {
        let workloads = assignments::workloads(&state.pool, &actor).await?;
        let owner = from.map(|f| f.to_string()).unwrap_or_default();
        let q = q.unwrap_or_default();
        let (rows, more) = match assignments::Kind::parse(&kind)? {
            assignments::Kind::Accounts => {
                let filter = crate::model::account::AccountFilter { q, owner, ..Default::default() };
                let p = accounts::list(&state.pool, &actor, &filter, &Position::First, PICK_LIMIT).await?;
                let more = p.next.is_some();
                (p.items.into_iter().map(|a| PickRow { id: a.id, detail: a.owner_name, name: a.name }).collect(), more)
            }
            assignments::Kind::Opportunities => {
                let filter = crate::model::opportunity::OpportunityFilter {
                    q,
                    owner,
                    stage: "open".into(),
                    ..Default::default()
                };
                let p = opportunities::list(&state.pool, &actor, &filter, &Position::First, PICK_LIMIT).await?;
                let more = p.next.is_some();
                let rows = p
                    .items
                    .into_iter()
                    .map(|o| PickRow {
                        id: o.id,
                        detail: format!("{} · {} · {} {}", o.owner_name, o.account_name, o.amount, o.currency),
                        name: o.name,
                    })
                    .collect();
                (rows, more)
            }
            assignments::Kind::Tickets => {
                let filter = crate::model::ticket::TicketFilter { q, assignee: owner, ..Default::default() };
                let p = tickets::list(&state.pool, &actor, &filter, &Position::First, PICK_LIMIT).await?;
                let more = p.next.is_some();
                let rows = p
                    .items
                    .into_iter()
                    .map(|t| PickRow {
                        id: t.id,
                        detail: format!(
                            "{} · {} · {} · {}",
                            t.priority.label(),
                            t.account_name,
                            t.assignee_name.as_deref().unwrap_or("unassigned"),
                            crate::model::ticket_view::sla_label(&t.sla_state)
                        ),
                        name: format!("{} {}", t.number, t.subject),
                    })
                    .collect();
                (rows, more)
            }
        };
        let owners = match assignments::Kind::parse(&kind)? {
            assignments::Kind::Tickets => crate::server::service::ticket_views::agents(&state.pool).await?,
            _ => accounts::owners(&state.pool, &actor).await?,
        };
        Ok(AssignmentsView { workloads, owners, rows, more })
    })
    .await
}

/// Moves the checked records to `to`. `ids` is posted as `ids[N]=id` per checked box.
#[server(prefix = "/fn", endpoint = "reassign")]
pub async fn reassign(kind: String, #[server(default)] ids: Vec<i64>, to: String) -> Result<usize, AppError> {
    use crate::server::service::assignments;
    super::ssr::as_employee(|state, actor| async move {
        let k = assignments::Kind::parse(&kind)?;
        let to = to.trim().parse::<i64>().map_err(|_| AppError::field("to", "choose the new owner"))?;
        let moved = assignments::reassign(&state.pool, &actor, k, &ids, to).await?;
        let noun = match (k, moved) {
            (assignments::Kind::Accounts, 1) => "account",
            (assignments::Kind::Accounts, _) => "accounts",
            (assignments::Kind::Opportunities, 1) => "opportunity",
            (assignments::Kind::Opportunities, _) => "opportunities",
            (assignments::Kind::Tickets, 1) => "ticket",
            (assignments::Kind::Tickets, _) => "tickets",
        };
        super::ssr::done(format!("{moved} {noun} reassigned."), &format!("/assignments?kind={kind}&from={to}")).await?;
        Ok(moved)
    })
    .await
}
