//! Timeline events as detail pages show them (the append-only `timeline_events` table).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    pub id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub actor_name: Option<String>,
    pub kind: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}
