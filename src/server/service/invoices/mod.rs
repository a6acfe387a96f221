//! Invoices, one room: reading them (`read`), drafts (`drafts`: from scratch; `from_order`: an
//! order's not-yet-invoiced quantities), their life once issued (`lifecycle`: issue, void, `settle`
//! — the one place an issued invoice's balance and status are recomputed — and overdue), credit
//! notes, customer links, mail and dunning, and the printable PDF. Every change writes the
//! invoice's timeline in its transaction. The use cases are re-exported here, so callers say
//! `service::invoices::issue`.
pub mod credit_notes;
pub mod drafts;
pub mod from_order;
pub mod lifecycle;
pub mod links;
pub mod mail;
pub mod order_invoicing;
pub mod pdf;
pub mod read;
pub mod views;

pub use drafts::{create, delete_draft, update};
pub use from_order::{add_invoiced, from_order, invoiceable};
pub use lifecycle::{issue, issue_with_link, mark_overdue, settle, void};
pub use read::{aging, credited_by_line, get, list, Detail};
pub use views::{detail, new_page};

use crate::model::invoice::InvoiceFacts;
use crate::server::db::invoices::InvoiceRow;
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;

pub const ENTITY: &str = "invoice";

pub fn qty(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// What the machine needs about a stored invoice.
pub fn facts(row: &InvoiceRow, has_lines: bool, today: NaiveDate) -> InvoiceFacts {
    InvoiceFacts {
        has_lines,
        sent: row.sent_at.is_some(),
        total: row.total_minor,
        credited: row.credited_minor,
        paid: row.paid_minor,
        due_date: row.due_date,
        today,
    }
}
