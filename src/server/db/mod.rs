//! The database: engine choice (SQLite by default, PostgreSQL with the `postgres` feature), pool,
//! migrations and write transactions. The only place with SQL is this folder.
pub mod accounts;
pub mod api_tokens;
pub mod contacts;
pub mod credit_notes;
pub mod idempotency;
pub mod invoice_links;
pub mod invoices;
pub mod jobs;
pub mod keyset;
pub mod lines;
pub mod login_attempts;
pub mod numbering;
pub mod opportunities;
pub mod outbox;
pub mod products;
pub mod sales_orders;
pub mod seed;
pub mod settings;
pub mod shipments;
pub mod tax_rates;
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

/// Whether an error is a unique-constraint violation (both engines report it through sqlx).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
