//! Payments: the DTOs (payment, allocation, refund), the record-payment form with each method's
//! own fields and its checks, allocations as typed, "oldest due first", refunds, and the list
//! filter. The status machine is in `payment_status.rs`.
use super::money::{parse_decimal, Currency};
use super::sales_order::optional_date;
use super::validate::{optional_id, optional_text, required_text, FieldErrors};
use crate::model::enum_macro::string_enum;
use crate::model::list::list_filter;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::payment_status::{transition, PaymentEvent, PaymentStatus};

string_enum! {
    /// How the money came; `ALL` is in the order the form offers them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PaymentMethod {
        BankTransfer = ("bank_transfer", "Bank transfer"),
        Card = ("card", "Card"),
        Cheque = ("cheque", "Cheque"),
        Cash = ("cash", "Cash"),
    }
    parse_error = "must be cash, card, bank_transfer or cheque";
}

impl PaymentMethod {
    /// How a payment of this kind starts: a cheque waits until it clears, the rest has arrived.
    pub fn starts_as(self) -> PaymentStatus {
        if self == PaymentMethod::Cheque {
            PaymentStatus::Pending
        } else {
            PaymentStatus::Completed
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentDto {
    pub id: i64,
    /// PAY-YYYY-NNNNNN
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    /// The day the money came in (or the cheque was received).
    pub date: NaiveDate,
    pub amount: String,
    pub currency: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "bank_transfer"))]
    pub method: PaymentMethod,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "completed"))]
    pub status: PaymentStatus,
    pub cheque_number: String,
    pub cheque_bank: String,
    pub cheque_date: Option<NaiveDate>,
    pub card_reference: String,
    pub card_last4: String,
    pub transfer_reference: String,
    pub reference: String,
    pub notes: String,
    /// Allocated to invoices.
    pub allocated: String,
    pub refunded: String,
    /// amount − refunded − allocated: the account's credit from this payment.
    pub unallocated: String,
    /// RCPT-YYYY-NNNNNN once the money arrived.
    pub receipt_number: Option<String>,
    pub failure_reason: Option<String>,
    pub reconciled: bool,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AllocationDto {
    pub id: i64,
    pub payment_id: i64,
    pub payment_number: String,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub amount: String,
    pub currency: String,
    /// The payment's status: only arrived money counts against the invoice.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub payment_status: PaymentStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RefundDto {
    pub id: i64,
    pub date: NaiveDate,
    pub amount: String,
    pub reason: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An open invoice as the allocation form offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenInvoice {
    pub id: i64,
    pub number: String,
    pub due_date: Option<NaiveDate>,
    pub total: String,
    /// What is open (less pending payments), as a plain decimal for the form's arithmetic.
    pub balance: String,
    /// The same with the currency, to show.
    pub balance_label: String,
}

/// A payment as typed. Method-specific fields are checked only for their method.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub account_id: String,
    /// YYYY-MM-DD; empty: today.
    pub date: String,
    pub amount: String,
    pub method: String,
    /// "pending" or "completed"; empty: a cheque waits, the rest has arrived.
    pub status: String,
    pub cheque_number: String,
    pub cheque_bank: String,
    pub cheque_date: String,
    pub card_reference: String,
    pub card_last4: String,
    pub transfer_reference: String,
    pub reference: String,
    pub notes: String,
    /// The record-payment form's one-time key: the same key twice makes one payment.
    pub form_key: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllocationForm {
    pub invoice_id: String,
    pub amount: String,
}

/// A checked payment (the amount still in major units: the account's currency decides cents).
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentInput {
    pub account_id: i64,
    pub date: Option<NaiveDate>,
    pub amount: Decimal,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    pub cheque_number: String,
    pub cheque_bank: String,
    pub cheque_date: Option<NaiveDate>,
    pub card_reference: String,
    pub card_last4: String,
    pub transfer_reference: String,
    pub reference: String,
    pub notes: String,
    pub form_key: Option<String>,
}

/// A positive amount with no more decimals than the currency has, at most `c.max_amount()`.
pub fn positive_amount(e: &mut FieldErrors, field: &str, value: &str, c: Currency) -> Decimal {
    match parse_decimal(value) {
        Ok(d) if d <= Decimal::ZERO => {
            e.add(field, "must be more than 0");
            Decimal::ZERO
        }
        Ok(d) if d.normalize().scale() > c.minor_units() => {
            e.add(field, format!("has more decimals than {c} allows"));
            Decimal::ZERO
        }
        Ok(d) => c.bounded(d).unwrap_or_else(|m| {
            e.add(field, m);
            Decimal::ZERO
        }),
        Err(m) => {
            e.add(field, m);
            Decimal::ZERO
        }
    }
}

impl PaymentInput {
    /// Checks the form; `currency` is the account's (amounts are in it).
    pub fn parse(f: &PaymentForm, currency: Currency) -> Result<PaymentInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if account_id.is_none() && f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let date = optional_date(&mut e, "date", &f.date);
        let amount = positive_amount(&mut e, "amount", &f.amount, currency);
        let method =
            PaymentMethod::parse(&f.method).map_err(|m| e.add("method", m)).unwrap_or(PaymentMethod::BankTransfer);
        let status = match f.status.trim() {
            "" => method.starts_as(),
            "pending" => PaymentStatus::Pending,
            "completed" => PaymentStatus::Completed,
            _ => {
                e.add("status", "must be pending or completed");
                PaymentStatus::Pending
            }
        };
        let text = |e: &mut FieldErrors, field: &str, value: &str, max: usize| optional_text(e, field, value, max);
        let (mut cheque_number, mut cheque_bank, mut cheque_date) = (String::new(), String::new(), None);
        let (mut card_reference, mut card_last4, mut transfer_reference) =
            (String::new(), String::new(), String::new());
        match method {
            PaymentMethod::Cheque => {
                cheque_number = required_text(&mut e, "cheque_number", &f.cheque_number, 40);
                cheque_bank = text(&mut e, "cheque_bank", &f.cheque_bank, 100);
                cheque_date = optional_date(&mut e, "cheque_date", &f.cheque_date);
            }
            PaymentMethod::Card => {
                card_reference = text(&mut e, "card_reference", &f.card_reference, 100);
                card_last4 = f.card_last4.trim().to_string();
                let four_digits = card_last4.len() == 4 && card_last4.chars().all(|c| c.is_ascii_digit());
                if !card_last4.is_empty() && !four_digits {
                    e.add("card_last4", "must be the last 4 digits of the card");
                }
            }
            PaymentMethod::BankTransfer => {
                transfer_reference = text(&mut e, "transfer_reference", &f.transfer_reference, 140)
            }
            PaymentMethod::Cash => {}
        }
        let form_key = match f.form_key.trim() {
            "" => None,
            k if k.len() <= 100 => Some(k.to_string()),
            _ => {
                e.add("form_key", "is not a key this form made");
                None
            }
        };
        let input = PaymentInput {
            account_id: account_id.unwrap_or(0),
            date,
            amount,
            method,
            status,
            cheque_number,
            cheque_bank,
            cheque_date,
            card_reference,
            card_last4,
            transfer_reference,
            reference: text(&mut e, "reference", &f.reference, 140),
            notes: text(&mut e, "notes", &f.notes, 2000),
            form_key,
        };
        e.finish(|| input)
    }
}

