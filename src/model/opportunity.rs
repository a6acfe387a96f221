//! Opportunities: the deal and its product lines, and their validation (the stage machine is in
//! `stage.rs`). Totals always come from `money::document_totals`.
use super::money::{document_totals, parse_decimal, Currency, DocumentTotals, LineInput};
use super::validate::{optional_id, required_text, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

/// One line as typed. An all-empty line (a spare row of the form) is skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub product_id: String,
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_rate_id: String,
}

impl From<&OpportunityLineDto> for LineForm {
    fn from(l: &OpportunityLineDto) -> LineForm {
        LineForm {
            product_id: l.product_id.map(|p| p.to_string()).unwrap_or_default(),
            description: l.description.clone(),
            quantity: l.quantity.clone(),
            unit_price: l.unit_price.clone(),
            discount_percent: l.discount_percent.clone(),
            tax_rate_id: l.tax_rate_id.map(|p| p.to_string()).unwrap_or_default(),
        }
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

impl LineForm {
    pub fn is_blank(&self) -> bool {
        [&self.product_id, &self.description, &self.quantity, &self.unit_price, &self.discount_percent]
            .iter()
            .all(|s| s.trim().is_empty())
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

/// A checked line before the product and tax rate are looked up: prices may still be missing
/// (taken from the product), the description may be empty when a product is chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct LineDraft {
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Option<Decimal>,
    pub discount_percent: Decimal,
    pub tax_rate_id: Option<i64>,
}

/// Checks the lines; errors are named `lines[i].field` after the row's position in the form.
pub fn parse_lines(lines: &[LineForm], currency: Currency, e: &mut FieldErrors) -> Vec<LineDraft> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product_id = optional_id(e, &field("product_id"), &l.product_id);
        let description = l.description.trim().to_string();
        if description.is_empty() && product_id.is_none() {
            e.add(&field("description"), "is required when no product is chosen");
        } else if description.chars().count() > 500 {
            e.add(&field("description"), "must be at most 500 characters");
        }
        let quantity = match parse_decimal(&l.quantity) {
            Ok(q) if q <= Decimal::ZERO => {
                e.add(&field("quantity"), "must be more than 0");
                Decimal::ZERO
            }
            Ok(q) if q.scale() > 4 => {
                e.add(&field("quantity"), "may have at most 4 decimals");
                Decimal::ZERO
            }
            Ok(q) => q,
            Err(m) => {
                e.add(&field("quantity"), m);
                Decimal::ZERO
            }
        };
        let unit_price = match l.unit_price.trim() {
            "" if product_id.is_some() => None,
            p => match parse_decimal(p) {
                Ok(d) if d.is_sign_negative() => {
                    e.add(&field("unit_price"), "must not be negative");
                    None
                }
                Ok(d) if d.normalize().scale() > currency.minor_units() => {
                    e.add(&field("unit_price"), format!("has more decimals than {currency} allows"));
                    None
                }
                Ok(d) => Some(d),
                Err(m) => {
                    e.add(&field("unit_price"), m);
                    None
                }
            },
        };
        let discount_percent = match l.discount_percent.trim() {
            "" => Decimal::ZERO,
            d => match parse_decimal(d) {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED => d,
                Ok(_) => {
                    e.add(&field("discount_percent"), "must be from 0 to 100");
                    Decimal::ZERO
                }
                Err(m) => {
                    e.add(&field("discount_percent"), m);
                    Decimal::ZERO
                }
            },
        };
        let tax_rate_id = optional_id(e, &field("tax_rate_id"), &l.tax_rate_id);
        if tax_rate_id.is_none() && product_id.is_none() && l.tax_rate_id.trim().is_empty() {
            e.add(&field("tax_rate_id"), "is required");
        }
        out.push(LineDraft { product_id, description, quantity, unit_price, discount_percent, tax_rate_id });
    }
    out
}

/// A line with everything known, ready for the totals.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedLine {
    pub product_id: Option<i64>,
    pub description: String,
    pub tax_rate_id: Option<i64>,
    pub input: LineInput,
}

/// The deal's totals and the amount it is worth (the subtotal, or the typed amount without lines).
pub fn totals(currency: Currency, lines: &[PricedLine]) -> DocumentTotals {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input.clone()).collect();
    document_totals(currency, &inputs)
}

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

impl OpportunityFilter {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("stage", self.stage.clone()),
            ("owner", self.owner.clone()),
            ("account", self.account.clone()),
            ("sort", self.sort.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn line_errors_are_named_by_row_and_blank_rows_are_skipped() {
        let lines = vec![
            LineForm {
                description: "Setup".into(),
                quantity: "0".into(),
                unit_price: "-5".into(),
                discount_percent: "150".into(),
                tax_rate_id: "abc".into(),
                ..Default::default()
            },
            LineForm::default(),
            LineForm {
                description: "Ok".into(),
                quantity: "2".into(),
                unit_price: "10.005".into(),
                tax_rate_id: "1".into(),
                ..Default::default()
            },
        ];
        let mut e = FieldErrors::default();
        let drafts = parse_lines(&lines, Currency::EUR, &mut e);
        assert_eq!(drafts.len(), 2);
        for f in [
            "lines[0].quantity",
            "lines[0].unit_price",
            "lines[0].discount_percent",
            "lines[0].tax_rate_id",
            "lines[2].unit_price",
        ] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        assert!(e.get("lines[1].quantity").is_none(), "the blank row is ignored");
    }

    #[test]
    fn two_lines_with_a_discount_and_two_rates_total_exactly() {
        let line = |q: &str, p: &str, d: &str, r: &str| PricedLine {
            product_id: None,
            description: "x".into(),
            tax_rate_id: None,
            input: LineInput {
                quantity: dec(q),
                unit_price: dec(p),
                discount_percent: dec(d),
                tax_rate_percent: dec(r),
            },
        };
        let t = totals(Currency::EUR, &[line("3", "199.99", "10", "20"), line("2.5", "80", "0", "7")]);
        // 3 × 199.99 × 0.9 = 539.973 → 539.97; 2.5 × 80 = 200.00
        assert_eq!(t.subtotal, dec("739.97"));
        // 20 % of 539.97 = 107.994 → 107.99; 7 % of 200 = 14.00
        assert_eq!(t.tax_total, dec("121.99"));
        assert_eq!(t.total, dec("861.96"));
    }

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
