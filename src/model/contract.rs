//! Renewal / AMC contracts: the DTOs (contract, term, renewal preview), the contract form as
//! typed and its checks, and the list filter. The status machine is `contract_status.rs`; term
//! dates, billing periods and uplifts are `contract_terms.rs`.
use super::contract_terms::{Cadence, MAX_TERM_MONTHS};
use super::sales_order::optional_date;
use super::validate::{flag, integer_in, optional_id, optional_text, required_text, FieldErrors};
use crate::model::enum_macro::string_enum;
use crate::model::list::list_filter;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::contract_status::{transition, ContractEvent, ContractFacts, ContractStatus, TermOrigin, TermOutcome};

string_enum! {
    /// How a term is invoiced: once in advance, or quarterly / monthly within the term.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Billing {
        PerTerm = ("per_term", "Once per term, in advance"),
        Quarterly = ("quarterly", "Quarterly, in advance"),
        Monthly = ("monthly", "Monthly, in advance"),
    }
    parse_error = "must be per_term, quarterly or monthly";
}

impl Billing {
    pub fn cadence(self) -> Cadence {
        match self {
            Billing::PerTerm => Cadence::PerTerm,
            Billing::Quarterly => Cadence::Quarterly,
            Billing::Monthly => Cadence::Monthly,
        }
    }
}

string_enum! {
    /// How a renewal changes prices.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum UpliftKind {
        None = ("none", "No change"),
        Percent = ("percent", "Fixed percentage"),
        Index = ("index", "Price index"),
    }
    parse_error = "must be none, percent or index";
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractDto {
    pub id: i64,
    /// AMC-YYYY-NNNNNN
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    pub title: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "active"))]
    pub status: ContractStatus,
    pub currency: String,
    pub term_months: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "per_term"))]
    pub billing: Billing,
    /// The first term's start.
    pub start_date: NaiveDate,
    /// Billing periods starting before this day were invoiced elsewhere (entered history).
    pub bill_from: NaiveDate,
    /// The current term's number and last day (inclusive; the next term starts the day after).
    pub term_number: i64,
    pub end_date: NaiveDate,
    /// The next term's last day when it is already renewed and waits for its start.
    pub renewed_until: Option<NaiveDate>,
    pub auto_renew: bool,
    pub notice_days: i64,
    /// The last day to give notice of non-renewal for the current term.
    pub notice_date: NaiveDate,
    /// The notice deadline passed and the term has not ended: it renews (or lapses) as it stands.
    pub notice_passed: bool,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "percent"))]
    pub uplift_kind: UpliftKind,
    /// Percentages as decimal strings ("5.00" is 5 %); null when not set.
    pub uplift_percent: Option<String>,
    pub uplift_cap: Option<String>,
    pub uplift_floor: Option<String>,
    pub uplift_index_base: Option<String>,
    /// The ticket priority whose SLA policy the account's covered tickets get.
    pub sla_tier: Option<String>,
    pub sales_order_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub cancel_reason: Option<String>,
    /// A cancellation at the term's end: the last day it runs.
    pub cancel_at: Option<NaiveDate>,
    pub notes: String,
    /// The current term's total.
    pub amount: String,
    /// The covered lines' total: what the next term costs before uplift.
    pub lines_total: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractLineDto {
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
}

impl From<&ContractLineDto> for super::lines::LineForm {
    fn from(l: &ContractLineDto) -> super::lines::LineForm {
        let (p, d, q, u) = (l.product_id, &l.description, &l.quantity, &l.unit);
        super::lines::LineForm::stored(p, d, q, u, &l.unit_price, &l.discount_percent, l.tax_rate_id)
    }
}

