//! SQL for canned replies: the list (by title), one, and the writes; titles are unique regardless
//! of case (an index keeps them so).
use crate::model::canned_reply::{CannedReplyDto, CannedReplyInput};
use crate::server::db::{Db, Executor, Tx};
use chrono::Utc;

pub async fn list<'e>(ex: impl Executor<'e>) -> Result<Vec<CannedReplyDto>, sqlx::Error> {
    let rows =
        sqlx::query_as::<Db, (i64, String, String)>("SELECT id, title, body FROM canned_replies ORDER BY lower(title)")
            .fetch_all(ex)
            .await?;
    Ok(rows.into_iter().map(|(id, title, body)| CannedReplyDto { id, title, body }).collect())
}

pub async fn by_id<'e>(ex: impl Executor<'e>, id: i64) -> Result<Option<CannedReplyDto>, sqlx::Error> {
    let row = sqlx::query_as::<Db, (i64, String, String)>("SELECT id, title, body FROM canned_replies WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|(id, title, body)| CannedReplyDto { id, title, body }))
}

/// Whether another canned reply has this title (any case).
pub async fn title_taken(tx: &mut Tx, title: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM canned_replies WHERE lower(title) = lower($1) AND id <> $2")
        .bind(title)
        .bind(except.unwrap_or(0))
        .fetch_one(&mut **tx)
        .await
        .map(|n| n > 0)
}

pub async fn insert(tx: &mut Tx, c: &CannedReplyInput, by: i64) -> Result<i64, sqlx::Error> {
    let q = sqlx::query::<Db>(
        "INSERT INTO canned_replies (title, body, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         RETURNING id",
    )
    .bind(&c.title)
    .bind(&c.body)
    .bind(by)
    .bind(Utc::now());
    crate::server::db::returning_id(tx, q).await
}

/// Gives whether it existed.
pub async fn update(tx: &mut Tx, id: i64, c: &CannedReplyInput) -> Result<bool, sqlx::Error> {
    let done = sqlx::query::<Db>("UPDATE canned_replies SET title = $1, body = $2, updated_at = $3 WHERE id = $4")
        .bind(&c.title)
        .bind(&c.body)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives whether it existed.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query::<Db>("DELETE FROM canned_replies WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}
