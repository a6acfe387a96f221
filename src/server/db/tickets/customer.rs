//! SQL for the customer's side of a ticket: the satisfaction rating, and the follow-up a reply to a
//! closed ticket opened.
use crate::model::ticket::TicketStatus;
use crate::server::db::{Db, Executor, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// Stores the rating of a resolved (or since closed) ticket that has none yet; false otherwise
/// (the check and the write are one statement, so two posts at once cannot both rate).
pub async fn rate(
    tx: &mut Tx,
    id: i64,
    rating: i64,
    comment: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query::<Db>(
        "UPDATE tickets SET rating = $1, rating_comment = $2, rated_at = $3, updated_at = $3
         WHERE id = $4 AND status IN ('resolved', 'closed') AND rating IS NULL",
    )
    .bind(rating)
    .bind(comment)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A ticket opened as a follow-up of a closed one.
#[derive(Clone, Debug, FromRow)]
pub struct FollowUp {
    pub id: i64,
    pub number: String,
    #[sqlx(try_from = "String")]
    pub status: TicketStatus,
}

/// The newest follow-up of ticket `id`, if a customer's reply opened one.
pub async fn latest_follow_up<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<FollowUp>, sqlx::Error> {
    sqlx::query_as::<Db, FollowUp>(
        "SELECT id, number, status FROM tickets WHERE follow_up_of = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}
