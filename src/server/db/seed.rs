//! Bulk inserts for `seed-demo --scale N`: multi-row INSERTs in big transactions, so a million
//! accounts take minutes, not hours. Rows are plain tuples built by `server::seed`.
use super::{Db, Tx};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

/// (name, owner_id, currency, terms, tags, invoice_email, created_at)
pub type AccountSeed = (String, i64, &'static str, i64, String, String, DateTime<Utc>);
/// (account_id, name, email, phone, job_title, is_primary)
pub type ContactSeed = (i64, String, String, String, &'static str, bool);
/// (sku, name, description, kind, unit, unit_price_minor, currency, tax_rate_id)
pub type ProductSeed = (String, String, String, &'static str, &'static str, i64, &'static str, i64);
/// (name, account_id, owner_id, stage, amount_minor, currency, probability, created_at)
pub type OpportunitySeed = (String, i64, i64, &'static str, i64, &'static str, i64, DateTime<Utc>);

/// Inserts accounts; returns their ids in insertion order.
pub async fn accounts(tx: &mut Tx, rows: &[AccountSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO accounts (name, name_key, legal_name, tax_id, billing_address, shipping_address, invoice_email,
            phone, currency, payment_terms_days, owner_id, active, tags, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, (name, owner, currency, terms, tags, email, at)| {
        b.push_bind(name.clone())
            .push_bind(name.to_lowercase())
            .push_bind(format!("{name} Ltd"))
            .push_bind("")
            .push_bind("1 Market Street\nSpringfield")
            .push_bind("")
            .push_bind(email.clone())
            .push_bind("")
            .push_bind(*currency)
            .push_bind(*terms)
            .push_bind(*owner)
            .push("TRUE")
            .push_bind(tags.clone())
            .push_bind(*at)
            .push_bind(*at);
    });
    qb.push(" RETURNING id");
    let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
    ids.sort_unstable();
    Ok(ids)
}

pub async fn contacts(tx: &mut Tx, rows: &[ContactSeed]) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO contacts (account_id, name, email, phone, job_title, is_primary, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, (account, name, email, phone, title, primary)| {
        b.push_bind(*account)
            .push_bind(name.clone())
            .push_bind(email.clone())
            .push_bind(phone.clone())
            .push_bind(*title)
            .push_bind(*primary)
            .push_bind(now)
            .push_bind(now);
    });
    qb.build().execute(&mut **tx).await.map(|_| ())
}

pub async fn products(tx: &mut Tx, rows: &[ProductSeed]) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO products (sku, name, name_key, description, kind, unit, unit_price_minor, currency, tax_rate_id,
            active, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, (sku, name, desc, kind, unit, price, currency, rate)| {
        b.push_bind(sku.clone())
            .push_bind(name.clone())
            .push_bind(name.to_lowercase())
            .push_bind(desc.clone())
            .push_bind(*kind)
            .push_bind(*unit)
            .push_bind(*price)
            .push_bind(*currency)
            .push_bind(*rate)
            .push("TRUE")
            .push_bind(now)
            .push_bind(now);
    });
    qb.push(" ON CONFLICT DO NOTHING");
    qb.build().execute(&mut **tx).await.map(|_| ())
}

pub async fn opportunities(tx: &mut Tx, rows: &[OpportunitySeed]) -> Result<(), sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO opportunities (name, name_key, account_id, owner_id, stage, amount_minor, currency, probability,
            expected_close_date, lost_reason, closed_at, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, (name, account, owner, stage, amount, currency, probability, at)| {
        let closed = matches!(*stage, "won" | "lost").then_some(*at);
        b.push_bind(name.clone())
            .push_bind(name.to_lowercase())
            .push_bind(*account)
            .push_bind(*owner)
            .push_bind(*stage)
            .push_bind(*amount)
            .push_bind(*currency)
            .push_bind(*probability)
            .push_bind(Some(at.date_naive()))
            .push_bind((*stage == "lost").then_some("Chose a competitor"))
            .push_bind(closed)
            .push_bind(*at)
            .push_bind(*at);
    });
    qb.build().execute(&mut **tx).await.map(|_| ())
}

/// Inserts a tax rate unless one with that name exists; returns its id either way.
pub async fn tax_rate(tx: &mut Tx, name: &str, rate: &str) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    sqlx::query(
        "INSERT INTO tax_rates (name, rate, active, created_at, updated_at) VALUES ($1, $2, TRUE, $3, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(name)
    .bind(rate)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar::<Db, i64>("SELECT id FROM tax_rates WHERE lower(name) = lower($1)")
        .bind(name)
        .fetch_one(&mut **tx)
        .await
}

/// Company details for the demo (only while the settings still hold the placeholder name).
pub async fn demo_settings(tx: &mut Tx, default_tax_rate_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE company_settings SET company_name = 'Northwind Services GmbH',
            address = 'Hafenstraße 12\n20457 Hamburg\nGermany', tax_id = 'DE123456789',
            bank_account_name = 'Northwind Services GmbH', iban = 'DE89370400440532013000', bic = 'COBADEFFXXX',
            invoice_footer = 'Thank you for your business. Please pay within the terms shown.',
            default_tax_rate_id = $1
         WHERE id = 1 AND company_name = 'Your Company Ltd'",
    )
    .bind(default_tax_rate_id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Ids of the users who can own records (admin, manager, sales), for spreading ownership.
pub async fn owner_ids(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM users WHERE active = TRUE AND role IN ('sales', 'manager') ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await
}

pub async fn count(tx: &mut Tx, table: &'static str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut **tx).await
}
