//! SQL for merging a duplicate ticket into another: finding the ticket named by its number, moving
//! the conversation (each moved comment remembers where it came from), and the duplicate's link.
use crate::server::db::{Db, Executor, Tx};

/// The id of the ticket with this number (any case), if there is one.
pub async fn id_by_number<'e>(ex: impl Executor<'e>, number: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM tickets WHERE number = upper($1)")
        .bind(number.trim())
        .fetch_optional(ex)
        .await
}

/// Moves every comment of `from` to `into`; gives how many moved. A comment moved before keeps the
/// ticket it first came from.
pub async fn move_comments(tx: &mut Tx, from: i64, into: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query::<Db>(
        "UPDATE ticket_comments SET ticket_id = $1, moved_from = COALESCE(moved_from, $2) WHERE ticket_id = $2",
    )
    .bind(into)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Marks a comment as brought over from ticket `from`.
pub async fn set_moved_from(tx: &mut Tx, comment_id: i64, from: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query::<Db>("UPDATE ticket_comments SET moved_from = $1 WHERE id = $2").bind(from).bind(comment_id);
    crate::server::db::run(tx, q).await
}

/// The duplicate's link to the ticket it went into.
pub async fn set_merged_into(tx: &mut Tx, id: i64, into: i64) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "tickets", "merged_into", id, Some(into)).await
}