/// One billing period's invoice of a term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TermInvoiceDto {
    pub period: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub invoice_id: i64,
    /// Null while the invoice is a draft.
    pub invoice_number: Option<String>,
    pub invoice_status: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TermDto {
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The uplift applied to the previous term's prices, in percent.
    pub uplift_percent: String,
    pub subtotal: String,
    pub tax_total: String,
    pub amount: String,
    /// The first billing period's invoice (null for entered history).
    pub invoice_id: Option<i64>,
    pub invoices: Vec<TermInvoiceDto>,
    /// renewed, expired or cancelled; null while it runs or is still to come.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, example = "renewed"))]
    pub outcome: Option<TermOutcome>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "manual"))]
    pub origin: TermOrigin,
    pub lines: Vec<ContractLineDto>,
    /// Changes within the term (lines added, removed or requantified from a day), oldest first.
    pub changes: Vec<super::contract_change::ContractChangeDto>,
}

/// One line of a renewal preview: the price now and after the uplift.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewLineDto {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub new_unit_price: String,
    pub net: String,
    pub new_net: String,
}

/// What renewing now would write, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RenewalPreviewDto {
    pub term_number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub uplift_percent: String,
    /// How the percentage came about, in words.
    pub uplift_reason: String,
    pub currency: String,
    pub current_amount: String,
    pub subtotal: String,
    pub tax_total: String,
    pub amount: String,
    pub lines: Vec<PreviewLineDto>,
}

/// The contract's fields as typed (the API's JSON maps onto it too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractForm {
    pub account_id: String,
    pub contact_id: String,
    pub owner_id: String,
    pub title: String,
    /// YYYY-MM-DD; may lie in the past (a running contract entered with its history).
    pub start_date: String,
    /// YYYY-MM-DD; empty: the start date.
    pub bill_from: String,
    pub term_months: String,
    pub billing: String,
    /// "on"/"true" or empty.
    pub auto_renew: String,
    pub notice_days: String,
    pub uplift_kind: String,
    pub uplift_percent: String,
    pub uplift_cap: String,
    pub uplift_floor: String,
    pub sla_tier: String,
    pub sales_order_id: String,
    pub opportunity_id: String,
    pub notes: String,
}

impl From<&ContractDto> for ContractForm {
    fn from(c: &ContractDto) -> ContractForm {
        let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
        ContractForm {
            account_id: c.account_id.to_string(),
            contact_id: id(c.contact_id),
            owner_id: c.owner_id.to_string(),
            title: c.title.clone(),
            start_date: c.start_date.to_string(),
            bill_from: c.bill_from.to_string(),
            term_months: c.term_months.to_string(),
            billing: c.billing.as_str().into(),
            auto_renew: if c.auto_renew { "true".into() } else { String::new() },
            notice_days: c.notice_days.to_string(),
            uplift_kind: c.uplift_kind.as_str().into(),
            uplift_percent: c.uplift_percent.clone().unwrap_or_default(),
            uplift_cap: c.uplift_cap.clone().unwrap_or_default(),
            uplift_floor: c.uplift_floor.clone().unwrap_or_default(),
            sla_tier: c.sla_tier.clone().unwrap_or_default(),
            sales_order_id: id(c.sales_order_id),
            opportunity_id: id(c.opportunity_id),
            notes: c.notes.clone(),
        }
    }
}

/// The uplift as checked: kind, percent (for `percent`), and the bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpliftInput {
    pub kind: UpliftKind,
    pub percent: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub floor: Option<Decimal>,
}

/// A checked contract.
#[derive(Clone, Debug, PartialEq)]
pub struct ContractInput {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub title: String,
    pub start_date: NaiveDate,
    pub bill_from: Option<NaiveDate>,
    pub term_months: u32,
    pub billing: Billing,
    pub auto_renew: bool,
    pub notice_days: u32,
    pub uplift: UpliftInput,
    pub sla_tier: Option<String>,
    pub sales_order_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub notes: String,
}

