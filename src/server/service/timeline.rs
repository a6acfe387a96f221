//! Writing and reading the timeline of any record.
use crate::error::AppError;
use crate::model::timeline::TimelineEvent;
use crate::server::auth::Actor;
use crate::server::db::{self, timeline::NewEvent, Pool, Tx};

/// Appends one event in the caller's transaction, so the record and its history commit together.
pub async fn record(
    tx: &mut Tx,
    actor: Option<&Actor>,
    entity: &str,
    entity_id: i64,
    kind: &str,
    change: Option<(&str, &str)>,
    note: Option<&str>,
) -> Result<(), AppError> {
    let event = NewEvent {
        entity,
        entity_id,
        actor_id: actor.map(|a| a.id),
        kind,
        from_state: change.map(|c| c.0),
        to_state: change.map(|c| c.1),
        note,
    };
    Ok(db::timeline::insert(tx, &event).await?)
}

/// The newest events of a record; callers check that the actor may read that record.
pub async fn for_entity(pool: &Pool, entity: &str, entity_id: i64) -> Result<Vec<TimelineEvent>, AppError> {
    Ok(db::timeline::for_entity(pool, entity, entity_id, 200).await?)
}
