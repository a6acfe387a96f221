//! A bank account's statement layout: how its CSV names columns and writes dates and amounts,
//! and the bank account form that sets it.
use crate::model::enum_macro::string_enum;
use crate::model::money::{parse_decimal, Currency};
use crate::model::validate::{is_too_large, optional_text, required_text, FieldErrors};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

string_enum! {
    /// How a bank writes dates in its statement: the name is the chrono pattern (the stored
    /// value), the label an example date. Serialised by variant name.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum DateFormat {
        Iso = ("%Y-%m-%d", "2026-11-25"),
        DayMonthYear = ("%d/%m/%Y", "25/11/2026"),
        DayMonthYearDots = ("%d.%m.%Y", "25.11.2026"),
        MonthDayYear = ("%m/%d/%Y", "11/25/2026"),
    }
    parse_error = "must be one of the offered date formats";
}

impl DateFormat {
    /// The chrono pattern, also the stored value.
    pub fn pattern(self) -> &'static str {
        self.as_str()
    }
    /// A date as this bank writes it.
    pub fn date(self, s: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(s.trim(), self.pattern())
            .map_err(|_| format!("“{}” is not a date like {}", s.trim(), self.label()))
    }
}

/// Where the money is in a statement row: one signed column, or debit and credit columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountColumns {
    Signed(String),
    DebitCredit { debit: String, credit: String },
}

/// The layout of a bank's statement CSV: column names (as in its header row) and number and date
/// conventions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvLayout {
    pub date: String,
    pub amount: AmountColumns,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    pub date_format: DateFormat,
    pub decimal_comma: bool,
    pub delimiter: u8,
}

impl CsvLayout {
    /// The delimiter as the bank account form writes it (and `BankAccountInput::parse` reads it).
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b';' => ";",
            b'\t' => "tab",
            b'|' => "|",
            _ => ",",
        }
    }

    /// An amount as this bank writes it: "1,234.56", "1.234,56" (decimal comma), "-12.00",
    /// "(12.00)", with an optional currency sign; text is refused. Its bound is the currency's,
    /// checked where the currency is known (`service::bank::statement_csv`).
    pub fn amount(&self, s: &str) -> Result<Decimal, String> {
        let raw = s.trim();
        let (negative, body) = match raw.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
            Some(inner) => (true, inner.trim()),
            None => (false, raw),
        };
        let body: String = body
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '£' | '\''))
            .filter(|c| if self.decimal_comma { *c != '.' } else { *c != ',' })
            .map(|c| if self.decimal_comma && c == ',' { '.' } else { c })
            .collect();
        let value = parse_decimal(&body).map_err(|m| {
            if is_too_large(&m) {
                format!("“{raw}” {m}")
            } else {
                format!("“{raw}” is not an amount like {}", self.amount_example())
            }
        })?;
        Ok(if negative { -value } else { value })
    }
    fn amount_example(&self) -> &'static str {
        if self.decimal_comma {
            "1.234,56"
        } else {
            "1,234.56"
        }
    }
}

/// A bank account's form: its name, currency and statement layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankAccountForm {
    pub name: String,
    pub currency: String,
    pub iban: String,
    pub date_column: String,
    /// One signed amount column; leave empty when the bank has debit and credit columns.
    pub amount_column: String,
    pub debit_column: String,
    pub credit_column: String,
    pub description_column: String,
    pub counterparty_column: String,
    pub reference_column: String,
    /// A chrono pattern from `DateFormat::ALL`.
    pub date_format: String,
    /// "true"/"on" when amounts are written 1.234,56.
    pub decimal_comma: String,
    /// "," ";" or "tab".
    pub delimiter: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BankAccountInput {
    pub name: String,
    pub currency: Currency,
    pub iban: String,
    pub layout: CsvLayout,
}

