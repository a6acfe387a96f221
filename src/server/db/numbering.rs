//! SQL for document number series and their per-year counters.
use super::{Db, Tx};
use crate::model::numbering::SeriesFormat;

pub async fn format(tx: &mut Tx, series: &str) -> Result<Option<SeriesFormat>, sqlx::Error> {
    Ok(sqlx::query_as::<Db, (String, i64)>("SELECT prefix, padding FROM document_series WHERE series = $1")
        .bind(series)
        .fetch_optional(&mut **tx)
        .await?
        .map(|(prefix, padding)| SeriesFormat { prefix, padding: padding as u32 }))
}

/// Takes the next value of the counter in this transaction: the row stays locked until commit,
/// so concurrent transactions get consecutive values and a rollback gives the value back.
pub async fn next_value(tx: &mut Tx, series: &str, year: i32) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO document_counters (series, year, last_value) VALUES ($1, $2, 0)
         ON CONFLICT (series, year) DO NOTHING",
    )
    .bind(series)
    .bind(year as i64)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar::<Db, i64>(
        "UPDATE document_counters SET last_value = last_value + 1
         WHERE series = $1 AND year = $2 RETURNING last_value",
    )
    .bind(series)
    .bind(year as i64)
    .fetch_one(&mut **tx)
    .await
}
