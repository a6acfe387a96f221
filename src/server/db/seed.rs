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
    let q = sqlx::query(
        "UPDATE company_settings SET company_name = 'Northwind Services GmbH',
            address = 'Hafenstraße 12\n20457 Hamburg\nGermany', tax_id = 'DE123456789',
            bank_account_name = 'Northwind Services GmbH', iban = 'DE89370400440532013000', bic = 'COBADEFFXXX',
            invoice_footer = 'Thank you for your business. Please pay within the terms shown.',
            default_tax_rate_id = $1
         WHERE id = 1 AND company_name = 'Your Company Ltd'",
    )
    .bind(default_tax_rate_id);
    crate::server::db::run(tx, q).await
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

/// A generated sales order (amounts in minor units of EUR).
pub struct OrderSeed {
    pub number: String,
    pub account_id: i64,
    pub owner_id: i64,
    pub status: &'static str,
    pub at: DateTime<Utc>,
    pub subtotal: i64,
    pub tax: i64,
}

/// Inserts orders; returns their ids in insertion order.
pub async fn orders(tx: &mut Tx, rows: &[OrderSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO sales_orders (number, account_id, owner_id, status, invoicing_status, currency, order_date,
            payment_terms_days, billing_address, shipping_address, customer_reference, notes, subtotal_minor,
            tax_total_minor, total_minor, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, o| {
        b.push_bind(o.number.clone())
            .push_bind(o.account_id)
            .push_bind(o.owner_id)
            .push_bind(o.status)
            .push("'not_invoiced'")
            .push("'EUR'")
            .push_bind(o.at.date_naive())
            .push("30")
            .push("'1 Market Street\nSpringfield'")
            .push("'1 Market Street\nSpringfield'")
            .push_bind(format!("PO-{}", o.account_id))
            .push("''")
            .push_bind(o.subtotal)
            .push_bind(o.tax)
            .push_bind(o.subtotal + o.tax)
            .push_bind(o.at)
            .push_bind(o.at);
    });
    qb.push(" RETURNING id");
    let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
    ids.sort_unstable();
    Ok(ids)
}

/// A generated order line (tax at the product's rate, no discount).
#[derive(Clone)]
pub struct OrderLineSeed {
    pub order_id: i64,
    pub position: i64,
    pub product_id: i64,
    pub description: String,
    pub quantity: String,
    pub unit_price_minor: i64,
    pub tax_rate_percent: String,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// Inserts generated lines into a document line table (`sales_order_lines` with `sales_order_id`,
/// `invoice_lines` with `invoice_id`); `order_id` of each row names the document.
pub async fn lines(tx: &mut Tx, table: &str, parent: &str, rows: &[OrderLineSeed]) -> Result<(), sqlx::Error> {
    // Nine bind parameters a row: stay below SQLite's 32,766 per statement.
    for chunk in rows.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(format!(
            "INSERT INTO {table} ({parent}, position, product_id, description, quantity, unit, unit_price_minor,
                discount_percent, tax_rate_id, tax_rate_percent, net_minor, tax_minor, total_minor) "
        ));
        qb.push_values(chunk, |mut b, l| {
            b.push_bind(l.order_id)
                .push_bind(l.position)
                .push_bind(l.product_id)
                .push_bind(l.description.clone())
                .push_bind(l.quantity.clone())
                .push("'pcs'")
                .push_bind(l.unit_price_minor)
                .push("'0'")
                .push("NULL")
                .push_bind(l.tax_rate_percent.clone())
                .push_bind(l.net_minor)
                .push_bind(l.tax_minor)
                .push_bind(l.net_minor + l.tax_minor);
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Products for generated order lines: (id, name, price in minor units, tax rate in basis points).
pub async fn priced_products(tx: &mut Tx, limit: i64) -> Result<Vec<(i64, String, i64, i64)>, sqlx::Error> {
    let rows = sqlx::query_as::<Db, (i64, String, i64, String)>(
        "SELECT p.id, p.name, p.unit_price_minor, t.rate FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id
         WHERE p.currency = 'EUR' ORDER BY p.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, price, rate)| {
            let bp = rate.parse::<rust_decimal::Decimal>().unwrap_or_default() * rust_decimal::Decimal::ONE_HUNDRED;
            (id, name, price, i64::try_from(bp.trunc()).unwrap_or(0))
        })
        .collect())
}

/// The last number per year of a series: (year, value).
pub async fn counters(tx: &mut Tx, series: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, i64)>("SELECT year, last_value FROM document_counters WHERE series = $1")
        .bind(series)
        .fetch_all(&mut **tx)
        .await
}

/// Moves a series' counter for a year past the generated numbers.
pub async fn set_counter(tx: &mut Tx, series: &str, year: i64, value: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO document_counters (series, year, last_value) VALUES ($1, $2, $3)
         ON CONFLICT (series, year) DO UPDATE SET last_value = $3",
    )
    .bind(series)
    .bind(year)
    .bind(value)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// A generated issued invoice (amounts in minor units of EUR).
pub struct InvoiceSeed {
    pub number: String,
    pub account_id: i64,
    pub owner_id: i64,
    pub status: &'static str,
    pub issue_date: chrono::NaiveDate,
    pub due_date: chrono::NaiveDate,
    pub at: DateTime<Utc>,
    pub subtotal: i64,
    pub tax: i64,
    /// Paid by the account's generated payment.
    pub paid: i64,
}

/// Inserts issued invoices; returns their ids in insertion order.
pub async fn invoices(tx: &mut Tx, rows: &[InvoiceSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO invoices (number, account_id, owner_id, status, currency, issue_date, due_date, payment_terms_days,
            billing_address, customer_reference, notes, terms_text, subtotal_minor, tax_total_minor, total_minor,
            paid_minor, balance_minor, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, i| {
        b.push_bind(i.number.clone())
            .push_bind(i.account_id)
            .push_bind(i.owner_id)
            .push_bind(i.status)
            .push("'EUR'")
            .push_bind(i.issue_date)
            .push_bind(i.due_date)
            .push("30")
            .push("'1 Market Street\nSpringfield'")
            .push("''")
            .push("''")
            .push("'Payable within 30 days of the issue date.'")
            .push_bind(i.subtotal)
            .push_bind(i.tax)
            .push_bind(i.subtotal + i.tax)
            .push_bind(i.paid)
            .push_bind(i.subtotal + i.tax - i.paid)
            .push_bind(i.at)
            .push_bind(i.at);
    });
    qb.push(" RETURNING id");
    let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
    ids.sort_unstable();
    Ok(ids)
}

/// A generated completed bank transfer, allocated in full to one invoice (EUR minor units).
pub struct PaymentSeed {
    pub number: String,
    pub receipt_number: String,
    pub account_id: i64,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub received_on: chrono::NaiveDate,
    pub amount: i64,
    pub at: DateTime<Utc>,
}

/// Inserts payments and their allocations.
pub async fn payments(tx: &mut Tx, rows: &[PaymentSeed]) -> Result<(), sqlx::Error> {
    // Nine bind parameters a row: stay below SQLite's 32,766 per statement.
    for chunk in rows.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO payments (number, account_id, received_on, amount_minor, currency, method, status,
                cheque_number, cheque_bank, card_reference, card_last4, transfer_reference, reference, notes,
                allocated_minor, receipt_number, created_at, updated_at) ",
        );
        qb.push_values(chunk, |mut b, p| {
            b.push_bind(p.number.clone())
                .push_bind(p.account_id)
                .push_bind(p.received_on)
                .push_bind(p.amount)
                .push("'EUR', 'bank_transfer', 'completed', '', '', '', ''")
                .push_bind(p.invoice_number.clone())
                .push("'', ''")
                .push_bind(p.amount)
                .push_bind(p.receipt_number.clone())
                .push_bind(p.at)
                .push_bind(p.at);
        });
        qb.push(" RETURNING id");
        let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
        ids.sort_unstable();
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, created_at) ",
        );
        qb.push_values(chunk.iter().zip(&ids), |mut b, (p, id)| {
            b.push_bind(*id).push_bind(p.invoice_id).push_bind(p.amount).push_bind(p.at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The ids of won opportunities, oldest first.
pub async fn won_opportunities(pool: &super::Pool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM opportunities WHERE stage = 'won' ORDER BY id").fetch_all(pool).await
}

/// Moves a demo invoice's dates back (so demo data has age); never used on real invoices.
pub async fn backdate_invoice(
    tx: &mut Tx,
    id: i64,
    issue_date: chrono::NaiveDate,
    due_date: chrono::NaiveDate,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE invoices SET issue_date = $1, due_date = $2 WHERE id = $3")
        .bind(issue_date)
        .bind(due_date)
        .bind(id);
    crate::server::db::run(tx, q).await
}

/// The first `limit` accounts with their first contact, if any: (account id, contact id).
pub async fn accounts_with_contact(pool: &super::Pool, limit: i64) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, Option<i64>)>(
        "SELECT a.id, (SELECT c.id FROM contacts c WHERE c.account_id = a.id ORDER BY c.id LIMIT 1)
         FROM accounts a ORDER BY a.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// An issued (numbered) invoice of the account, the oldest.
pub async fn an_issued_invoice(pool: &super::Pool, account_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT id FROM invoices WHERE account_id = $1 AND number IS NOT NULL ORDER BY id LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await
}
