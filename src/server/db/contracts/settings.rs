//! SQL for the company's renewal settings (columns of the one settings row).
use crate::server::db::{Db, Tx};
use chrono::Utc;
use sqlx::FromRow;

/// The company's renewal settings.
#[derive(Clone, Debug, FromRow)]
pub struct SettingsRow {
    /// "draft" or "issue" (issued and emailed).
    pub contract_invoice_mode: String,
    pub contract_grace_days: i64,
    pub price_index_name: String,
    pub price_index_value: Option<String>,
    /// Days before a term's end the reminders go, e.g. "90,60,30".
    pub contract_reminder_days: String,
}

pub async fn get<'e>(ex: impl crate::server::db::Executor<'e>) -> Result<SettingsRow, sqlx::Error> {
    sqlx::query_as::<Db, SettingsRow>(
        "SELECT contract_invoice_mode, contract_grace_days, price_index_name, price_index_value, contract_reminder_days
         FROM company_settings WHERE id = 1",
    )
    .fetch_one(ex)
    .await
}

pub async fn update(tx: &mut Tx, s: &SettingsRow) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE company_settings SET contract_invoice_mode = $1, contract_grace_days = $2, price_index_name = $3,
            price_index_value = $4, contract_reminder_days = $5, updated_at = $6 WHERE id = 1",
    )
    .bind(&s.contract_invoice_mode)
    .bind(s.contract_grace_days)
    .bind(&s.price_index_name)
    .bind(&s.price_index_value)
    .bind(&s.contract_reminder_days)
    .bind(Utc::now());
    crate::server::db::run(tx, q).await
}
