//! Statement lines as pages see them: their status machine, the candidates scored for them, and
//! the split form that turns one line into payments.
use crate::model::enum_macro::string_enum;
use crate::model::money::Currency;
use crate::model::validate::{refuse_nul, FieldErrors};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

string_enum! {
    /// Where a statement line stands; `transition` is its machine.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum LineStatus {
        Unmatched = ("unmatched", "Unmatched"),
        Reconciled = ("reconciled", "Reconciled"),
        Ignored = ("ignored", "Not a customer payment"),
    }
    parse_error = "must be unmatched, reconciled or ignored";
}

/// What resolves or reopens a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEvent {
    /// Matched with payments: a suggestion accepted, a split, or a payment linked.
    Reconcile,
    /// Not a customer payment (a fee, interest, a transfer between own accounts).
    Ignore,
    /// Back to unmatched; the payments it made stay.
    Reopen,
}

impl LineStatus {
    /// The machine: unmatched → reconciled | ignored; reconciled or ignored → unmatched.
    pub fn transition(self, event: LineEvent) -> Result<LineStatus, String> {
        use LineEvent as E;
        use LineStatus as S;
        match (self, event) {
            (S::Unmatched, E::Reconcile) => Ok(S::Reconciled),
            (S::Unmatched, E::Ignore) => Ok(S::Ignored),
            (S::Reconciled | S::Ignored, E::Reopen) => Ok(S::Unmatched),
            (S::Unmatched, E::Reopen) => Err("this line is not resolved".into()),
            (S::Reconciled | S::Ignored, E::Reconcile | E::Ignore) => {
                Err("this line is resolved already: reopen it first".into())
            }
        }
    }
}

string_enum! {
    /// What a line could be: a payment already recorded, or an open invoice it pays.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum CandidateKind {
        Payment = ("payment", "Payment"),
        Invoice = ("invoice", "Invoice"),
    }
    parse_error = "must be payment or invoice";
}

/// A scored candidate with the reasons for its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CandidateDto {
    pub kind: CandidateKind,
    pub target_id: i64,
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    /// What is open on the invoice, or the payment's amount, with the currency.
    pub amount_label: String,
    /// 0–100.
    pub score: i64,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementLineDto {
    pub id: i64,
    pub statement_id: i64,
    pub bank_account_id: i64,
    pub line_no: i64,
    pub booked_on: NaiveDate,
    /// Signed: money in is positive.
    pub amount: String,
    pub amount_label: String,
    pub currency: String,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    pub status: LineStatus,
    pub ignore_reason: Option<String>,
    /// The best candidate, when one was found.
    pub suggestion: Option<CandidateDto>,
    /// Payments this line was reconciled with: (id, number).
    pub payments: Vec<(i64, String)>,
}

/// One part of a line split into payments: an invoice (by number) and the amount for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SplitRow {
    pub invoice: String,
    pub amount: String,
}

/// Creates payments from a statement line: rows pay invoices (of any customers); what the rows
/// leave of the line is credit for `credit_account_id` (required when something is left).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SplitForm {
    pub rows: Vec<SplitRow>,
    pub credit_account_id: String,
}

/// The most rows one statement line is split into (each becomes a payment).
pub const MAX_SPLIT_ROWS: usize = 200;

/// Parsed split rows: (row index, invoice number, amount); empty rows are skipped. More than
/// `MAX_SPLIT_ROWS` rows is one error on `rows`.
pub fn parse_split_rows(rows: &[SplitRow], c: Currency, e: &mut FieldErrors) -> Vec<(usize, String, Decimal)> {
    let mut out = vec![];
    if rows.len() > MAX_SPLIT_ROWS {
        e.add(
            "rows",
            format!("a line splits into at most {MAX_SPLIT_ROWS} payments, and this has {} rows", rows.len()),
        );
        return out;
    }
    for (i, r) in rows.iter().enumerate() {
        let (inv, amount) = (r.invoice.trim(), r.amount.trim());
        if inv.is_empty() && amount.is_empty() {
            continue;
        }
        if inv.is_empty() {
            e.add(&format!("rows[{i}].invoice"), "is required");
            continue;
        }
        if refuse_nul(e, &format!("rows[{i}].invoice"), inv) {
            continue;
        }
        let value = crate::model::payment::positive_amount(e, &format!("rows[{i}].amount"), amount, c);
        if value > Decimal::ZERO {
            out.push((i, inv.to_uppercase(), value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_resolved_once_and_reopened_to_unmatched() {
        use LineEvent as E;
        use LineStatus as S;
        let allowed = [
            (S::Unmatched, E::Reconcile, S::Reconciled),
            (S::Unmatched, E::Ignore, S::Ignored),
            (S::Reconciled, E::Reopen, S::Unmatched),
            (S::Ignored, E::Reopen, S::Unmatched),
        ];
        for from in S::ALL {
            for e in [E::Reconcile, E::Ignore, E::Reopen] {
                let expected = allowed.iter().find(|(f, ev, _)| *f == from && *ev == e).map(|(_, _, to)| *to);
                assert_eq!(from.transition(e).ok(), expected, "{from:?} + {e:?}");
            }
        }
        assert_eq!(S::Reconciled.transition(E::Ignore).unwrap_err(), "this line is resolved already: reopen it first");
        assert_eq!(S::Unmatched.transition(E::Reopen).unwrap_err(), "this line is not resolved");
    }

    #[test]
    fn too_many_split_rows_and_a_huge_split_amount_are_field_errors() {
        let row = |amount: &str| SplitRow { invoice: "INV-1".into(), amount: amount.into() };
        let mut e = FieldErrors::default();
        assert!(parse_split_rows(&vec![row("1"); MAX_SPLIT_ROWS + 1], Currency::EUR, &mut e).is_empty());
        assert!(e.get("rows").unwrap()[0].contains("at most 200 payments"), "{e:?}");
        let mut e = FieldErrors::default();
        assert!(parse_split_rows(&[row("1"), row("99999999999")], Currency::EUR, &mut e).len() == 1);
        assert_eq!(e.get("rows[1].amount").unwrap()[0], "is too large: at most 10,000,000,000.00 EUR");
    }
}
