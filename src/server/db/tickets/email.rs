//! SQL for email into support and files on tickets: the stored messages (by Message-ID, the
//! unmatched list, filing one), and the attachments (their list without the bytes, one with them).
use crate::model::inbound_email::{AttachmentDto, UnmatchedEmail};
use crate::server::db::{Db, Executor, Pool, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// A message as read, and where it went.
pub struct NewInbound<'a> {
    pub message_id: Option<&'a str>,
    pub from_email: &'a str,
    pub from_name: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub raw: &'a [u8],
    pub status: &'static str,
    pub note: &'a str,
    pub ticket_id: Option<i64>,
    pub at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, m: &NewInbound<'_>) -> Result<i64, sqlx::Error> {
    let q = sqlx::query::<Db>(
        "INSERT INTO inbound_emails (message_id, from_email, from_name, subject, body, raw, status, note, ticket_id,
            received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(m.message_id)
    .bind(m.from_email)
    .bind(m.from_name)
    .bind(m.subject)
    .bind(m.body)
    .bind(m.raw)
    .bind(m.status)
    .bind(m.note)
    .bind(m.ticket_id)
    .bind(m.at);
    crate::server::db::returning_id(tx, q).await
}

/// A message taken before with this Message-ID: (id, status, ticket id, note).
pub async fn by_message_id(
    tx: &mut Tx,
    message_id: &str,
) -> Result<Option<(i64, String, Option<i64>, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String, Option<i64>, String)>(
        "SELECT id, status, ticket_id, note FROM inbound_emails WHERE message_id = $1",
    )
    .bind(message_id)
    .fetch_optional(&mut **tx)
    .await
}

#[derive(FromRow)]
struct UnmatchedRow {
    id: i64,
    from_email: String,
    from_name: String,
    subject: String,
    body: String,
    note: String,
    received_at: DateTime<Utc>,
}

/// The unmatched messages, oldest first (the ones waiting longest at the top).
pub async fn unmatched(pool: &Pool, limit: i64) -> Result<Vec<UnmatchedEmail>, sqlx::Error> {
    let rows = sqlx::query_as::<Db, UnmatchedRow>(
        "SELECT id, from_email, from_name, subject, body, note, received_at FROM inbound_emails
         WHERE status = 'unmatched' ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UnmatchedEmail {
            id: r.id,
            from_email: r.from_email,
            from_name: r.from_name,
            subject: r.subject,
            body: r.body,
            note: r.note,
            received_at: r.received_at,
        })
        .collect())
}

/// Files an unmatched message (`ticket` or `discarded`, by whom, when): gives its raw message, the
/// sender's email and name, or None when it is not (or no longer) unmatched — a conditional
/// UPDATE, so two employees filing the same message at once file it once.
pub async fn claim_unmatched(
    tx: &mut Tx,
    id: i64,
    status: &'static str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<Option<(Vec<u8>, String, String)>, sqlx::Error> {
    let claimed = sqlx::query::<Db>(
        "UPDATE inbound_emails SET status = $1, handled_by = $2, handled_at = $3 WHERE id = $4 AND status = 'unmatched'",
    )
    .bind(status)
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Ok(None);
    }
    sqlx::query_as::<Db, (Vec<u8>, String, String)>(
        "SELECT raw, from_email, from_name FROM inbound_emails WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// The ticket a filed message became.
pub async fn set_ticket(tx: &mut Tx, id: i64, ticket_id: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query::<Db>("UPDATE inbound_emails SET ticket_id = $1 WHERE id = $2").bind(ticket_id).bind(id);
    crate::server::db::run(tx, q).await
}

/// The contacts with this email (any case), on any account: (contact id, account id).
pub async fn contacts_by_email(tx: &mut Tx, email: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, i64)>(
        "SELECT c.id, c.account_id FROM contacts c JOIN accounts a ON a.id = c.account_id
         WHERE lower(c.email) = lower($1) AND a.active = TRUE ORDER BY c.id",
    )
    .bind(email)
    .fetch_all(&mut **tx)
    .await
}

/// Whether the address is the account's invoice email.
pub async fn is_account_email(tx: &mut Tx, account_id: i64, email: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM accounts WHERE id = $1 AND lower(invoice_email) = lower($2)")
        .bind(account_id)
        .bind(email)
        .fetch_one(&mut **tx)
        .await
        .map(|n| n > 0)
}

/// A file to store with a ticket.
pub struct NewAttachment<'a> {
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub public: bool,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub data: &'a [u8],
    pub at: DateTime<Utc>,
}

pub async fn add_attachment(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64, sqlx::Error> {
    let q = sqlx::query::<Db>(
        "INSERT INTO ticket_attachments (ticket_id, comment_id, public, file_name, content_type, size_bytes, data,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.ticket_id)
    .bind(a.comment_id)
    .bind(a.public)
    .bind(a.file_name)
    .bind(a.content_type)
    .bind(a.data.len() as i64)
    .bind(a.data)
    .bind(a.at);
    crate::server::db::returning_id(tx, q).await
}

#[derive(FromRow)]
struct AttachmentRow {
    id: i64,
    comment_id: Option<i64>,
    public: bool,
    file_name: String,
    size_bytes: i64,
    created_at: DateTime<Utc>,
}

/// A ticket's files without their bytes, oldest first; `public_only` for the customer's page.
pub async fn attachments<'e>(
    ex: impl Executor<'e>,
    ticket_id: i64,
    public_only: bool,
) -> Result<Vec<AttachmentDto>, sqlx::Error> {
    let public = if public_only { " AND public = TRUE" } else { "" };
    let rows = sqlx::query_as::<Db, AttachmentRow>(&format!(
        "SELECT id, comment_id, public, file_name, size_bytes, created_at FROM ticket_attachments
         WHERE ticket_id = $1{public} ORDER BY id"
    ))
    .bind(ticket_id)
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AttachmentDto {
            id: r.id,
            comment_id: r.comment_id,
            public: r.public,
            file_name: r.file_name,
            size_bytes: r.size_bytes,
            created_at: r.created_at,
        })
        .collect())
}

/// One file of a ticket with its bytes: (file name, content type, public, data).
pub async fn attachment(
    pool: &Pool,
    ticket_id: i64,
    id: i64,
) -> Result<Option<(String, String, bool, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, String, bool, Vec<u8>)>(
        "SELECT file_name, content_type, public, data FROM ticket_attachments WHERE id = $1 AND ticket_id = $2",
    )
    .bind(id)
    .bind(ticket_id)
    .fetch_optional(pool)
    .await
}

/// A merge moves the duplicate's files with its conversation.
pub async fn move_attachments(tx: &mut Tx, from: i64, into: i64) -> Result<(), sqlx::Error> {
    let q =
        sqlx::query::<Db>("UPDATE ticket_attachments SET ticket_id = $1 WHERE ticket_id = $2").bind(into).bind(from);
    crate::server::db::run(tx, q).await
}
