//! Bank reconciliation as forms and pages see it: bank accounts with the layout of their
//! statement CSVs, statements, statement lines with their scored candidates, and the forms that
//! resolve a line (accept, split into payments, ignore).
use crate::model::money::{parse_decimal, Currency};
use crate::model::validate::{is_too_large, optional_text, refuse_nul, required_text, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use crate::model::enum_macro::string_enum;
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
    /// checked where the currency is known (`server::bank_csv`).
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankAccountDto {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub iban: String,
    /// The layout as its form shows it.
    pub form: BankAccountForm,
    pub unmatched_lines: i64,
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementDto {
    pub id: i64,
    pub bank_account_id: i64,
    pub bank_account_name: String,
    pub file_name: String,
    /// "staged" (waiting for its preview to be confirmed) or "imported".
    pub status: String,
    pub line_count: i64,
    pub skipped_count: i64,
    pub unmatched_count: i64,
    pub created_at: DateTime<Utc>,
    pub imported_at: Option<DateTime<Utc>>,
}

/// A parsed statement row in the preview; `duplicate` rows were imported before and are skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewLine {
    pub line_no: i64,
    pub booked_on: NaiveDate,
    pub amount_label: String,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    pub duplicate: bool,
}

/// A problem in a statement file, by its line number in the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineError {
    pub line: i64,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementPreview {
    pub statement: StatementDto,
    /// The first rows (all when few).
    pub lines: Vec<PreviewLine>,
    pub total: i64,
    pub new_count: i64,
    pub duplicate_count: i64,
    pub errors: Vec<LineError>,
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

/// Unreconciled lines and payments of a bank account, and their difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReconcileReport {
    pub bank_account: BankAccountDto,
    pub unmatched_lines: i64,
    pub unmatched_lines_total: String,
    pub unreconciled_payments: i64,
    pub unreconciled_payments_total: String,
    /// Lines minus payments: money on the statement with no payment, less payments not yet seen
    /// on the statement.
    pub difference: String,
    pub lines: Vec<StatementLineDto>,
    pub payments: Vec<crate::model::payment::PaymentDto>,
    pub statements: Vec<StatementDto>,
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
    fn too_many_split_rows_and_a_huge_split_amount_are_field_errors() {
        let row = |amount: &str| SplitRow { invoice: "INV-1".into(), amount: amount.into() };
        let mut e = FieldErrors::default();
        assert!(parse_split_rows(&vec![row("1"); MAX_SPLIT_ROWS + 1], Currency::EUR, &mut e).is_empty());
        assert!(e.get("rows").unwrap()[0].contains("at most 200 payments"), "{e:?}");
        let mut e = FieldErrors::default();
        assert!(parse_split_rows(&[row("1"), row("99999999999")], Currency::EUR, &mut e).len() == 1);
        assert_eq!(e.get("rows[1].amount").unwrap()[0], "is too large: at most 10,000,000,000.00 EUR");
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
