//! Session storage in the app's own database (tower-sessions sqlx store), so several instances
//! behind a load balancer share sessions.
use super::db::Pool;
use crate::error::AppError;
use tower_sessions::session_store::ExpiredDeletion;

#[cfg(not(feature = "postgres"))]
pub type Store = tower_sessions_sqlx_store::SqliteStore;
#[cfg(feature = "postgres")]
pub type Store = tower_sessions_sqlx_store::PostgresStore;

/// The store over `pool`, with its table created when missing.
pub async fn store(pool: &Pool) -> Result<Store, sqlx::Error> {
    let store = Store::new(pool.clone());
    store.migrate().await?;
    Ok(store)
}

/// Removes expired sessions (run by the housekeeping job).
pub async fn delete_expired(pool: &Pool) -> Result<(), AppError> {
    Store::new(pool.clone()).delete_expired().await.map_err(AppError::internal)
}
