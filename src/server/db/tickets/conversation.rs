//! SQL for what happens on a ticket over time: its status history (what the SLA clocks are
//! computed from) and its comments (public replies and internal notes).
use crate::model::sla::StatusChange;
use crate::model::ticket::{Channel, CommentDto, TicketStatus};
use crate::server::db::{Db, Executor, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

pub async fn add_status_change(
    tx: &mut Tx,
    ticket_id: i64,
    status: TicketStatus,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    crate::server::db::run(
        tx,
        sqlx::query::<Db>("INSERT INTO ticket_status_changes (ticket_id, status, at) VALUES ($1, $2, $3)")
            .bind(ticket_id)
            .bind(status.as_str())
            .bind(at),
    )
    .await
}

#[derive(FromRow)]
struct ChangeRow {
    #[sqlx(try_from = "String")]
    status: TicketStatus,
    at: DateTime<Utc>,
}

/// The ticket's status changes in time order, the first being its creation.
pub async fn history<'e>(ex: impl Executor<'e>, ticket_id: i64) -> Result<Vec<StatusChange>, sqlx::Error> {
    let rows = sqlx::query_as::<Db, ChangeRow>(
        "SELECT status, at FROM ticket_status_changes WHERE ticket_id = $1 ORDER BY at, id",
    )
    .bind(ticket_id)
    .fetch_all(ex)
    .await?;
    Ok(rows.into_iter().map(|r| StatusChange { at: r.at, status: r.status }).collect())
}

/// A comment as stored. `author_email` is the customer's address (empty for employees).
pub struct NewComment<'a> {
    pub ticket_id: i64,
    pub public: bool,
    pub author_user_id: Option<i64>,
    pub author_contact_id: Option<i64>,
    pub author_name: &'a str,
    pub author_email: &'a str,
    pub body: &'a str,
    pub source: Channel,
    pub at: DateTime<Utc>,
}

pub async fn add_comment(tx: &mut Tx, c: &NewComment<'_>) -> Result<i64, sqlx::Error> {
    let q = sqlx::query::<Db>(
        "INSERT INTO ticket_comments (ticket_id, public, author_user_id, author_contact_id, author_name,
            author_email, body, source, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(c.ticket_id)
    .bind(c.public)
    .bind(c.author_user_id)
    .bind(c.author_contact_id)
    .bind(c.author_name)
    .bind(c.author_email)
    .bind(c.body)
    .bind(c.source.as_str())
    .bind(c.at);
    crate::server::db::returning_id(tx, q).await
}

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    ticket_id: i64,
    public: bool,
    author_user_id: Option<i64>,
    author_name: String,
    #[sqlx(try_from = "String")]
    source: Channel,
    body: String,
    created_at: DateTime<Utc>,
}

/// The conversation, oldest first: every comment, or with `public_only` the public replies alone
/// (what the customer's page and emails may show — internal notes are filtered here, in SQL, so no
/// later step can leak them).
pub async fn comments<'e>(
    ex: impl Executor<'e>,
    ticket_id: i64,
    public_only: bool,
) -> Result<Vec<CommentDto>, sqlx::Error> {
    let public = if public_only { " AND public = TRUE" } else { "" };
    let rows = sqlx::query_as::<Db, CommentRow>(&format!(
        "SELECT id, ticket_id, public, author_user_id, author_name, source, body, created_at
         FROM ticket_comments WHERE ticket_id = $1{public} ORDER BY created_at, id"
    ))
    .bind(ticket_id)
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CommentDto {
            id: r.id,
            ticket_id: r.ticket_id,
            public: r.public,
            author_user_id: r.author_user_id,
            author_name: r.author_name,
            source: r.source,
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}
