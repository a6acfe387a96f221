//! Demo opportunities: 72 deals over the demo accounts, spread across every stage.
use super::db::{self, seed as bulk, Pool};
use crate::error::AppError;
use chrono::{Duration, Utc};

pub async fn demo(pool: &Pool) -> Result<(), AppError> {
    let stages = ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"];
    let accounts = db::accounts::names(pool, None, 100).await?;
    let mut tx = db::begin_write(pool).await?;
    let mut rows = vec![];
    for i in 0..72usize {
        let (account_id, name, _) = &accounts[i % accounts.len()];
        let row = db::accounts::by_id(&mut *tx, *account_id).await?.ok_or(AppError::NotFound)?;
        let stage = stages[i % stages.len()];
        let probability = [10, 20, 50, 75, 100, 0][i % stages.len()];
        let at = Utc::now() - Duration::days(90 - i as i64);
        rows.push((
            format!("{name} — deal {}", i / accounts.len() + 1),
            *account_id,
            row.owner_id,
            stage,
            500_000 + (i as i64 * 37 % 50) * 10_000,
            "EUR",
            probability,
            at,
        ));
    }
    bulk::opportunities(&mut tx, &rows).await?;
    tx.commit().await?;
    Ok(())
}
