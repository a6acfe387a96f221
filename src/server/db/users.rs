//! SQL for users.
use super::search::{contains, ESCAPE};
use super::{Db, Pool, Tx};
use crate::model::permissions::Role;
use crate::model::user::{Away, UserDto};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub available: bool,
    pub away_from: Option<NaiveDate>,
    pub away_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl UserRow {
    pub fn role(&self) -> Role {
        // The CHECK constraint keeps unknown roles out; fall back to the least privileged.
        self.role
    }
    pub fn to_dto(&self) -> UserDto {
        UserDto {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role(),
            active: self.active,
            available: self.available,
            away_from: self.away_from,
            away_until: self.away_until,
            created_at: self.created_at,
        }
    }
}

const COLS: &str = "id, email, name, role, password_hash, active, available, away_from, away_until, created_at";

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<Db, UserRow>(&format!("SELECT {COLS} FROM users WHERE id = $1")).bind(id).fetch_optional(ex).await
}

/// The user for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<UserRow, crate::error::AppError> {
    super::lock_for_update(tx, "users", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

pub async fn by_email(pool: &Pool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<Db, UserRow>(&format!("SELECT {COLS} FROM users WHERE lower(email) = lower($1)"))
        .bind(email.trim())
        .fetch_optional(pool)
        .await
}

pub async fn insert(tx: &mut Tx, email: &str, name: &str, role: Role, password_hash: &str) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    sqlx::query_scalar::<Db, i64>(
        "INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// One page of users, newest first, after the keyset cursor `(created_at, id)` when given.
pub async fn page(
    pool: &Pool,
    search: Option<&str>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    let pattern = search.map(contains);
    let (at, id) = after.unzip();
    sqlx::query_as::<Db, UserRow>(&format!(
        "SELECT {COLS} FROM users
         WHERE ($1 IS NULL OR lower(email) LIKE $1 {ESCAPE} OR lower(name) LIKE $1 {ESCAPE})
           AND ($2 IS NULL OR created_at < $2 OR (created_at = $2 AND id < $3))
         ORDER BY created_at DESC, id DESC LIMIT $4"
    ))
    .bind(pattern)
    .bind(at)
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn set_name(tx: &mut Tx, id: i64, name: &str) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "users", "name", id, name.to_string()).await
}

pub async fn set_role(tx: &mut Tx, id: i64, role: Role) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "users", "role", id, role.as_str().to_string()).await
}

pub async fn set_active(tx: &mut Tx, id: i64, active: bool) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "users", "active", id, active).await
}

pub async fn set_available(tx: &mut Tx, id: i64, available: bool) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "users", "available", id, available).await
}

/// The out-of-office dates, both at once.
pub async fn set_away(tx: &mut Tx, id: i64, away: Away) -> Result<(), sqlx::Error> {
    crate::server::db::run(
        tx,
        sqlx::query::<Db>("UPDATE users SET away_from = $1, away_until = $2, updated_at = $3 WHERE id = $4")
            .bind(away.from)
            .bind(away.until)
            .bind(Utc::now())
            .bind(id),
    )
    .await
}

pub async fn set_password_hash(tx: &mut Tx, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    crate::server::db::set_column(tx, "users", "password_hash", id, hash.to_string()).await
}

/// Active admins other than `except`: a guard so the last admin cannot lock everyone out. The
/// active admins' rows stay locked for the rest of the transaction on PostgreSQL (SQLite's write
/// transactions are serial already): two admins demoting each other at once would otherwise both
/// count the other and leave none.
pub async fn count_other_active_admins(tx: &mut Tx, except: i64) -> Result<i64, sqlx::Error> {
    let lock = if cfg!(feature = "postgres") { " ORDER BY id FOR UPDATE" } else { "" };
    let sql = format!("SELECT id FROM users WHERE role = 'admin' AND active = TRUE{lock}");
    let admins = sqlx::query_scalar::<Db, i64>(&sql).fetch_all(&mut **tx).await?;
    Ok(admins.into_iter().filter(|id| *id != except).count() as i64)
}

pub async fn count_by_role(pool: &Pool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (String, i64)>(
        "SELECT role, COUNT(*) FROM users WHERE active = TRUE GROUP BY role ORDER BY role",
    )
    .fetch_all(pool)
    .await
}

/// Inserts many users in one statement, skipping emails that exist (demo and scale seeding).
pub async fn insert_many_ignoring_existing(
    tx: &mut Tx,
    users: &[(String, String, Role)],
    password_hash: &str,
) -> Result<u64, sqlx::Error> {
    if users.is_empty() {
        return Ok(0);
    }
    let now = Utc::now();
    let mut qb = sqlx::QueryBuilder::<Db>::new(
        "INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at) ",
    );
    qb.push_values(users, |mut b, (email, name, role)| {
        b.push_bind(email)
            .push_bind(name)
            .push_bind(role.as_str())
            .push_bind(password_hash)
            .push("TRUE")
            .push_bind(now)
            .push_bind(now);
    });
    qb.push(" ON CONFLICT DO NOTHING");
    Ok(qb.build().execute(&mut **tx).await?.rows_affected())
}

pub async fn count(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await
}

/// Active users with their roles, by name (owner pickers filter them by permission).
pub async fn active_with_roles(pool: &Pool) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String, String)>(
        "SELECT id, name, role FROM users WHERE active = TRUE ORDER BY name, id",
    )
    .fetch_all(pool)
    .await
}