/// A percentage typed as a decimal between `min` and `max`, two decimals at most; empty: None.
fn optional_percent(e: &mut FieldErrors, field: &str, value: &str, min: i64, max: i64) -> Option<Decimal> {
    let v = value.trim().trim_end_matches('%').trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<Decimal>() {
        Ok(p) if p.scale() > 2 => e.add(field, "must have at most two decimals"),
        Ok(p) if p < Decimal::from(min) || p > Decimal::from(max) => {
            e.add(field, format!("must be between {min} and {max}"))
        }
        Ok(p) => return Some(p.normalize()),
        Err(_) => e.add(field, "must be a percentage such as 5 or 2.50"),
    }
    None
}

impl ContractInput {
    pub fn parse(f: &ContractForm) -> Result<ContractInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if account_id.is_none() && f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let title = required_text(&mut e, "title", &f.title, 200);
        let start_date = optional_date(&mut e, "start_date", &f.start_date);
        if start_date.is_none() && f.start_date.trim().is_empty() {
            e.add("start_date", "is required");
        }
        let bill_from = optional_date(&mut e, "bill_from", &f.bill_from);
        if let (Some(s), Some(b)) = (start_date, bill_from) {
            if b < s {
                e.add("bill_from", "must not be before the start date");
            }
        }
        let term_months = integer_in(&mut e, "term_months", &f.term_months, 1, MAX_TERM_MONTHS.into(), Some(12)) as u32;
        let billing = match f.billing.trim() {
            "" => Billing::PerTerm,
            b => Billing::parse(b).map_err(|m| e.add("billing", m)).unwrap_or(Billing::PerTerm),
        };
        if let Some(step) = billing.cadence().months() {
            if !term_months.is_multiple_of(step) {
                e.add(
                    "billing",
                    format!(
                        "{} billing needs a term of whole {}",
                        billing.label(),
                        if step == 3 { "quarters" } else { "months" }
                    ),
                );
            }
        }
        let notice_days = integer_in(&mut e, "notice_days", &f.notice_days, 0, 3650, Some(30)) as u32;
        let kind = match f.uplift_kind.trim() {
            "" if f.uplift_percent.trim().is_empty() => UpliftKind::None,
            "" => UpliftKind::Percent,
            k => UpliftKind::parse(k).map_err(|m| e.add("uplift_kind", m)).unwrap_or(UpliftKind::None),
        };
        let percent = optional_percent(&mut e, "uplift_percent", &f.uplift_percent, -100, 100);
        let cap = optional_percent(&mut e, "uplift_cap", &f.uplift_cap, -100, 100);
        let floor = optional_percent(&mut e, "uplift_floor", &f.uplift_floor, -100, 100);
        if kind == UpliftKind::Percent && percent.is_none() && e.get("uplift_percent").is_none() {
            e.add("uplift_percent", "is required for a fixed percentage");
        }
        if let (Some(c), Some(fl)) = (cap, floor) {
            if fl > c {
                e.add("uplift_floor", "must not be above the cap");
            }
        }
        let sla_tier = match f.sla_tier.trim() {
            "" => None,
            t => crate::model::ticket::Priority::parse(t)
                .map(|p| p.as_str().to_string())
                .map_err(|_| e.add("sla_tier", "must be low, medium, high or urgent"))
                .ok(),
        };
        let input = ContractInput {
            account_id: account_id.unwrap_or(0),
            contact_id: optional_id(&mut e, "contact_id", &f.contact_id),
            owner_id: optional_id(&mut e, "owner_id", &f.owner_id),
            title,
            start_date: start_date.unwrap_or_default(),
            bill_from,
            term_months,
            billing,
            auto_renew: flag(&f.auto_renew),
            notice_days,
            uplift: UpliftInput {
                kind,
                percent: (kind == UpliftKind::Percent).then_some(percent).flatten(),
                cap,
                floor,
            },
            sla_tier,
            sales_order_id: optional_id(&mut e, "sales_order_id", &f.sales_order_id),
            opportunity_id: optional_id(&mut e, "opportunity_id", &f.opportunity_id),
            notes: optional_text(&mut e, "notes", &f.notes, 2000),
        };
        e.finish(|| input)
    }
}