/// The most invoices one payment is allocated to in one go; a customer paying more at once is
/// allocated "oldest due first" or in several steps.
pub const MAX_ALLOCATIONS: usize = 500;

/// Checks allocations as typed: (row, invoice id, amount), positive amounts once per invoice, at
/// most `MAX_ALLOCATIONS` rows.
pub fn parse_allocations(rows: &[AllocationForm], c: Currency, e: &mut FieldErrors) -> Vec<(usize, i64, Decimal)> {
    let mut out: Vec<(usize, i64, Decimal)> = Vec::new();
    if rows.len() > MAX_ALLOCATIONS {
        e.add(
            "allocations",
            format!("a payment takes at most {MAX_ALLOCATIONS} allocations at once, and this has {}", rows.len()),
        );
        return out;
    }
    for (i, a) in rows.iter().enumerate() {
        if a.amount.trim().is_empty() {
            continue;
        }
        let field = format!("allocations[{i}].amount");
        match parse_decimal(&a.amount) {
            Ok(d) if d.is_zero() => continue,
            Ok(_) => {}
            Err(m) => {
                e.add(&field, m);
                continue;
            }
        }
        let amount = positive_amount(e, &field, &a.amount, c);
        match optional_id(e, &format!("allocations[{i}].invoice_id"), &a.invoice_id) {
            Some(id) if out.iter().any(|x| x.1 == id) => e.add(&field, "names an invoice twice"),
            Some(id) if !amount.is_zero() => out.push((i, id, amount)),
            Some(_) => {}
            None => e.add(&format!("allocations[{i}].invoice_id"), "is required"),
        }
    }
    out
}

/// "Allocate oldest due first": fills `amount` into the invoices in order of due date (those
/// without one last), each up to its balance. Returns (invoice id, amount) for the ones it fills.
pub fn oldest_due_first(amount: Decimal, invoices: &[(i64, Option<NaiveDate>, Decimal)]) -> Vec<(i64, Decimal)> {
    let mut sorted: Vec<&(i64, Option<NaiveDate>, Decimal)> = invoices.iter().collect();
    sorted.sort_by_key(|(id, due, _)| (due.is_none(), *due, *id));
    let mut left = amount;
    let mut out = vec![];
    for (id, _, balance) in sorted {
        if left <= Decimal::ZERO {
            break;
        }
        let take = left.min(*balance);
        if take > Decimal::ZERO {
            out.push((*id, take));
            left -= take;
        }
    }
    out
}

/// A refund as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefundForm {
    pub date: String,
    pub amount: String,
    pub reason: String,
}

/// An account's statement for a period, as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementView {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: String,
    /// (date, kind, document, charges, credits, running balance)
    pub entries: Vec<(NaiveDate, String, String, String, String, String)>,
    pub closing: String,
}

list_filter! {
    /// The payments list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PaymentFilter {
        /// Part of the number, the reference or the account's name.
        pub q: String,
        pub method: String,
        pub status: String,
        pub account: String,
        pub from: String,
        pub to: String,
        /// "true" or "false": reconciled with a bank statement or not.
        pub reconciled: String,
    }
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
