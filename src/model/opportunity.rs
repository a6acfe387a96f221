//! Opportunities: the deal, its product lines (`lines.rs`) and their validation (the stage machine
//! is in `stage.rs`). Totals always come from `money::document_totals`.
use super::money::{parse_decimal, Currency};
use super::validate::{optional_id, required_text, FieldErrors};
use crate::model::list::list_filter;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::lines::{parse_lines, totals, LineDraft, LineForm, PricedLine};
pub use super::stage::{transition, Stage};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpportunityDto {
    pub id: i64,
    pub name: String,
    pub account_id: i64,
    pub account_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "proposal"))]
    pub stage: Stage,
    /// Net amount (the lines' subtotal when there are lines), decimal string.
    pub amount: String,
    pub currency: String,
    pub probability: i64,
    pub expected_close_date: Option<NaiveDate>,
    pub lost_reason: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpportunityLineDto {
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

/// The deal's fields as typed (the API's JSON maps onto it too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityForm {
    pub name: String,
    pub account_id: String,
    pub owner_id: String,
    pub currency: String,
    pub probability: String,
    /// YYYY-MM-DD or empty.
    pub expected_close_date: String,
    /// Used only when the deal has no lines.
    pub amount: String,
}

impl From<&OpportunityLineDto> for LineForm {
    fn from(l: &OpportunityLineDto) -> LineForm {
        LineForm::stored(
            l.product_id,
            &l.description,
            &l.quantity,
            &l.unit,
            &l.unit_price,
            &l.discount_percent,
            l.tax_rate_id,
        )
    }
}

impl OpportunityForm {
    /// The stored deal as its form; the typed amount only matters for a deal without lines.
    pub fn from_dto(o: &OpportunityDto, has_lines: bool) -> OpportunityForm {
        OpportunityForm {
            name: o.name.clone(),
            account_id: o.account_id.to_string(),
            owner_id: o.owner_id.to_string(),
            currency: o.currency.clone(),
            probability: o.probability.to_string(),
            expected_close_date: o.expected_close_date.map(|d| d.to_string()).unwrap_or_default(),
            amount: if has_lines { String::new() } else { o.amount.clone() },
        }
    }
}

/// A checked deal header. `currency` None: the account's.
#[derive(Clone, Debug, PartialEq)]
pub struct OpportunityInput {
    pub name: String,
    pub account_id: i64,
    pub owner_id: Option<i64>,
    pub currency: Option<Currency>,
    pub probability: Option<i64>,
    pub expected_close_date: Option<NaiveDate>,
    pub amount: Option<Decimal>,
}

impl OpportunityInput {
    pub fn parse(f: &OpportunityForm) -> Result<OpportunityInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required_text(&mut e, "name", &f.name, 200);
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if account_id.is_none() && f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let owner_id = optional_id(&mut e, "owner_id", &f.owner_id);
        let currency = match f.currency.trim() {
            "" => None,
            c => Currency::parse(c).map_err(|m| e.add("currency", m)).ok(),
        };
        let probability = match f.probability.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(n) if (0..=100).contains(&n) => Some(n),
                _ => {
                    e.add("probability", "must be a whole number from 0 to 100");
                    None
                }
            },
        };
        let expected_close_date = match f.expected_close_date.trim() {
            "" => None,
            d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| e.add("expected_close_date", "must be a date such as 2026-12-31"))
                .ok(),
        };
        let amount = match f.amount.trim() {
            "" => None,
            a => match parse_decimal(a) {
                Ok(d) if d.is_sign_negative() => {
                    e.add("amount", "must not be negative");
                    None
                }
                Ok(d) => Some(d),
                Err(m) => {
                    e.add("amount", m);
                    None
                }
            },
        };
        e.finish(|| OpportunityInput {
            name,
            account_id: account_id.unwrap_or(0),
            owner_id,
            currency,
            probability,
            expected_close_date,
            amount,
        })
    }
}

list_filter! {
    /// The opportunities list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OpportunityFilter {
        /// Part of the name.
        pub q: String,
        /// A stage, or "open" / "closed"; empty: all.
        pub stage: String,
        /// Owner's user id, or "me".
        pub owner: String,
        /// Only this account's deals.
        pub account: String,
        /// "newest" (default) or "name".
        pub sort: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_needs_a_name_and_an_account() {
        let e = OpportunityInput::parse(&OpportunityForm {
            probability: "120".into(),
            expected_close_date: "31/12/2026".into(),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["name", "account_id", "probability", "expected_close_date"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }
}
