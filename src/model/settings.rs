//! Company settings: who we are on documents, where customers pay, the defaults new records take,
//! and how each document series prints its numbers.
use super::money::Currency;
use super::validate::{integer_in, optional_id, optional_text, required_text, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsDto {
    pub company_name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_account_name: String,
    pub iban: String,
    pub bic: String,
    pub default_currency: String,
    pub default_payment_terms_days: i64,
    pub default_tax_rate_id: Option<i64>,
    pub invoice_footer: String,
    /// A4 or Letter, for every printed document.
    pub paper_size: String,
    /// What "invoice the rest of this order" takes: "ordered" or "shipped" quantities.
    pub invoice_quantities: String,
    /// Reminder days relative to the due date, e.g. "-3, 0, 7, 14".
    pub reminder_schedule: String,
    /// How long an emailed invoice link works.
    pub invoice_link_days: i64,
    pub series: Vec<SeriesDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesDto {
    /// sales_order, invoice, credit_note, payment, receipt, ticket, contract.
    pub series: String,
    pub prefix: String,
    pub padding: i64,
}

impl SeriesDto {
    pub fn label(&self) -> String {
        let s = self.series.replace('_', " ");
        s[..1].to_uppercase() + &s[1..]
    }
}

/// The settings form as typed. Series fields are `prefix_<series>` / `padding_<series>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub company_name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_account_name: String,
    pub iban: String,
    pub bic: String,
    pub default_currency: String,
    pub default_payment_terms_days: String,
    pub default_tax_rate_id: String,
    pub invoice_footer: String,
    pub paper_size: String,
    pub invoice_quantities: String,
    pub reminder_schedule: String,
    pub invoice_link_days: String,
    /// One entry per document series, posted as `series[0][series]`, `series[0][prefix]`, ...
    pub series: Vec<SeriesForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeriesForm {
    pub series: String,
    pub prefix: String,
    pub padding: String,
}

impl From<&SettingsDto> for SettingsForm {
    fn from(s: &SettingsDto) -> SettingsForm {
        SettingsForm {
            company_name: s.company_name.clone(),
            address: s.address.clone(),
            tax_id: s.tax_id.clone(),
            bank_account_name: s.bank_account_name.clone(),
            iban: s.iban.clone(),
            bic: s.bic.clone(),
            default_currency: s.default_currency.clone(),
            default_payment_terms_days: s.default_payment_terms_days.to_string(),
            default_tax_rate_id: s.default_tax_rate_id.map(|i| i.to_string()).unwrap_or_default(),
            invoice_footer: s.invoice_footer.clone(),
            paper_size: s.paper_size.clone(),
            invoice_quantities: s.invoice_quantities.clone(),
            reminder_schedule: s.reminder_schedule.clone(),
            invoice_link_days: s.invoice_link_days.to_string(),
            series: s
                .series
                .iter()
                .map(|x| SeriesForm {
                    series: x.series.clone(),
                    prefix: x.prefix.clone(),
                    padding: x.padding.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsInput {
    pub company_name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_account_name: String,
    /// Without spaces, upper case.
    pub iban: String,
    pub bic: String,
    pub default_currency: Currency,
    pub default_payment_terms_days: i64,
    pub default_tax_rate_id: Option<i64>,
    pub invoice_footer: String,
    /// "A4" or "Letter".
    pub paper_size: &'static str,
    /// "ordered" or "shipped".
    pub invoice_quantities: &'static str,
    /// Normalised, e.g. "-3, 0, 7, 14".
    pub reminder_schedule: String,
    pub invoice_link_days: i64,
    pub series: Vec<SeriesDto>,
}

/// IBAN check (ISO 13616): 15–34 letters and digits, country code, and the mod-97 checksum.
pub fn iban_is_valid(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !(15..=34).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if !s[..2].chars().all(|c| c.is_ascii_uppercase()) || !s[2..4].chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let rearranged = format!("{}{}", &s[4..], &s[..4]);
    let mut rem: u32 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).unwrap_or(0);
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// BIC / SWIFT code: 8 or 11 characters, bank (4 letters), country (2 letters), location, branch.
pub fn bic_is_valid(bic: &str) -> bool {
    let b = bic.trim().to_ascii_uppercase();
    (b.len() == 8 || b.len() == 11)
        && b.chars().all(|c| c.is_ascii_alphanumeric())
        && b[..6].chars().all(|c| c.is_ascii_alphabetic())
}

impl SettingsInput {
    pub fn parse(f: &SettingsForm) -> Result<SettingsInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let company_name = required_text(&mut e, "company_name", &f.company_name, 200);
        let address = optional_text(&mut e, "address", &f.address, 1000);
        let tax_id = optional_text(&mut e, "tax_id", &f.tax_id, 50);
        let bank_account_name = optional_text(&mut e, "bank_account_name", &f.bank_account_name, 200);
        let iban: String = f.iban.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if !iban.is_empty() && !iban_is_valid(&iban) {
            e.add("iban", "is not a valid IBAN (check the digits)");
        }
        let bic = f.bic.trim().to_ascii_uppercase();
        if !bic.is_empty() && !bic_is_valid(&bic) {
            e.add("bic", "must be 8 or 11 letters and digits, such as DEUTDEFF");
        }
        let default_currency = Currency::parse(&f.default_currency).map_err(|m| e.add("default_currency", m)).ok();
        let default_payment_terms_days =
            integer_in(&mut e, "default_payment_terms_days", &f.default_payment_terms_days, 0, 365, None);
        let default_tax_rate_id = optional_id(&mut e, "default_tax_rate_id", &f.default_tax_rate_id);
        let invoice_footer = optional_text(&mut e, "invoice_footer", &f.invoice_footer, 2000);
        let paper_size = match f.paper_size.trim().to_ascii_lowercase().as_str() {
            "" | "a4" => "A4",
            "letter" => "Letter",
            _ => {
                e.add("paper_size", "must be A4 or Letter");
                "A4"
            }
        };
        let invoice_quantities = match f.invoice_quantities.trim() {
            "" | "ordered" => "ordered",
            "shipped" => "shipped",
            _ => {
                e.add("invoice_quantities", "must be ordered or shipped");
                "ordered"
            }
        };
        let reminder_schedule = match super::dunning::parse_schedule(&f.reminder_schedule) {
            Ok(steps) => super::dunning::format_schedule(&steps),
            Err(m) => {
                e.add("reminder_schedule", m);
                String::new()
            }
        };
        let invoice_link_days = integer_in(&mut e, "invoice_link_days", &f.invoice_link_days, 1, 365, Some(30));
        let mut series = Vec::new();
        for x in &f.series {
            let name = x.series.trim();
            if name.is_empty() || name.len() > 40 || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                e.add("series", "names an unknown document series");
                continue;
            }
            let prefix = x.prefix.trim().to_ascii_uppercase();
            if prefix.is_empty() || prefix.len() > 10 || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
                e.add(&format!("prefix_{name}"), "must be 1 to 10 letters or digits");
            }
            let padding = integer_in(&mut e, &format!("padding_{name}"), &x.padding, 1, 12, None);
            series.push(SeriesDto { series: name.to_string(), prefix, padding });
        }
        e.finish(|| SettingsInput {
            company_name,
            address,
            tax_id,
            bank_account_name,
            iban,
            bic,
            default_currency: default_currency.expect("checked"),
            default_payment_terms_days,
            default_tax_rate_id,
            invoice_footer,
            paper_size,
            invoice_quantities,
            reminder_schedule,
            invoice_link_days,
            series,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_checked_with_mod_97() {
        assert!(iban_is_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_is_valid("GB82WEST12345698765432"));
        assert!(!iban_is_valid("DE89 3704 0044 0532 0130 01"));
        assert!(!iban_is_valid("hello"));
        assert!(bic_is_valid("DEUTDEFF") && bic_is_valid("DEUTDEFF500") && !bic_is_valid("DEU1"));
    }

    #[test]
    fn settings_name_each_bad_field() {
        let f = SettingsForm {
            company_name: "".into(),
            iban: "DE00 1234".into(),
            default_currency: "€".into(),
            default_payment_terms_days: "400".into(),
            series: vec![SeriesForm { series: "invoice".into(), prefix: "IN V".into(), padding: "0".into() }],
            ..Default::default()
        };
        let e = SettingsInput::parse(&f).unwrap_err();
        for field in [
            "company_name",
            "iban",
            "default_currency",
            "default_payment_terms_days",
            "prefix_invoice",
            "padding_invoice",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
    }
}
