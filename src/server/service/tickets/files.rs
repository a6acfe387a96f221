//! Files on tickets — those that came by email and those employees attach — for employees who may
//! read the ticket: the list, one file's bytes, attaching one. The customer's side (public files
//! only) is in `links`.
use super::readable;
use crate::error::AppError;
use crate::model::inbound_email::AttachmentDto;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};

pub async fn list(pool: &Pool, actor: &Actor, ticket_id: i64) -> Result<Vec<AttachmentDto>, AppError> {
    readable(pool, actor, ticket_id).await?;
    Ok(db::tickets::email::attachments(pool, ticket_id, false).await?)
}

/// One file of the ticket: (file name, bytes).
pub async fn download(pool: &Pool, actor: &Actor, ticket_id: i64, id: i64) -> Result<(String, Vec<u8>), AppError> {
    readable(pool, actor, ticket_id).await?;
    let (name, _, _, data) = db::tickets::email::attachment(pool, ticket_id, id).await?.ok_or(AppError::NotFound)?;
    Ok((name, data))
}

/// An employee's file on the ticket: `public` files the customer sees on their page (it takes
/// `WorkTickets`, like a public reply), internal ones only employees (`NoteTickets`). Up to
/// `MAX_ATTACHMENT_BYTES`, not on a closed ticket; on the timeline. Gives the file's id.
pub async fn attach(
    pool: &Pool,
    actor: &Actor,
    ticket_id: i64,
    file_name: &str,
    data: &[u8],
    public: bool,
) -> Result<i64, AppError> {
    use crate::model::inbound_email::MAX_ATTACHMENT_BYTES;
    use crate::model::permissions::Permission;
    actor.require(if public { Permission::WorkTickets } else { Permission::NoteTickets })?;
    // Only the last path component: a browser may send "C:\\fakepath\\x.pdf".
    let name: String = file_name.rsplit(['/', '\\']).next().unwrap_or_default().trim().chars().take(200).collect();
    if name.is_empty() || data.is_empty() {
        return Err(AppError::field("file", "choose a file"));
    }
    if data.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::field("file", "is larger than 10 MB"));
    }
    let mut tx = db::begin_write(pool).await?;
    let row = db::tickets::get_locked(&mut tx, ticket_id).await?;
    super::require_read(actor, &row)?;
    if !row.status.takes_comments() {
        return Err(AppError::invalid_transition("a closed ticket takes no more files"));
    }
    let now = chrono::Utc::now();
    let a = db::tickets::email::NewAttachment {
        ticket_id,
        comment_id: None,
        public,
        file_name: &name,
        content_type: "application/octet-stream",
        data,
        at: now,
    };
    let id = db::tickets::email::add_attachment(&mut tx, &a).await?;
    let note = format!("{name} ({})", if public { "the customer sees it" } else { "internal" });
    crate::server::service::timeline::record(
        &mut tx,
        Some(actor),
        super::ENTITY,
        ticket_id,
        "file_added",
        None,
        Some(&note),
    )
    .await?;
    db::commit(tx).await?;
    Ok(id)
}
