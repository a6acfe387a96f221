//! SQL for the shell's search box (`service::search`): accounts whose name contains the text, and
//! documents whose number is the text or starts with it — invoices, credit notes, sales orders,
//! shipments, payments and their receipts. Every query is bounded by its LIMIT.
use super::search::{contains, escape, ESCAPE};
use super::{Db, Pool};
use sqlx::{FromRow, QueryBuilder};

#[derive(Clone, Debug, FromRow)]
pub struct AccountHit {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// Accounts whose name contains `text` (any case), by name: the accounts list's own filter on
/// `name_key`, walked in the `accounts_name` index's order so the LIMIT ends the scan early.
pub async fn accounts(pool: &Pool, text: &str, limit: usize) -> Result<Vec<AccountHit>, sqlx::Error> {
    sqlx::query_as::<Db, AccountHit>(&format!(
        "SELECT a.id, a.name, a.active FROM accounts a WHERE a.name_key LIKE $1 {ESCAPE}
         ORDER BY a.name_key, a.id LIMIT $2"
    ))
    .bind(contains(text))
    .bind(limit as i64)
    .fetch_all(pool)
    .await
}

/// A numbered document: its id, number, the account it belongs to, and the record whose page
/// shows it (itself, or the invoice of a credit note, the order of a shipment).
#[derive(Clone, Debug, FromRow)]
pub struct DocumentHit {
    pub id: i64,
    pub number: String,
    pub account_name: String,
    pub page_id: i64,
}

/// The numbered tables: the SELECT (id, number, account_name, page_id) and its number column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbered {
    Invoices,
    CreditNotes,
    SalesOrders,
    Shipments,
    Payments,
    Receipts,
}

impl Numbered {
    fn select(self) -> (&'static str, &'static str) {
        match self {
            Numbered::Invoices => (
                "SELECT d.id, d.number, a.name AS account_name, d.id AS page_id
                 FROM invoices d JOIN accounts a ON a.id = d.account_id",
                "d.number",
            ),
            Numbered::CreditNotes => (
                "SELECT d.id, d.number, a.name AS account_name, d.invoice_id AS page_id
                 FROM credit_notes d JOIN accounts a ON a.id = d.account_id",
                "d.number",
            ),
            Numbered::SalesOrders => (
                "SELECT d.id, d.number, a.name AS account_name, d.id AS page_id
                 FROM sales_orders d JOIN accounts a ON a.id = d.account_id",
                "d.number",
            ),
            Numbered::Shipments => (
                "SELECT d.id, d.number, a.name AS account_name, d.sales_order_id AS page_id
                 FROM shipments d JOIN sales_orders o ON o.id = d.sales_order_id JOIN accounts a ON a.id = o.account_id",
                "d.number",
            ),
            Numbered::Payments => (
                "SELECT d.id, d.number, a.name AS account_name, d.id AS page_id
                 FROM payments d JOIN accounts a ON a.id = d.account_id",
                "d.number",
            ),
            Numbered::Receipts => (
                "SELECT d.id, d.receipt_number AS number, a.name AS account_name, d.id AS page_id
                 FROM payments d JOIN accounts a ON a.id = d.account_id",
                "d.receipt_number",
            ),
        }
    }
}

/// Documents of `table` whose number starts with `needle` (already upper case, as numbers are
/// printed), by number. The LIKE prefix is the match on both engines; on SQLite the same prefix as
/// a range lets the number's unique index answer it (SQLite's LIKE is case-blind and so cannot use
/// a binary index). PostgreSQL gets no range: under a linguistic collation (`en_US`) `-` sorts
/// apart from byte order, and a range would drop real matches.
pub async fn documents(
    pool: &Pool,
    table: Numbered,
    needle: &str,
    limit: usize,
) -> Result<Vec<DocumentHit>, sqlx::Error> {
    let (select, column) = table.select();
    let mut qb = QueryBuilder::<Db>::new(select);
    qb.push(format!(" WHERE {column} LIKE ")).push_bind(format!("{}%", escape(needle))).push(format!(" {ESCAPE}"));
    if !cfg!(feature = "postgres") {
        qb.push(format!(" AND {column} >= ")).push_bind(needle.to_string());
        qb.push(format!(" AND {column} < ")).push_bind(format!("{needle}\u{10FFFF}"));
    }
    qb.push(format!(" ORDER BY {column} LIMIT ")).push_bind(limit as i64);
    qb.build_query_as::<DocumentHit>().fetch_all(pool).await
}