impl BankAccountInput {
    pub fn parse(f: &BankAccountForm) -> Result<BankAccountInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required_text(&mut e, "name", &f.name, 120);
        let currency = Currency::parse(&f.currency).map_err(|m| e.add("currency", m)).unwrap_or(Currency::EUR);
        let iban = optional_text(&mut e, "iban", &f.iban, 40);
        let date = required_text(&mut e, "date_column", &f.date_column, 80);
        let amount = match (f.amount_column.trim(), f.debit_column.trim(), f.credit_column.trim()) {
            ("", "", "") => {
                e.add("amount_column", "name the amount column, or the debit and credit columns");
                AmountColumns::Signed(String::new())
            }
            (a, "", "") => AmountColumns::Signed(a.to_string()),
            ("", d, c) if !d.is_empty() && !c.is_empty() => {
                AmountColumns::DebitCredit { debit: d.to_string(), credit: c.to_string() }
            }
            ("", _, _) => {
                e.add("debit_column", "name both the debit and the credit column");
                AmountColumns::Signed(String::new())
            }
            _ => {
                e.add("amount_column", "name either one amount column or debit and credit columns, not both");
                AmountColumns::Signed(String::new())
            }
        };
        let description = required_text(&mut e, "description_column", &f.description_column, 80);
        let counterparty = optional_text(&mut e, "counterparty_column", &f.counterparty_column, 80);
        let reference = optional_text(&mut e, "reference_column", &f.reference_column, 80);
        let date_format = match f.date_format.trim() {
            "" => DateFormat::Iso,
            s => DateFormat::parse(s).map_err(|m| e.add("date_format", m)).unwrap_or(DateFormat::Iso),
        };
        let delimiter = match f.delimiter.trim() {
            "" | "," => b',',
            ";" => b';',
            "tab" | "\t" => b'\t',
            "|" => b'|',
            _ => {
                e.add("delimiter", "must be , ; | or tab");
                b','
            }
        };
        let decimal_comma = crate::model::validate::flag(&f.decimal_comma);
        e.finish(|| BankAccountInput {
            name,
            currency,
            iban,
            layout: CsvLayout {
                date,
                amount,
                description,
                counterparty,
                reference,
                date_format,
                decimal_comma,
                delimiter,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn layout(decimal_comma: bool) -> CsvLayout {
        CsvLayout {
            date: "Date".into(),
            amount: AmountColumns::Signed("Amount".into()),
            description: "Text".into(),
            counterparty: String::new(),
            reference: String::new(),
            date_format: DateFormat::DayMonthYearDots,
            decimal_comma,
            delimiter: b';',
        }
    }

    #[test]
    fn amounts_in_both_conventions() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(layout(true).amount("1.234,56").unwrap(), d("1234.56"));
        assert_eq!(layout(true).amount("-12,5").unwrap(), d("-12.5"));
        assert_eq!(layout(false).amount("1,234.56").unwrap(), d("1234.56"));
        assert_eq!(layout(false).amount("(12.00)").unwrap(), d("-12.00"));
        assert_eq!(layout(false).amount("€ 9.99").unwrap(), d("9.99"));
        assert!(layout(false).amount("twelve").unwrap_err().contains("“twelve” is not an amount"));
        assert!(layout(false).amount("").is_err());
    }

    #[test]
    fn dates_in_the_bank_format() {
        assert_eq!(
            DateFormat::DayMonthYearDots.date("25.11.2026").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
        assert!(DateFormat::Iso.date("25.11.2026").unwrap_err().contains("like 2026-11-25"));
    }

    #[test]
    fn a_layout_needs_one_way_to_read_amounts() {
        let mut f = BankAccountForm {
            name: "Main".into(),
            currency: "EUR".into(),
            date_column: "Date".into(),
            description_column: "Text".into(),
            ..Default::default()
        };
        assert!(BankAccountInput::parse(&f).unwrap_err().get("amount_column").is_some());
        f.debit_column = "Debit".into();
        assert!(BankAccountInput::parse(&f).unwrap_err().get("debit_column").is_some());
        f.credit_column = "Credit".into();
        let ok = BankAccountInput::parse(&f).unwrap();
        assert_eq!(ok.layout.amount, AmountColumns::DebitCredit { debit: "Debit".into(), credit: "Credit".into() });
    }
}
