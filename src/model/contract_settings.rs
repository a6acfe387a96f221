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
    /// Days before a term's end the renewal reminders go, largest first, e.g. "90, 60, 30".
    pub reminder_days: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenewalSettingsForm {
    pub invoice_mode: String,
    pub grace_days: String,
    pub index_name: String,
    pub index_value: String,
    pub reminder_days: String,
}

impl From<&RenewalSettingsDto> for RenewalSettingsForm {
    fn from(s: &RenewalSettingsDto) -> RenewalSettingsForm {
        RenewalSettingsForm {
            invoice_mode: s.invoice_mode.as_str().into(),
            grace_days: s.grace_days.to_string(),
            index_name: s.index_name.clone(),
            index_value: s.index_value.clone().unwrap_or_default(),
            reminder_days: s.reminder_days.clone(),
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
        let reminder_days = match reminder_days(&self.reminder_days) {
            Ok(d) => d.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
            Err(m) => {
                e.add("reminder_days", m);
                String::new()
            }
        };
        e.finish(|| RenewalSettingsDto { invoice_mode, grace_days, index_name, index_value, reminder_days })
    }
}

/// The reminder days as typed ("90, 60, 30"): whole days from 1 to 365, at most six, largest
/// first, each once; empty: no reminders before the notice deadline.
pub fn reminder_days(s: &str) -> Result<Vec<u32>, String> {
    let mut days = vec![];
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<u32>() {
            Ok(d) if (1..=365).contains(&d) => days.push(d),
            _ => return Err(format!("{part:?} is not a number of days from 1 to 365 (write e.g. 90, 60, 30)")),
        }
    }
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    if days.len() > 6 {
        return Err("at most six reminders".into());
    }
    Ok(days)
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
        assert_eq!(reminder_days(" 30,90 ,60,30"), Ok(vec![90, 60, 30]));
        assert_eq!(reminder_days(""), Ok(vec![]));
        assert!(
            reminder_days("90, soon").is_err()
                && reminder_days("0").is_err()
                && reminder_days("1,2,3,4,5,6,7").is_err()
        );
    }
}
