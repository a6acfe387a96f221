//! SQL for the company settings (one row) and the document series' formats.
use super::{Db, Pool, Tx};
use crate::model::settings::{SeriesDto, SettingsInput};
use chrono::Utc;
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct SettingsRow {
    pub company_name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_account_name: String,
    pub iban: String,
    pub bic: String,
    pub default_currency: String,
    pub default_payment_terms_days: i64,
    pub default_tax_rate_id: Option<i64>,
    pub invoice_footer: String,
    pub paper_size: String,
    pub invoice_quantities: String,
    pub reminder_schedule: String,
    pub invoice_link_days: i64,
    /// Days a ticket's customer link works.
    pub ticket_link_days: i64,
}

pub async fn get<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E) -> Result<SettingsRow, sqlx::Error> {
    sqlx::query_as::<Db, SettingsRow>(
        "SELECT company_name, address, tax_id, bank_account_name, iban, bic, default_currency,
            default_payment_terms_days, default_tax_rate_id, invoice_footer, paper_size,
            invoice_quantities, reminder_schedule, invoice_link_days, ticket_link_days
         FROM company_settings WHERE id = 1",
    )
    .fetch_one(ex)
    .await
}

pub async fn series(pool: &Pool) -> Result<Vec<SeriesDto>, sqlx::Error> {
    Ok(sqlx::query_as::<Db, (String, String, i64)>(
        "SELECT series, prefix, padding FROM document_series ORDER BY series",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(series, prefix, padding)| SeriesDto { series, prefix, padding })
    .collect())
}

pub async fn update(tx: &mut Tx, s: &SettingsInput) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE company_settings SET company_name = $1, address = $2, tax_id = $3, bank_account_name = $4,
            iban = $5, bic = $6, default_currency = $7, default_payment_terms_days = $8, default_tax_rate_id = $9,
            invoice_footer = $10, updated_at = $11, paper_size = $12,
            invoice_quantities = $13, reminder_schedule = $14, invoice_link_days = $15
         WHERE id = 1",
    )
    .bind(&s.company_name)
    .bind(&s.address)
    .bind(&s.tax_id)
    .bind(&s.bank_account_name)
    .bind(&s.iban)
    .bind(&s.bic)
    .bind(s.default_currency.code())
    .bind(s.default_payment_terms_days)
    .bind(s.default_tax_rate_id)
    .bind(&s.invoice_footer)
    .bind(Utc::now())
    .bind(s.paper_size)
    .bind(s.invoice_quantities)
    .bind(&s.reminder_schedule)
    .bind(s.invoice_link_days)
    .execute(&mut **tx)
    .await?;
    for series in &s.series {
        sqlx::query("UPDATE document_series SET prefix = $1, padding = $2 WHERE series = $3")
            .bind(&series.prefix)
            .bind(series.padding)
            .bind(&series.series)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
