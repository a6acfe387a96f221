//! What admins read about the running system: the email outbox, job runs, and counts.
use crate::error::AppError;
use crate::model::outbox::OutboxStatus;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, jobs::JobRunRow, outbox::OutboxRow, Pool};

pub async fn outbox(
    pool: &Pool,
    actor: &Actor,
    status: Option<&str>,
    before_id: Option<i64>,
) -> Result<Vec<OutboxRow>, AppError> {
    actor.require(Permission::ViewSystem)?;
    let status = match status.filter(|s| !s.is_empty()).map(OutboxStatus::parse) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(_)) => return Ok(vec![]), // a status no message has lists none
    };
    Ok(db::outbox::page(pool, status, before_id, 50).await?)
}

pub async fn outbox_message(pool: &Pool, actor: &Actor, id: i64) -> Result<OutboxRow, AppError> {
    actor.require(Permission::ViewSystem)?;
    db::outbox::by_id(pool, id).await?.ok_or(AppError::NotFound)
}

pub async fn job_runs(pool: &Pool, actor: &Actor) -> Result<Vec<JobRunRow>, AppError> {
    actor.require(Permission::ViewSystem)?;
    Ok(db::jobs::recent_runs(pool, None, 100).await?)
}

pub struct Overview {
    pub users_by_role: Vec<(String, i64)>,
    pub outbox_by_status: Vec<(OutboxStatus, i64)>,
}

pub async fn overview(pool: &Pool, actor: &Actor) -> Result<Overview, AppError> {
    actor.require(Permission::ViewSystem)?;
    Ok(Overview {
        users_by_role: db::users::count_by_role(pool).await?,
        outbox_by_status: db::outbox::count_by_status(pool)
            .await?
            .into_iter()
            .map(|(s, n)| Ok((OutboxStatus::from_db(&s, "outbox messages counted by status", n)?, n)))
            .collect::<Result<_, AppError>>()?,
    })
}
