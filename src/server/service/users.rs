//! Managing users (admins): list, create, change name / role / active flag, reset password; and
//! availability for tickets (the availability flag and away dates), which users also set themselves.
use crate::error::AppError;
use crate::model::permissions::{Permission, Role};
use crate::model::user::{NewUser, UserChanges, UserDto};
use crate::server::auth::{hash_password, Actor};
use crate::server::db::{self, Pool};
use crate::server::service::timeline;
use chrono::{DateTime, Utc};

pub const ENTITY: &str = "user";

pub struct Page {
    pub items: Vec<UserDto>,
    pub next: Option<(DateTime<Utc>, i64)>,
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    search: Option<&str>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> Result<Page, AppError> {
    actor.require(Permission::ManageUsers)?;
    let limit = limit.clamp(1, 200);
    let mut rows = db::users::page(pool, search.filter(|s| !s.trim().is_empty()), after, limit + 1).await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| (r.created_at, r.id))
    } else {
        None
    };
    Ok(Page { items: rows.iter().map(|r| r.to_dto()).collect(), next })
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<UserDto, AppError> {
    actor.require(Permission::ManageUsers)?;
    db::users::by_id(pool, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound)
}

/// Creates a user; `actor` is None when the CLI creates the first admin.
pub async fn create(pool: &Pool, actor: Option<&Actor>, input: NewUser) -> Result<UserDto, AppError> {
    if let Some(a) = actor {
        a.require(Permission::ManageUsers)?;
    }
    let hash = hash_password(input.password.clone()).await?;
    let mut tx = db::begin_write(pool).await?;
    let id = match db::users::insert(&mut tx, &input.email, &input.name, input.role, &hash).await {
        Ok(id) => id,
        Err(e) if db::is_unique_violation(&e) => {
            return Err(AppError::field("email", "is already used by another user"))
        }
        Err(e) => return Err(e.into()),
    };
    let note = format!("{} <{}> as {}", input.name, input.email, input.role.label());
    timeline::record(&mut tx, actor, ENTITY, id, "created", None, Some(&note)).await?;
    let user = db::users::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(user.to_dto())
}

/// Applies the changes that differ from the stored user, each with its timeline event. Admins
/// change anyone; a user changes their own availability and away dates (going on leave needs no
/// admin), and nothing else of their own.
pub async fn update(pool: &Pool, actor: &Actor, id: i64, changes: UserChanges) -> Result<UserDto, AppError> {
    if !(actor.id == id && changes.only_availability()) {
        actor.require(Permission::ManageUsers)?;
    }
    let hash = match &changes.password {
        Some(p) => Some(hash_password(p.clone()).await?),
        None => None,
    };
    let mut tx = db::begin_write(pool).await?;
    let before = db::users::get_locked(&mut tx, id).await?;
    let removes_admin = before.role() == Role::Admin
        && before.active
        && (changes.active == Some(false) || changes.role.is_some_and(|r| r != Role::Admin));
    if removes_admin && db::users::count_other_active_admins(&mut tx, id).await? == 0 {
        return Err(AppError::Conflict {
            message: "this is the last active administrator: make another user an admin first".into(),
            code: "last_admin".into(),
        });
    }
    if let Some(name) = changes.name.as_deref().filter(|n| *n != before.name) {
        db::users::set_name(&mut tx, id, name).await?;
        timeline::record(&mut tx, Some(actor), ENTITY, id, "renamed", Some((&before.name, name)), None).await?;
    }
    if let Some(role) = changes.role.filter(|r| *r != before.role()) {
        db::users::set_role(&mut tx, id, role).await?;
        timeline::record(
            &mut tx,
            Some(actor),
            ENTITY,
            id,
            "role_changed",
            Some((before.role().as_str(), role.as_str())),
            None,
        )
        .await?;
    }
    if let Some(active) = changes.active.filter(|a| *a != before.active) {
        db::users::set_active(&mut tx, id, active).await?;
        let (kind, from, to) =
            if active { ("activated", "inactive", "active") } else { ("deactivated", "active", "inactive") };
        let note = (!active).then_some("all sessions and API tokens of this user stop working");
        timeline::record(&mut tx, Some(actor), ENTITY, id, kind, Some((from, to)), note).await?;
    }
    if let Some(available) = changes.available.filter(|a| *a != before.available) {
        db::users::set_available(&mut tx, id, available).await?;
        let change = if available { ("unavailable", "available") } else { ("available", "unavailable") };
        timeline::record(&mut tx, Some(actor), ENTITY, id, "availability", Some(change), None).await?;
    }
    if let Some(away) = changes.away.filter(|a| (a.from, a.until) != (before.away_from, before.away_until)) {
        db::users::set_away(&mut tx, id, away).await?;
        let note = match (away.from, away.until) {
            (Some(f), Some(u)) => format!("Away {f} to {u}"),
            (Some(f), None) => format!("Away from {f} until further notice"),
            _ => "Not away".to_string(),
        };
        timeline::record(&mut tx, Some(actor), ENTITY, id, "away", None, Some(&note)).await?;
    }
    if let Some(hash) = hash {
        db::users::set_password_hash(&mut tx, id, &hash).await?;
        timeline::record(
            &mut tx,
            Some(actor),
            ENTITY,
            id,
            "password_reset",
            None,
            Some("other sessions of this user were signed out"),
        )
        .await?;
    }
    let after = db::users::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(after.to_dto())
}
