//! Admin actions on the email outbox: putting a failed message back in the queue.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::service::timeline;
use crate::server::state::AppState;

/// Retry of a failed message: queued again with a fresh backoff schedule, or held when no SMTP
/// server is configured (an admin reads it there). Refused unless the message is `failed`, so a
/// message that is being sent, or was sent, is never queued a second time.
pub async fn retry(state: &AppState, actor: &Actor, id: i64) -> Result<String, AppError> {
    actor.require(Permission::ViewSystem)?;
    let status = if state.mailer.has_smtp() { "queued" } else { "held" };
    let mut tx = db::begin_write(&state.pool).await?;
    if !db::outbox::requeue_failed(&mut tx, id, status).await? {
        drop(tx);
        let m = db::outbox::by_id(&state.pool, id).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::invalid_transition(format!(
            "only a failed email can be retried; this one is {}",
            m.status
        )));
    }
    timeline::record(&mut tx, Some(actor), "outbox", id, "retried", Some(("failed", status)), None).await?;
    db::commit(tx).await?;
    Ok(status.to_string())
}
