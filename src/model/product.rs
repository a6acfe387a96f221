//! Products and tax rates: DTOs, forms as typed, and their validation. Rates are exact decimal
//! percentages; prices are decimals within the currency's minor unit.
use super::money::{parse_decimal, Currency};
use super::validate::{optional_id, optional_text, required_text, FieldErrors};
use crate::model::enum_macro::string_enum;
use crate::model::list::list_filter;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TaxRateDto {
    pub id: i64,
    pub name: String,
    /// Percentage as a decimal string: "20.00" is 20 %.
    pub rate: String,
    pub active: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxRateForm {
    pub name: String,
    pub rate: String,
    /// "true" / "false"; empty keeps it active.
    pub active: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaxRateInput {
    pub name: String,
    pub rate: Decimal,
    pub active: bool,
}

impl TaxRateInput {
    pub fn parse(f: &TaxRateForm) -> Result<TaxRateInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required_text(&mut e, "name", &f.name, 100);
        let rate = match parse_decimal(&f.rate) {
            Ok(r) if r < Decimal::ZERO || r > Decimal::ONE_HUNDRED => {
                e.add("rate", "must be a percentage from 0 to 100");
                Decimal::ZERO
            }
            Ok(r) if r.normalize().scale() > 4 => {
                e.add("rate", "may have at most 4 decimals");
                Decimal::ZERO
            }
            Ok(r) => r,
            Err(m) => {
                e.add("rate", m);
                Decimal::ZERO
            }
        };
        let active = f.active.trim().is_empty() || super::validate::flag(&f.active);
        e.finish(|| TaxRateInput { name, rate, active })
    }

    /// How the rate is stored and shown: at least two decimals ("7.00", "5.5" → "5.50").
    pub fn stored_rate(&self) -> String {
        let r = self.rate.normalize();
        if r.scale() < 2 {
            format!("{:.2}", r)
        } else {
            r.to_string()
        }
    }
}

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ProductKind {
        Goods = ("goods", "Goods"),
        Service = ("service", "Service"),
        Subscription = ("subscription", "Subscription"),
    }
    parse_error = "must be goods, service or subscription";
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProductDto {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub description: String,
    /// goods, service or subscription.
    pub kind: String,
    pub unit: String,
    /// Decimal string in the currency, e.g. "1200.00".
    pub unit_price: String,
    pub currency: String,
    pub tax_rate_id: i64,
    pub tax_rate_name: String,
    /// The tax rate's percentage, e.g. "20.00".
    pub tax_rate: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    pub sku: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: String,
    pub tax_rate_id: String,
    pub active: String,
}

impl From<&ProductDto> for ProductForm {
    fn from(p: &ProductDto) -> ProductForm {
        ProductForm {
            sku: p.sku.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            kind: p.kind.clone(),
            unit: p.unit.clone(),
            unit_price: p.unit_price.clone(),
            currency: p.currency.clone(),
            tax_rate_id: p.tax_rate_id.to_string(),
            active: p.active.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProductInput {
    /// Upper case.
    pub sku: String,
    pub name: String,
    pub description: String,
    pub kind: ProductKind,
    pub unit: String,
    pub unit_price_minor: i64,
    pub currency: Currency,
    pub tax_rate_id: i64,
    pub active: bool,
}

impl ProductInput {
    /// Checks every field; empty currency or tax rate take the company defaults.
    pub fn parse(
        f: &ProductForm,
        default_currency: Currency,
        default_tax_rate: Option<i64>,
    ) -> Result<ProductInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let sku = required_text(&mut e, "sku", &f.sku, 40).to_uppercase();
        if !sku.is_empty() && !sku.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            e.add("sku", "may contain only letters, digits, - _ and .");
        }
        let name = required_text(&mut e, "name", &f.name, 200);
        let description = optional_text(&mut e, "description", &f.description, 2000);
        let kind = ProductKind::parse(if f.kind.trim().is_empty() { "goods" } else { &f.kind })
            .map_err(|m| e.add("kind", m))
            .unwrap_or(ProductKind::Goods);
        let unit = required_text(&mut e, "unit", if f.unit.trim().is_empty() { "pcs" } else { &f.unit }, 20);
        let currency = if f.currency.trim().is_empty() {
            default_currency
        } else {
            Currency::parse(&f.currency).map_err(|m| e.add("currency", m)).unwrap_or(default_currency)
        };
        let unit_price_minor = match parse_decimal(&f.unit_price) {
            Ok(p) if p.is_sign_negative() && !p.is_zero() => {
                e.add("unit_price", "must not be negative");
                0
            }
            Ok(p) if p.normalize().scale() > currency.minor_units() => {
                e.add("unit_price", format!("has more decimals than {currency} allows"));
                0
            }
            Ok(p) => currency.to_minor(p).map_err(|m| e.add("unit_price", m)).unwrap_or(0),
            Err(m) => {
                e.add("unit_price", m);
                0
            }
        };
        let tax_rate_id = match optional_id(&mut e, "tax_rate_id", &f.tax_rate_id)
            .or(if f.tax_rate_id.trim().is_empty() { default_tax_rate } else { None })
        {
            Some(id) => id,
            None => {
                if f.tax_rate_id.trim().is_empty() {
                    e.add("tax_rate_id", "is required (no default tax rate is set)");
                }
                0
            }
        };
        let active = f.active.trim().is_empty() || super::validate::flag(&f.active);
        e.finish(|| ProductInput {
            sku,
            name,
            description,
            kind,
            unit,
            unit_price_minor,
            currency,
            tax_rate_id,
            active,
        })
    }
}

list_filter! {
    /// The products list's filters.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProductFilter {
        /// Part of the name or SKU.
        pub q: String,
        /// goods, service or subscription; empty: all.
        pub kind: String,
        /// active (default), inactive or all.
        pub status: String,
        /// name (default) or newest.
        pub sort: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(price: &str) -> ProductForm {
        ProductForm { sku: "srv-1".into(), name: "Server".into(), unit_price: price.into(), ..Default::default() }
    }

    #[test]
    fn a_product_takes_defaults_and_upper_cases_its_sku() {
        let p = ProductInput::parse(&form("1200.5"), Currency::EUR, Some(3)).unwrap();
        assert_eq!(
            (p.sku.as_str(), p.unit_price_minor, p.tax_rate_id, p.kind, p.unit.as_str()),
            ("SRV-1", 120050, 3, ProductKind::Goods, "pcs")
        );
    }

    #[test]
    fn bad_prices_and_skus_are_named() {
        let e = ProductInput::parse(&form("-1"), Currency::EUR, Some(1)).unwrap_err();
        assert_eq!(e.get("unit_price").unwrap()[0], "must not be negative");
        let e = ProductInput::parse(&form("abc"), Currency::EUR, Some(1)).unwrap_err();
        assert_eq!(e.get("unit_price").unwrap()[0], "must be a number such as 1234.50");
        let e = ProductInput::parse(&form("12.345"), Currency::EUR, Some(1)).unwrap_err();
        assert_eq!(e.get("unit_price").unwrap()[0], "has more decimals than EUR allows");
        let e = ProductInput::parse(
            &ProductForm { sku: "a b".into(), name: "x".repeat(10_000_000), ..form("1") },
            Currency::EUR,
            None,
        )
        .unwrap_err();
        assert!(e.get("sku").is_some() && e.get("name").is_some() && e.get("tax_rate_id").is_some());
    }

    #[test]
    fn tax_rates_are_exact_percentages() {
        let t = TaxRateInput::parse(&TaxRateForm { name: "Reduced".into(), rate: "5.5".into(), ..Default::default() })
            .unwrap();
        assert_eq!(t.stored_rate(), "5.50");
        for bad in ["abc", "-1", "101", "1.23456"] {
            let e = TaxRateInput::parse(&TaxRateForm { name: "X".into(), rate: bad.into(), ..Default::default() })
                .unwrap_err();
            assert!(e.get("rate").is_some(), "{bad}");
        }
    }
}
