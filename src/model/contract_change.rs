//! Changes within a running term: the form (from which day, the running term's lines' new
//! quantities, and lines to add), the proration by actual days, and the DTOs of the preview and of
//! a change as stored. The service prices the lines; every amount here is `model::money`'s.
use super::lines::LineQuantityForm;
use super::money::Currency;
use super::sales_order::optional_date;
use super::validate::{optional_id, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The proration convention, as the screens name it.
pub const PRORATION_CONVENTION: &str = "Actual days: each line's change of its term price × days remaining ÷ days \
     in the term, counting calendar days with the effective day included, rounded to the cent per line.";

/// A change as typed: the day it takes effect, new quantities of the running term's lines (empty
/// keeps a line as it is, 0 removes it), and lines to add (`lines`, as the line editor posts them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    pub effective_date: String,
    pub quantities: Vec<LineQuantityForm>,
}

/// A checked change: the day, and each named line's new quantity (zero removes it).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeInput {
    pub effective: NaiveDate,
    pub quantities: Vec<(usize, i64, Decimal)>,
}

impl ChangeForm {
    pub fn parse(&self) -> Result<ChangeInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let effective = optional_date(&mut e, "effective_date", &self.effective_date);
        if effective.is_none() && self.effective_date.trim().is_empty() {
            e.add("effective_date", "is required: the day the change takes effect");
        }
        let mut quantities: Vec<(usize, i64, Decimal)> = vec![];
        for (i, q) in self.quantities.iter().enumerate() {
            let field = format!("quantities[{i}].quantity");
            let typed = q.quantity.trim();
            if typed.is_empty() {
                continue;
            }
            let Some(id) = optional_id(&mut e, &format!("quantities[{i}].line_id"), &q.line_id) else {
                e.add(&format!("quantities[{i}].line_id"), "is required");
                continue;
            };
            if quantities.iter().any(|x| x.1 == id) {
                e.add(&field, "names a line twice");
                continue;
            }
            // Zero removes the line; parse_quantity takes positive quantities only.
            match typed.parse::<Decimal>() {
                Ok(z) if z.is_zero() => quantities.push((i, id, Decimal::ZERO)),
                _ => match super::lines::parse_quantity(typed) {
                    Ok(v) => quantities.push((i, id, v)),
                    Err(m) => e.add(&field, m),
                },
            }
        }
        e.finish(|| ChangeInput { effective: effective.unwrap_or_default(), quantities })
    }
}

impl ChangeForm {
    /// The change as the change page's GET form carries it (`change[effective_date]`,
    /// `change[quantities][i][line_id|quantity]`), for its preview.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ChangeForm {
        let quantities = (0..super::lines::MAX_LINES)
            .filter_map(|i| {
                let f = |name: &str| get(&format!("change[quantities][{i}][{name}]"));
                Some(LineQuantityForm { line_id: f("line_id")?, quantity: f("quantity").unwrap_or_default() })
            })
            .collect();
        ChangeForm { effective_date: get("change[effective_date]").unwrap_or_default(), quantities }
    }
}

/// How much of a term a change reaches: from its effective day to the last day already invoiced
/// (the term's end when it is invoiced at once), over the term's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proration {
    pub effective: NaiveDate,
    /// The last day the change is invoiced or credited for now; later periods bill the new lines.
    pub until: NaiveDate,
    pub remaining_days: i64,
    pub term_days: i64,
}

impl Proration {
    /// A change from `effective` in a term running `start..=end`, invoiced up to `until` (None:
    /// nothing of the term is invoiced yet, so nothing is prorated).
    pub fn new(start: NaiveDate, end: NaiveDate, effective: NaiveDate, until: Option<NaiveDate>) -> Proration {
        let term_days = (end - start).num_days() + 1;
        let until = until.map_or(effective.pred_opt().unwrap_or(effective), |u| u.min(end));
        let remaining_days = ((until - effective.max(start)).num_days() + 1).clamp(0, term_days.max(0));
        Proration { effective, until, remaining_days, term_days }
    }

    /// `amount` (a line's change of its whole-term net) for the days remaining, rounded once.
    pub fn share(&self, currency: Currency, amount: Decimal) -> Decimal {
        if self.term_days <= 0 {
            return Decimal::ZERO;
        }
        currency.round(amount * Decimal::from(self.remaining_days) / Decimal::from(self.term_days))
    }

    /// "245 of 365 days".
    pub fn days_text(&self) -> String {
        format!("{} of {} days", self.remaining_days, self.term_days)
    }
}

/// One line of a change: its quantity and whole-term net before and after, and the prorated
/// amount the change invoices (positive) or credits (negative), before tax.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeLineDto {
    /// The running term's line it changes; null for an added line.
    pub line_id: Option<i64>,
    pub description: String,
    pub quantity_before: String,
    pub quantity_after: String,
    pub net_before: String,
    pub net_after: String,
    pub prorated: String,
    pub tax_rate_percent: String,
}

/// What a change would write, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangePreviewDto {
    pub term_number: i64,
    pub effective_date: NaiveDate,
    /// The last day invoiced now; later billing periods bill the new lines.
    pub until: NaiveDate,
    /// The running term's last day.
    pub term_end: NaiveDate,
    pub remaining_days: i64,
    pub term_days: i64,
    pub convention: String,
    pub currency: String,
    pub lines: Vec<ChangeLineDto>,
    /// The prorated invoice's total with tax ("0.00": none).
    pub invoice_total: String,
    /// The prorated credit note's total with tax ("0.00": none).
    pub credit_total: String,
    /// The credit note goes against this invoice.
    pub credit_invoice_number: Option<String>,
    /// The covered lines' total per term after the change.
    pub new_lines_total: String,
}

/// A change as stored, on its term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractChangeDto {
    pub id: i64,
    pub term_number: i64,
    pub effective_date: NaiveDate,
    pub remaining_days: i64,
    pub term_days: i64,
    /// The term's net change (negative: credited).
    pub net: String,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub credit_note_id: Option<i64>,
    pub credit_note_number: Option<String>,
    pub summary: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[path = "contract_change_tests.rs"]
mod tests;
