//! Bulk inserts of generated contracts for `seed-demo --scale N` and the renewal benchmark: the
//! contract rows with their schedule already worked out, and their terms, in multi-row INSERTs.
//! Rows are built by `server::seed::contract_scale` from `model::contract_terms`, as the services
//! would store them.
use crate::server::db::{Db, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

pub struct ContractSeed {
    pub number: String,
    pub account_id: i64,
    pub owner_id: i64,
    pub title: String,
    pub start_date: NaiveDate,
    pub bill_from: NaiveDate,
    pub auto_renew: bool,
    pub notice_days: i64,
    pub uplift_percent: Option<&'static str>,
    pub sla_tier: Option<&'static str>,
    pub status: &'static str,
    pub term_number: i64,
    pub end_date: NaiveDate,
    pub notice_date: NaiveDate,
    pub cancel_reason: Option<&'static str>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The covered lines' totals in minor units: (subtotal, tax, total).
    pub totals: (i64, i64, i64),
    pub created_at: DateTime<Utc>,
}

/// 26 bound values a row: 1,000 rows stay below SQLite's 32,766 per statement.
const ROWS_PER_INSERT: usize = 1000;

/// Inserts contracts (EUR, 12-month terms invoiced once per term); returns their ids in order.
pub async fn contracts(tx: &mut Tx, rows: &[ContractSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut all = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO contracts (number, account_id, owner_id, title, currency, term_months, billing, start_date,
                bill_from, auto_renew, notice_days, uplift_kind, uplift_percent, sla_tier, status, term_number,
                end_date, notice_date, end_key, cancel_reason, cancelled_at, notes, subtotal_minor, tax_total_minor,
                total_minor, created_at, updated_at) ",
        );
        qb.push_values(chunk, |mut b, c| {
            b.push_bind(c.number.clone())
                .push_bind(c.account_id)
                .push_bind(c.owner_id)
                .push_bind(c.title.clone())
                .push("'EUR'")
                .push("12")
                .push("'per_term'")
                .push_bind(c.start_date)
                .push_bind(c.bill_from)
                .push(if c.auto_renew { "TRUE" } else { "FALSE" })
                .push_bind(c.notice_days)
                .push_bind(if c.uplift_percent.is_some() { "percent" } else { "none" })
                .push_bind(c.uplift_percent)
                .push_bind(c.sla_tier)
                .push_bind(c.status)
                .push_bind(c.term_number)
                .push_bind(c.end_date)
                .push_bind(c.notice_date)
                .push_bind(super::end_key(c.end_date))
                .push_bind(c.cancel_reason)
                .push_bind(c.cancelled_at)
                .push("'Generated for the benchmarks.'")
                .push_bind(c.totals.0)
                .push_bind(c.totals.1)
                .push_bind(c.totals.2)
                .push_bind(c.created_at)
                .push_bind(c.created_at);
        });
        qb.push(" RETURNING id");
        let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
        ids.sort_unstable();
        all.extend(ids);
    }
    Ok(all)
}

pub struct TermSeed {
    pub contract_id: i64,
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub totals: (i64, i64, i64),
    pub origin: &'static str,
    pub outcome: Option<&'static str>,
    pub created_at: DateTime<Utc>,
}

/// Inserts terms (no uplift); returns their ids in order.
pub async fn terms(tx: &mut Tx, rows: &[TermSeed]) -> Result<Vec<i64>, sqlx::Error> {
    let mut all = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_INSERT * 2) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO contract_terms (contract_id, number, start_date, end_date, uplift_percent, subtotal_minor,
                tax_total_minor, total_minor, origin, outcome, created_at) ",
        );
        qb.push_values(chunk, |mut b, t| {
            b.push_bind(t.contract_id)
                .push_bind(t.number)
                .push_bind(t.start_date)
                .push_bind(t.end_date)
                .push("'0'")
                .push_bind(t.totals.0)
                .push_bind(t.totals.1)
                .push_bind(t.totals.2)
                .push_bind(t.origin)
                .push_bind(t.outcome)
                .push_bind(t.created_at);
        });
        qb.push(" RETURNING id");
        let mut ids: Vec<i64> = qb.build_query_scalar::<i64>().fetch_all(&mut **tx).await?;
        ids.sort_unstable();
        all.extend(ids);
    }
    Ok(all)
}
