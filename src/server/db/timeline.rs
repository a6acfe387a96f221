//! SQL for the append-only timeline.
use super::{Db, Pool, Tx};
use crate::model::timeline::TimelineEvent;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// One event to append. Nothing ever updates or deletes these rows.
pub struct NewEvent<'a> {
    pub entity: &'a str,
    pub entity_id: i64,
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub note: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, e: &NewEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO timeline_events (entity, entity_id, actor_id, kind, from_state, to_state, note, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.entity)
    .bind(e.entity_id)
    .bind(e.actor_id)
    .bind(e.kind)
    .bind(e.from_state)
    .bind(e.to_state)
    .bind(e.note)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    entity: String,
    entity_id: i64,
    actor_name: Option<String>,
    kind: String,
    from_state: Option<String>,
    to_state: Option<String>,
    note: Option<String>,
    at: DateTime<Utc>,
}

/// The events of one record, newest first.
pub async fn for_entity(
    pool: &Pool,
    entity: &str,
    entity_id: i64,
    limit: i64,
) -> Result<Vec<TimelineEvent>, sqlx::Error> {
    let rows = sqlx::query_as::<Db, Row>(
        "SELECT e.id, e.entity, e.entity_id, u.name AS actor_name, e.kind, e.from_state, e.to_state, e.note, e.at
         FROM timeline_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.entity = $1 AND e.entity_id = $2 ORDER BY e.at DESC, e.id DESC LIMIT $3",
    )
    .bind(entity)
    .bind(entity_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TimelineEvent {
            id: r.id,
            entity: r.entity,
            entity_id: r.entity_id,
            actor_name: r.actor_name,
            kind: r.kind,
            from_state: r.from_state,
            to_state: r.to_state,
            note: r.note,
            at: r.at,
        })
        .collect())
}
