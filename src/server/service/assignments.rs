//! Assignments: each employee's workload (accounts, open opportunities and pipeline, open
//! tickets), and moving many accounts, opportunities or open tickets to a new owner or assignee
//! at once — one transaction, one timeline event per record.
use crate::error::AppError;
use crate::model::assignment::Workload;
use crate::model::permissions::{Permission, Role};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{accounts, tickets, timeline};
use std::collections::BTreeMap;

/// The most records one bulk reassignment may move (a page of the picker).
pub const MAX_BULK: usize = 500;

pub async fn workloads(pool: &Pool, actor: &Actor) -> Result<Vec<Workload>, AppError> {
    actor.require(Permission::Reassign)?;
    let accounts: BTreeMap<i64, i64> = db::accounts::count_by_owner(pool).await?.into_iter().collect();
    let tickets: BTreeMap<i64, i64> = db::tickets::stats::open_by_assignee(pool).await?.into_iter().collect();
    let mut open: BTreeMap<i64, (i64, Vec<String>)> = BTreeMap::new();
    for (owner, currency, count, minor) in db::opportunities::open_workload(pool).await? {
        let c = crate::model::money::Currency::parse(&currency).unwrap_or(crate::model::money::Currency::EUR);
        let e = open.entry(owner).or_default();
        e.0 += count;
        e.1.push(c.format(c.from_minor(minor)));
    }
    Ok(db::users::active_with_roles(pool)
        .await?
        .into_iter()
        .filter(|(id, _, role)| {
            Role::parse(role).is_ok_and(|r| r.can(Permission::EditOwnCrm) || r.can(Permission::WorkTickets))
                || accounts.contains_key(id)
                || open.contains_key(id)
                || tickets.contains_key(id)
        })
        .map(|(id, name, role)| {
            let (n, amounts) = open.get(&id).cloned().unwrap_or_default();
            Workload {
                user_id: id,
                name,
                role,
                accounts: accounts.get(&id).copied().unwrap_or(0),
                open_opportunities: n,
                open_amounts: amounts,
                open_tickets: tickets.get(&id).copied().unwrap_or(0),
            }
        })
        .collect())
}

/// What a bulk reassignment moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Opportunities,
    /// Open tickets, to another user who works tickets.
    Tickets,
}

impl Kind {
    pub fn parse(s: &str) -> Result<Kind, AppError> {
        match s {
            "accounts" => Ok(Kind::Accounts),
            "opportunities" => Ok(Kind::Opportunities),
            "tickets" => Ok(Kind::Tickets),
            _ => Err(AppError::field("kind", "must be accounts, opportunities or tickets")),
        }
    }
}

/// Gives every record in `ids` to `to`. Records already owned by (tickets: assigned to) `to` are
/// skipped. Returns how many changed.
pub async fn reassign(pool: &Pool, actor: &Actor, kind: Kind, ids: &[i64], to: i64) -> Result<usize, AppError> {
    actor.require(Permission::Reassign)?;
    if ids.is_empty() {
        return Err(AppError::field("ids", "select at least one record"));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::field("ids", format!("at most {MAX_BULK} records at a time")));
    }
    let mut tx = db::begin_write(pool).await?;
    let mut moved = 0;
    if kind == Kind::Tickets {
        for &id in ids {
            let row = db::tickets::get_locked(&mut tx, id).await?;
            // One form for many tickets: the assignee's error belongs to its "to" field.
            let changed = tickets::create::assign_in(&mut tx, actor, &row, Some(to)).await.map_err(|e| match e {
                AppError::Validation { .. } => AppError::field("to", "must be an active user who works tickets"),
                other => other,
            })?;
            moved += usize::from(changed);
        }
        db::commit(tx).await?;
        return Ok(moved);
    }
    let to_name = accounts::check_owner(&mut tx, to).await?;
    for &id in ids {
        let (entity, from_owner, from_name) = if kind == Kind::Accounts {
            let a = db::accounts::get_locked(&mut tx, id).await?;
            (accounts::ENTITY, a.owner_id, a.owner_name)
        } else {
            let o = db::opportunities::get_locked(&mut tx, id).await?;
            ("opportunity", o.owner_id, o.owner_name)
        };
        if from_owner == to {
            continue;
        }
        if kind == Kind::Accounts {
            db::accounts::set_owner(&mut tx, id, to).await?;
        } else {
            db::opportunities::set_owner(&mut tx, id, to).await?;
        }
        timeline::record(&mut tx, Some(actor), entity, id, "reassigned", Some((&from_name, &to_name)), None).await?;
        moved += 1;
    }
    db::commit(tx).await?;
    Ok(moved)
}
