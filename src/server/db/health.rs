//! The health probe: one round trip that proves the pool can reach the database.

use super::Pool;

/// Asks the database for a constant; an error means `/healthz` answers 503.
pub async fn ping(pool: &Pool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<super::Db, i64>("SELECT CAST(1 AS BIGINT)").fetch_one(pool).await.map(|_| ())
}
