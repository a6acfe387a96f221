//! SQL for contacts: per account, one primary at most (a partial unique index keeps it so).
use super::{Db, Pool, Tx};
use crate::model::contact::{ContactDto, ContactInput};
use chrono::Utc;
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub is_primary: bool,
}

impl ContactRow {
    pub fn to_dto(&self) -> ContactDto {
        ContactDto {
            id: self.id,
            account_id: self.account_id,
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            job_title: self.job_title.clone(),
            is_primary: self.is_primary,
        }
    }
}

const COLS: &str = "id, account_id, name, email, phone, job_title, is_primary";

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    id: i64,
) -> Result<Option<ContactRow>, sqlx::Error> {
    sqlx::query_as::<Db, ContactRow>(&format!("SELECT {COLS} FROM contacts WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The contact for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<ContactRow, crate::error::AppError> {
    super::lock_for_update(tx, "contacts", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// An account's contacts, primary first, then by name.
pub async fn for_account(pool: &Pool, account_id: i64) -> Result<Vec<ContactRow>, sqlx::Error> {
    sqlx::query_as::<Db, ContactRow>(&format!(
        "SELECT {COLS} FROM contacts WHERE account_id = $1 ORDER BY is_primary DESC, lower(name), id LIMIT 500"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await
}

/// The API's contact list: optionally one account's, by id after the cursor.
pub async fn page(
    pool: &Pool,
    account_id: Option<i64>,
    after_id: Option<i64>,
    limit: usize,
) -> Result<Vec<ContactRow>, sqlx::Error> {
    sqlx::query_as::<Db, ContactRow>(&format!(
        "SELECT {COLS} FROM contacts WHERE ($1 IS NULL OR account_id = $1) AND ($2 IS NULL OR id > $2) ORDER BY id LIMIT $3"
    ))
    .bind(account_id)
    .bind(after_id)
    .bind(limit as i64 + 1)
    .fetch_all(pool)
    .await
}

/// Makes no contact of the account primary (before another one becomes it).
/// How many contacts the account has (the per-account cap).
pub async fn count(tx: &mut Tx, account_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM contacts WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await
}

pub async fn clear_primary(tx: &mut Tx, account_id: i64) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE contacts SET is_primary = FALSE, updated_at = $1 WHERE account_id = $2 AND is_primary")
        .bind(Utc::now())
        .bind(account_id);
    crate::server::db::run(tx, q).await
}

pub async fn insert(tx: &mut Tx, account_id: i64, c: &ContactInput) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO contacts (account_id, name, email, phone, job_title, is_primary, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(account_id)
    .bind(&c.name)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.job_title)
    .bind(c.is_primary)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update(tx: &mut Tx, id: i64, c: &ContactInput) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE contacts SET name = $1, email = $2, phone = $3, job_title = $4, is_primary = $5, updated_at = $6
         WHERE id = $7",
    )
    .bind(&c.name)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.job_title)
    .bind(c.is_primary)
    .bind(Utc::now())
    .bind(id);
    crate::server::db::run(tx, q).await
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM contacts WHERE id = $1").bind(id).execute(&mut **tx).await.map(|_| ())
}

/// The account's contact with this email (case-insensitive), if any.
pub async fn id_by_email(tx: &mut Tx, account_id: i64, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM contacts WHERE account_id = $1 AND lower(email) = lower($2) ORDER BY id LIMIT 1",
    )
    .bind(account_id)
    .bind(email)
    .fetch_optional(&mut **tx)
    .await
}
