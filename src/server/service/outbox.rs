//! Admin actions on the email outbox: putting a failed message back in the queue.
use crate::error::AppError;
use crate::model::outbox::{OutboxEvent, OutboxStatus};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::service::timeline;
use crate::server::state::AppState;

/// Retry of a failed message: queued again with a fresh backoff schedule, or held when no SMTP
/// server is configured (an admin reads it there). Refused unless the message is `failed`, so a
/// message that is being sent, or was sent, is never queued a second time.
pub async fn retry(state: &AppState, actor: &Actor, id: i64) -> Result<OutboxStatus, AppError> {
    actor.require(Permission::ViewSystem)?;
    let retry = OutboxEvent::Retry { smtp: state.mailer.has_smtp() };
    let from = OutboxStatus::Failed;
    let to = from.transition(retry).map_err(AppError::internal)?;
    let mut tx = db::begin_write(&state.pool).await?;
    // The UPDATE only takes a failed message, so a retry racing a delivery pass is decided there.
    if !db::outbox::requeue_failed(&mut tx, id, to).await? {
        drop(tx);
        let m = db::outbox::by_id(&state.pool, id).await?.ok_or(AppError::NotFound)?;
        let refused = m.status.transition(retry).err().unwrap_or_else(|| "this email was just retried".into());
        return Err(AppError::invalid_transition(refused));
    }
    let change = Some((from.as_str(), to.as_str()));
    timeline::record(&mut tx, Some(actor), "outbox", id, "retried", change, None).await?;
    db::commit(tx).await?;
    Ok(to)
}
