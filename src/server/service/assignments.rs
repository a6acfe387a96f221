//! Assignments: each employee's workload, and moving many accounts or opportunities to a new
//! owner at once — one transaction, one timeline event per record.
use crate::error::AppError;
use crate::model::assignment::Workload;
use crate::model::permissions::{Permission, Role};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{accounts, timeline};
use std::collections::BTreeMap;

/// The most records one bulk reassignment may move (a page of the picker).
pub const MAX_BULK: usize = 500;

pub async fn workloads(pool: &Pool, actor: &Actor) -> Result<Vec<Workload>, AppError> {
    actor.require(Permission::Reassign)?;
    let accounts: BTreeMap<i64, i64> = db::accounts::count_by_owner(pool).await?.into_iter().collect();
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
            Role::parse(role).is_ok_and(|r| r.can(Permission::EditOwnCrm))
                || accounts.contains_key(id)
                || open.contains_key(id)
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
            }
        })
        .collect())
}

/// What a bulk reassignment moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Opportunities,
}

impl Kind {
    pub fn parse(s: &str) -> Result<Kind, AppError> {
        match s {
            "accounts" => Ok(Kind::Accounts),
            "opportunities" => Ok(Kind::Opportunities),
            _ => Err(AppError::field("kind", "must be accounts or opportunities")),
        }
    }
}

/// Gives every record in `ids` to `to`. Records already owned by `to` are skipped. Returns how
/// many changed owner.
pub async fn reassign(pool: &Pool, actor: &Actor, kind: Kind, ids: &[i64], to: i64) -> Result<usize, AppError> {
    actor.require(Permission::Reassign)?;
    if ids.is_empty() {
        return Err(AppError::field("ids", "select at least one record"));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::field("ids", format!("at most {MAX_BULK} records at a time")));
    }
    let mut tx = db::begin_write(pool).await?;
    let to_name = accounts::check_owner(&mut tx, to).await?;
    let mut moved = 0;
    for &id in ids {
        let (entity, from_owner, from_name) = match kind {
            Kind::Accounts => {
                let a = db::accounts::get_locked(&mut tx, id).await?;
                (accounts::ENTITY, a.owner_id, a.owner_name)
            }
            Kind::Opportunities => {
                let o = db::opportunities::get_locked(&mut tx, id).await?;
                ("opportunity", o.owner_id, o.owner_name)
            }
        };
        if from_owner == to {
            continue;
        }
        match kind {
            Kind::Accounts => db::accounts::set_owner(&mut tx, id, to).await?,
            Kind::Opportunities => db::opportunities::set_owner(&mut tx, id, to).await?,
        }
        timeline::record(&mut tx, Some(actor), entity, id, "reassigned", Some((&from_name, &to_name)), None).await?;
        moved += 1;
    }
    db::commit(tx).await?;
    Ok(moved)
}
