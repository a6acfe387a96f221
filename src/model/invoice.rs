//! Invoices and credit notes: the DTOs, the draft header as typed and its checks, invoicing an
//! order's quantities, credit note forms, customer links and disputes, and the list filter.
//! Lines are `lines::LineForm`; the status machine is in `invoice_status.rs`.
use super::sales_order::optional_date;
use super::validate::{email, integer_in, optional_id, optional_text, required_text, FieldErrors};
use crate::model::list::list_filter;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use super::invoice_status::{settle, transition, AgingBucket, InvoiceEvent, InvoiceFacts, InvoiceStatus};
pub use super::lines::{parse_line_quantities, LineQuantity, LineQuantityForm};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceDto {
    pub id: i64,
    /// INV-YYYY-NNNNNN once issued; null while draft.
    pub number: Option<String>,
    pub account_id: i64,
    pub account_name: String,
    pub sales_order_id: Option<i64>,
    pub sales_order_number: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "sent"))]
    pub status: InvoiceStatus,
    pub currency: String,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: String,
    pub customer_reference: String,
    pub notes: String,
    /// Payment terms as printed ("Payable within 14 days").
    pub terms_text: String,
    pub subtotal: String,
    pub tax_total: String,
    pub total: String,
    /// The sum of its credit notes.
    pub credited: String,
    /// Completed payments allocated to it.
    pub paid: String,
    /// total − credited − paid.
    pub balance: String,
    /// A customer questioned it; reminders wait until an employee resolves the question.
    pub disputed: bool,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl InvoiceDto {
    /// "INV-2026-000042", or "Draft #17" before it is issued.
    pub fn title(&self) -> String {
        self.number.clone().unwrap_or_else(|| format!("Draft #{}", self.id))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceLineDto {
    pub id: i64,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_rate_id: Option<i64>,
    pub tax_rate_percent: String,
    pub net: String,
    pub tax: String,
    pub total: String,
    /// The order line this line invoices.
    pub sales_order_line_id: Option<i64>,
    /// How much of it credit notes took back.
    pub credited_quantity: String,
}

impl From<&InvoiceLineDto> for super::lines::LineForm {
    fn from(l: &InvoiceLineDto) -> super::lines::LineForm {
        let (p, d, q, u) = (l.product_id, &l.description, &l.quantity, &l.unit);
        super::lines::LineForm::stored(p, d, q, u, &l.unit_price, &l.discount_percent, l.tax_rate_id)
    }
}

/// One rate of the tax summary as printed: rate, base and tax, decimal strings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TaxLineDto {
    pub rate_percent: String,
    pub base: String,
    pub tax: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreditNoteDto {
    pub id: i64,
    /// CN-YYYY-NNNNNN
    pub number: String,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub subtotal: String,
    pub tax_total: String,
    pub total: String,
    pub lines: Vec<InvoiceLineDto>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A customer link as employees see it (the token itself is shown once, when made).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkDto {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_viewed_at: Option<DateTime<Utc>>,
    pub created_by_name: Option<String>,
    pub active: bool,
}

/// A question about the invoice: a support ticket linked to it (the customer's "Question this
/// invoice" opens one; an employee's ticket about the invoice counts too).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeDto {
    pub ticket_id: i64,
    pub ticket_number: String,
    /// The ticket's status label.
    pub status: String,
    /// Open, in progress or waiting: reminders are paused.
    pub open: bool,
    /// The asker (the ticket's contact).
    pub name: String,
    pub email: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
}

/// A draft's header as typed (the API's JSON maps onto it too). Empty fields take the account's
/// values; an empty due date becomes the issue date plus the payment terms when issued.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceForm {
    pub account_id: String,
    pub owner_id: String,
    pub due_date: String,
    pub payment_terms_days: String,
    pub billing_address: String,
    pub customer_reference: String,
    pub notes: String,
    pub terms_text: String,
}

impl From<&InvoiceDto> for InvoiceForm {
    fn from(i: &InvoiceDto) -> InvoiceForm {
        InvoiceForm {
            account_id: i.account_id.to_string(),
            owner_id: i.owner_id.to_string(),
            due_date: i.due_date.map(|d| d.to_string()).unwrap_or_default(),
            payment_terms_days: i.payment_terms_days.to_string(),
            billing_address: i.billing_address.clone(),
            customer_reference: i.customer_reference.clone(),
            notes: i.notes.clone(),
            terms_text: i.terms_text.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvoiceInput {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub payment_terms_days: Option<i64>,
    pub billing_address: String,
    pub customer_reference: String,
    pub notes: String,
    pub terms_text: String,
}

impl InvoiceInput {
    pub fn parse(f: &InvoiceForm) -> Result<InvoiceInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if account_id.is_none() && f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let payment_terms_days = match f.payment_terms_days.trim() {
            "" => None,
            v => Some(integer_in(&mut e, "payment_terms_days", v, 0, 365, None)),
        };
        let input = InvoiceInput {
            account_id: account_id.unwrap_or(0),
            owner_id: optional_id(&mut e, "owner_id", &f.owner_id),
            due_date: optional_date(&mut e, "due_date", &f.due_date),
            payment_terms_days,
            billing_address: optional_text(&mut e, "billing_address", &f.billing_address, 500),
            customer_reference: optional_text(&mut e, "customer_reference", &f.customer_reference, 100),
            notes: optional_text(&mut e, "notes", &f.notes, 2000),
            terms_text: optional_text(&mut e, "terms_text", &f.terms_text, 500),
        };
        e.finish(|| input)
    }
}

/// One order line as invoicing sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invoiceable {
    pub line_id: i64,
    pub description: String,
    pub unit: String,
    pub ordered: String,
    pub shipped: String,
    pub invoiced: String,
    /// What may still be invoiced under the company's rule (all ordered, or only shipped).
    pub left: String,
}

/// A credit note as typed: the reason, and either the whole invoice (what is not yet credited)
/// or chosen invoice lines and quantities.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditNoteForm {
    pub reason: String,
    /// "true": credit everything not yet credited.
    pub whole: String,
    pub lines: Vec<LineQuantityForm>,
}

/// The question a customer asks from the invoice link.
#[derive(Clone, Debug, PartialEq)]
pub struct DisputeInput {
    pub name: String,
    pub email: String,
    pub message: String,
}

impl DisputeInput {
    pub fn parse(name: &str, mail: &str, message: &str) -> Result<DisputeInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let input = DisputeInput {
            name: required_text(&mut e, "name", name, 200),
            email: email(&mut e, "email", mail),
            message: required_text(&mut e, "message", message, 4000),
        };
        e.finish(|| input)
    }
}

list_filter! {
    /// The invoices list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct InvoiceFilter {
        /// Part of the number, or the account's name.
        pub q: String,
        /// A status, or "open" (issued and not paid); empty: all.
        pub status: String,
        /// "true": only invoices past their due date with a balance.
        pub overdue: String,
        /// "true": only questioned invoices.
        pub disputed: String,
        pub account: String,
        /// The order the invoices were made from.
        pub order: String,
        /// Issued on or after / before (YYYY-MM-DD).
        pub from: String,
        pub to: String,
        /// Total at least / at most (decimal).
        pub min: String,
        pub max: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_header_needs_an_account_and_a_real_due_date() {
        let e = InvoiceInput::parse(&InvoiceForm {
            due_date: "next week".into(),
            payment_terms_days: "-1".into(),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["account_id", "due_date", "payment_terms_days"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
    }

    #[test]
    fn a_question_needs_a_name_an_email_and_a_message() {
        let e = DisputeInput::parse("", "nope", "").unwrap_err();
        for f in ["name", "email", "message"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }
}
