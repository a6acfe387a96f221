//! The database: engine choice (SQLite by default, PostgreSQL with the `postgres` feature), pool,
//! migrations and write transactions. The only place with SQL is this folder.
pub mod accounts;
pub mod api_tokens;
pub mod bank;
pub mod contacts;
pub mod contracts;
pub mod credit_notes;
pub mod global_search;
pub mod health;
pub mod idempotency;
pub mod invoices;
pub mod jobs;
pub mod keyset;
pub mod lines;
pub mod links;
pub mod login_attempts;
pub mod numbering;
pub mod opportunities;
pub mod outbox;
pub mod payments;
pub mod products;
pub mod sales_orders;
pub mod search;
pub mod seed;
pub mod settings;
pub mod shipments;
pub mod tax_rates;
pub mod tickets;
pub mod timeline;
pub mod users;

use crate::server::config::Config;
use std::time::Duration;

#[cfg(not(feature = "postgres"))]
pub type Db = sqlx::Sqlite;
#[cfg(feature = "postgres")]
pub type Db = sqlx::Postgres;

pub type Pool = sqlx::Pool<Db>;
pub type Tx = sqlx::Transaction<'static, Db>;

/// A statement with its arguments as `sqlx::query` builds it: what a table's bind helper takes and
/// gives back, so its INSERT and UPDATE bind the columns they share in one place.
pub type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

/// The row whose `id_column` is `id`, read with a table's `select` (its SELECT … FROM … JOIN), or
/// None: every table's `by_id` is this read.
pub async fn row_by_id<'e, R: ReadRow>(
    ex: impl Executor<'e>,
    select: &str,
    id_column: &str,
    id: i64,
) -> Result<Option<R>, sqlx::Error> {
    sqlx::query_as::<Db, R>(&format!("{select} WHERE {id_column} = $1")).bind(id).fetch_optional(ex).await
}

/// Runs a write in `tx` whose row count the caller does not need.
pub async fn run(tx: &mut Tx, q: Query<'_>) -> Result<(), sqlx::Error> {
    q.execute(&mut **tx).await.map(|_| ())
}

/// Runs an `INSERT … RETURNING id` built as a [`Query`] and gives the new row's id.
pub async fn returning_id(tx: &mut Tx, q: Query<'_>) -> Result<i64, sqlx::Error> {
    use sqlx::Row;
    q.fetch_one(&mut **tx).await?.try_get(0)
}

/// Where a read runs: the pool, or an open transaction (`&mut *tx`), so one read serves both.
/// Services name this instead of sqlx's trait: what speaks SQL stays in this folder.
pub trait Executor<'e>: sqlx::Executor<'e, Database = Db> {}
impl<'e, T: sqlx::Executor<'e, Database = Db>> Executor<'e> for T {}

/// What a query reads its rows into: a `sqlx::FromRow` of this engine's rows (`row_by_id`,
/// `keyset::Order::fetch_page`).
pub trait ReadRow: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin {}
impl<T: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin> ReadRow for T {}

/// The engine this binary was built for, as shown in logs and `/metrics`.
pub const ENGINE: &str = if cfg!(feature = "postgres") { "postgresql" } else { "sqlite" };