/// A cancellation as typed: the reason, and when (`now` or `term_end`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
    pub effective: String,
}

/// When a cancellation takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelWhen {
    Now,
    TermEnd,
}

impl CancelForm {
    pub fn parse(&self) -> Result<(String, CancelWhen), FieldErrors> {
        let mut e = FieldErrors::default();
        let reason = required_text(&mut e, "reason", &self.reason, 500);
        let when = match self.effective.trim() {
            "" | "now" => CancelWhen::Now,
            "term_end" => CancelWhen::TermEnd,
            _ => {
                e.add("effective", "must be now or term_end");
                CancelWhen::Now
            }
        };
        e.finish(|| (reason, when))
    }
}

list_filter! {
    /// The contracts list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ContractFilter {
        /// Part of the number, the title or the account's name.
        pub q: String,
        /// A status, or "live" (pending or active); empty: all.
        pub status: String,
        /// Active contracts whose term ends within 30, 60 or 90 days (not yet renewed).
        pub due: String,
        /// "1": active contracts whose notice deadline passed.
        pub notice_passed: String,
        /// "1" / "0": auto-renewing or not.
        pub auto_renew: String,
        /// An account id.
        pub account: String,
        /// Owner's user id, or "me".
        pub owner: String,
        /// "end": by the current term's end, soonest first; empty: newest first.
        pub sort: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ContractForm {
        ContractForm {
            account_id: "3".into(),
            title: "Maintenance".into(),
            start_date: "2026-01-31".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_contract_needs_an_account_a_title_and_a_start_and_takes_sane_defaults() {
        let e = ContractInput::parse(&ContractForm::default()).unwrap_err();
        for f in ["account_id", "title", "start_date"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let ok = ContractInput::parse(&form()).unwrap();
        assert_eq!((ok.term_months, ok.billing, ok.notice_days, ok.auto_renew), (12, Billing::PerTerm, 30, false));
        assert_eq!(ok.uplift.kind, UpliftKind::None);
    }

    #[test]
    fn uplift_billing_and_tier_are_checked_field_by_field() {
        let bad = ContractForm {
            term_months: "4".into(),
            billing: "quarterly".into(),
            uplift_kind: "percent".into(),
            uplift_cap: "3".into(),
            uplift_floor: "5".into(),
            sla_tier: "gold".into(),
            notice_days: "-1".into(),
            bill_from: "2025-12-31".into(),
            ..form()
        };
        let e = ContractInput::parse(&bad).unwrap_err();
        for f in ["billing", "uplift_percent", "uplift_floor", "sla_tier", "notice_days", "bill_from"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let ok =
            ContractInput::parse(&ContractForm { uplift_percent: "5.00 %".into(), sla_tier: "high".into(), ..form() })
                .unwrap();
        assert_eq!(ok.uplift.kind, UpliftKind::Percent, "a percent alone means a fixed percentage");
        assert_eq!(ok.uplift.percent, Some(Decimal::from(5)));
        assert_eq!(ok.sla_tier.as_deref(), Some("high"));
        let e = ContractInput::parse(&ContractForm { uplift_percent: "1.005".into(), ..form() }).unwrap_err();
        assert!(e.get("uplift_percent").is_some());
    }

    #[test]
    fn a_cancellation_needs_a_reason() {
        assert!(CancelForm::default().parse().unwrap_err().get("reason").is_some());
        let c = CancelForm { reason: "Moved to a competitor".into(), effective: "term_end".into() };
        assert_eq!(c.parse().unwrap().1, CancelWhen::TermEnd);
        assert!(CancelForm { reason: "x".into(), effective: "later".into() }
            .parse()
            .unwrap_err()
            .get("effective")
            .is_some());
    }
}
