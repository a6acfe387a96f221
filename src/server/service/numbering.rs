//! Document numbers from per-series, per-year counters, taken inside the document's transaction.
use crate::error::AppError;
use crate::server::db::{self, Tx};
use chrono::Datelike;

/// The next number of `series` for the year of `date`, e.g. `INV-2026-000042`. Call it in the
/// transaction that writes the document: the counter row stays locked until commit, and a
/// rollback returns the number, so the series never has gaps or duplicates.
pub async fn next_number(tx: &mut Tx, series: &str, date: chrono::NaiveDate) -> Result<String, AppError> {
    let format = db::numbering::format(tx, series)
        .await?
        .ok_or_else(|| AppError::internal(format!("no document series named {series}")))?;
    let value = db::numbering::next_value(tx, series, date.year()).await?;
    Ok(format.format(date.year(), value))
}