/// Opens the pool with the engine's safety settings (SQLite: WAL, foreign keys, busy timeout).
pub async fn connect(config: &Config) -> Result<Pool, String> {
    let url = &config.database_url;
    let opts = sqlx::pool::PoolOptions::<Db>::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(Duration::from_secs(10));
    #[cfg(not(feature = "postgres"))]
    {
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
        use std::str::FromStr;
        if !url.starts_with("sqlite:") {
            return Err(format!(
                "DATABASE_URL must start with sqlite: in this build (got {}); build with --features postgres for PostgreSQL",
                redact(url)
            ));
        }
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(|e| format!("DATABASE_URL is not a valid SQLite URL: {e}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15));
        if let Some(dir) = connect.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
        opts.connect_with(connect).await.map_err(|e| format!("cannot open {}: {e}", redact(url)))
    }
    #[cfg(feature = "postgres")]
    {
        if !(url.starts_with("postgres:") || url.starts_with("postgresql:")) {
            return Err(format!("DATABASE_URL must be a postgres:// URL in this build (got {})", redact(url)));
        }
        opts.connect(url).await.map_err(|e| format!("cannot connect to {}: {e}", redact(url)))
    }
}

/// Applies the pending migrations of this engine's folder.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    #[cfg(not(feature = "postgres"))]
    let migrator = sqlx::migrate!("./migrations/sqlite");
    #[cfg(feature = "postgres")]
    let migrator = sqlx::migrate!("./migrations/postgres");
    migrator.run(pool).await
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that upgrades to a write fails under concurrency.
pub async fn begin_write(pool: &Pool) -> Result<Tx, sqlx::Error> {
    #[cfg(not(feature = "postgres"))]
    {
        pool.begin_with("BEGIN IMMEDIATE").await
    }
    #[cfg(feature = "postgres")]
    {
        pool.begin().await
    }
}

/// Commits a write transaction: the one way services end theirs. Inside a request that carries an
/// idempotency key (`server::idempotency`), the key is marked committed in this same transaction
/// first, so the write and "this key was used" are one atomic fact.
pub async fn commit(mut tx: Tx) -> Result<(), crate::error::AppError> {
    crate::server::idempotency::mark_in(&mut tx).await?;
    tx.commit().await?;
    crate::server::idempotency::note_committed();
    Ok(())
}

/// Hides the password of a database URL for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

/// Locks row `id` of `table` for the rest of the transaction on PostgreSQL (`FOR UPDATE`), so
/// writers racing for the same balance or quantities run one after the other; SQLite's write
/// transactions are serial already (`begin_write`). Returns whether the row exists.
pub async fn lock_row(tx: &mut Tx, table: &'static str, id: i64) -> Result<bool, sqlx::Error> {
    let lock = if cfg!(feature = "postgres") { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT id FROM {table} WHERE id = $1{lock}");
    Ok(sqlx::query_scalar::<Db, i64>(&sql).bind(id).fetch_optional(&mut **tx).await?.is_some())
}

/// The lock every `get_locked` takes before it reads: `FOR UPDATE` on PostgreSQL (`lock_row`);
/// nothing on SQLite, whose write transaction holds the whole database already. A missing row is
/// the reader's NotFound, so whether it exists is not asked twice.
pub async fn lock_for_update(tx: &mut Tx, table: &'static str, id: i64) -> Result<(), sqlx::Error> {
    if cfg!(feature = "postgres") {
        lock_row(tx, table, id).await?;
    }
    Ok(())
}

/// Sets one column of row `id` of `table` and stamps `updated_at`: the one-field writes (a status,
/// an owner, a flag) of every table. `table` and `column` are the caller's constants, never input.
pub async fn set_column<V>(
    tx: &mut Tx,
    table: &'static str,
    column: &'static str,
    id: i64,
    value: V,
) -> Result<(), sqlx::Error>
where
    V: for<'q> sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send,
{
    let sql = format!("UPDATE {table} SET {column} = $1, updated_at = $2 WHERE id = $3");
    sqlx::query::<Db>(&sql).bind(value).bind(chrono::Utc::now()).bind(id).execute(&mut **tx).await.map(|_| ())
}

/// Reads many rows as one: `SELECT <values> <from>` comes back as a single JSON array of arrays,
/// deserialized into `T` (a struct or tuple in column order). Why: sqlx's SQLite driver hands rows
/// one by one across a channel from its worker thread and wakes the reader for each; at 200,000
/// rows that hand-over, not SQLite, is most of a second. One row of JSON costs one hand-over on
/// both engines. For bulk reads whose rows are plain numbers, text and dates.
pub async fn fetch_json_rows<T: serde::de::DeserializeOwned>(
    pool: &Pool,
    values: &str,
    from: &str,
    bind: &str,
) -> Result<Vec<T>, sqlx::Error> {
    let sql = if cfg!(feature = "postgres") {
        format!("SELECT COALESCE(json_agg(json_build_array({values})), '[]')::text {from}")
    } else {
        format!("SELECT COALESCE(json_group_array(json_array({values})), '[]') {from}")
    };
    let json: String = sqlx::query_scalar::<Db, String>(&sql).bind(bind).fetch_one(pool).await?;
    serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Appends ` AND column IN (…)` for the values; nothing when there are none.
pub fn push_in(qb: &mut sqlx::QueryBuilder<'_, Db>, column: &str, values: &[&'static str]) {
    if values.is_empty() {
        return;
    }
    qb.push(format!(" AND {column} IN ("));
    let mut sep = qb.separated(", ");
    for v in values {
        sep.push_bind(*v);
    }
    qb.push(")");
}

/// Whether an error is a unique-constraint violation (both engines report it through sqlx).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
