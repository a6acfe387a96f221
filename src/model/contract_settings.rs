//! The company's renewal settings: how a renewal's invoice is made (a draft to check, or issued
//! and emailed), the grace period an expired contract can still be renewed in, and the price
//! index an admin enters for index-linked uplifts.
use super::validate::{integer_in, optional_text, FieldErrors};
use crate::model::enum_macro::string_enum;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

string_enum! {
    /// What a renewal does with the term's invoice.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum InvoiceMode {
        Draft = ("draft", "A draft for finance to check and issue"),
        Issue = ("issue", "Issued and emailed to the account's invoice address"),
    }
    parse_error = "must be draft or issue";
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenewalSettingsDto {
    pub invoice_mode: InvoiceMode,
    pub grace_days: i64,
    pub index_name: String,
    /// Null while no value is entered (index-linked contracts keep their prices).
    pub index_value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenewalSettingsForm {
    pub invoice_mode: String,
    pub grace_days: String,
    pub index_name: String,
    pub index_value: String,
}

impl From<&RenewalSettingsDto> for RenewalSettingsForm {
    fn from(s: &RenewalSettingsDto) -> RenewalSettingsForm {
        RenewalSettingsForm {
            invoice_mode: s.invoice_mode.as_str().into(),
            grace_days: s.grace_days.to_string(),
            index_name: s.index_name.clone(),
            index_value: s.index_value.clone().unwrap_or_default(),
        }
    }
}

impl RenewalSettingsForm {
    pub fn parse(&self) -> Result<RenewalSettingsDto, FieldErrors> {
        let mut e = FieldErrors::default();
        let invoice_mode =
            InvoiceMode::parse(&self.invoice_mode).map_err(|m| e.add("invoice_mode", m)).unwrap_or(InvoiceMode::Draft);
        let grace_days = integer_in(&mut e, "grace_days", &self.grace_days, 0, 365, Some(30));
        let index_name = optional_text(&mut e, "index_name", &self.index_name, 100);
        let index_value = match self.index_value.trim() {
            "" => None,
            v => match v.parse::<Decimal>() {
                Ok(d) if d > Decimal::ZERO && d < Decimal::from(1_000_000) && d.scale() <= 4 => {
                    Some(d.normalize().to_string())
                }
                _ => {
                    e.add("index_value", "must be a positive number such as 118.4 (at most four decimals)");
                    None
                }
            },
        };
        e.finish(|| RenewalSettingsDto { invoice_mode, grace_days, index_name, index_value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_field_by_field() {
        let f = RenewalSettingsForm {
            invoice_mode: "send".into(),
            grace_days: "400".into(),
            index_value: "-3".into(),
            ..Default::default()
        };
        let e = f.parse().unwrap_err();
        for field in ["invoice_mode", "grace_days", "index_value"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        let ok =
            RenewalSettingsForm { invoice_mode: "issue".into(), index_value: "118.40".into(), ..Default::default() };
        let s = ok.parse().unwrap();
        assert_eq!((s.invoice_mode, s.grace_days, s.index_value.as_deref()), (InvoiceMode::Issue, 30, Some("118.4")));
    }
}
