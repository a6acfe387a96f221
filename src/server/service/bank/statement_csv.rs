//! Reads a bank-statement CSV with its bank account's layout. Every row is checked before anything
//! is imported; problems name the line of the file (the header is line 1).
use crate::model::bank::{AmountColumns, CsvLayout, LineError, ParsedLine};
use crate::model::money::Currency;
use crate::model::validate::NUL_MESSAGE;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The largest statement file taken (a year of a busy account is a few MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Problems reported at most; a wrong layout makes every row wrong.
const MAX_ERRORS: usize = 50;

fn error(line: i64, message: impl Into<String>) -> Vec<LineError> {
    vec![LineError { line, message: message.into() }]
}

/// The text of a file: UTF-8 (a byte-order mark dropped), else Windows-1252's Latin-1 part, which
/// is what older bank exports write.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|b| *b as char).collect(),
    }
}

/// Size check before reading: the message says how large the file is and what is taken.
pub fn check_size(len: usize) -> Result<(), Vec<LineError>> {
    if len > MAX_BYTES {
        return Err(error(0, too_large(Some(len))));
    }
    Ok(())
}

/// What a file over the limit is told; `len` when its whole size is known (an upload stops
/// reading at the limit).
pub fn too_large(len: Option<usize>) -> String {
    let size = match len {
        Some(len) => format!("is {:.1} MB", len as f64 / 1_048_576.0),
        None => "is larger than that".to_string(),
    };
    format!("statements of up to {} MB can be imported and the file {size} — split it by month", MAX_BYTES / 1_048_576)
}

pub fn parse(text: &str, layout: &CsvLayout, currency: Currency) -> Result<Vec<ParsedLine>, Vec<LineError>> {
    check_size(text.len())?;
    if text.trim().is_empty() {
        return Err(error(1, "the file is empty: export the statement as CSV with its header row"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(layout.delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(error(1, format!("the header row cannot be read: {e}"))),
    };
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name.trim()));
    let mut missing = vec![];
    let mut column = |name: &str, required: bool| -> Option<usize> {
        if name.trim().is_empty() {
            return None;
        }
        let at = find(name);
        if at.is_none() && required {
            missing.push(name.trim().to_string());
        }
        at
    };
    let date = column(&layout.date, true);
    let amount = match &layout.amount {
        AmountColumns::Signed(a) => (column(a, true), None),
        AmountColumns::DebitCredit { debit, credit } => (column(debit, true), column(credit, true)),
    };
    let description = column(&layout.description, true);
    let counterparty = column(&layout.counterparty, true);
    let reference = column(&layout.reference, true);
    if !missing.is_empty() {
        let sep = match layout.delimiter {
            b'\t' => "tab".to_string(),
            d => format!("“{}”", d as char),
        };
        return Err(error(
            1,
            format!(
                "the header has no column {} (it has: {}; columns separated by {sep})",
                missing.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join(", "),
                header.join(", ")
            ),
        ));
    }
    // The file's line of a record: csv counts from where it began reading, before the blank
    // lines it skips, so step over those first.
    let bytes = text.as_bytes();
    let newlines: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect();
    let line_at = |byte: u64| {
        let mut at = byte as usize;
        while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
            at += 1;
        }
        newlines.partition_point(|&n| n < at) as i64 + 1
    };
    let mut lines = vec![];
    let mut errors = vec![];
    let mut seen: HashMap<String, u32> = HashMap::new();
    for record in reader.records() {
        if errors.len() >= MAX_ERRORS {
            errors.push(LineError { line: 0, message: "more problems follow; fix these first".into() });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                errors.push(LineError { line, message: format!("cannot be read: {e}") });
                continue;
            }
        };
        let line_no = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").to_string();
        let mut problems = vec![];
        let booked_on = match layout.date_format.date(&cell(date)) {
            Ok(d) => Some(d),
            Err(m) => {
                problems.push(format!("date: {m}"));
                None
            }
        };
        let amount = read_amount(layout, &cell(amount.0), amount.1.map(|c| cell(Some(c))).as_deref()).and_then(|d| {
            if d.normalize().scale() > currency.minor_units() {
                Err(format!("“{d}” has more decimals than {currency} allows"))
            } else {
                // The bound of every amount: matching and payments made from this line add it up.
                currency.bounded(d).map_err(|m| format!("“{d}” {m}")).and_then(|d| currency.to_minor(d))
            }
        });
        let amount_minor = match amount {
            Ok(a) => Some(a),
            Err(m) => {
                problems.push(format!("amount: {m}"));
                None
            }
        };
        // PostgreSQL cannot store a NUL in text; no bank writes one on purpose.
        if record.iter().any(|c| c.contains('\0')) {
            problems.push(format!("text: {NUL_MESSAGE}"));
        }
        let (Some(booked_on), Some(amount_minor), true) = (booked_on, amount_minor, problems.is_empty()) else {
            errors.push(LineError { line: line_no, message: problems.join("; ") });
            continue;
        };
        let (description, counterparty, reference) = (cell(description), cell(counterparty), cell(reference));
        let key = format!("{booked_on}\u{1f}{amount_minor}\u{1f}{description}\u{1f}{counterparty}\u{1f}{reference}");
        // Two identical rows (two equal fees on one day) stay two lines: the nth occurrence is part
        // of the fingerprint, so the same file imported again still skips both.
        let n = seen.entry(key.clone()).and_modify(|n| *n += 1).or_insert(0);
        let fingerprint = hex::encode(Sha256::digest(format!("{key}\u{1f}{n}").as_bytes()));
        lines.push(ParsedLine { line_no, booked_on, amount_minor, description, counterparty, reference, fingerprint });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if lines.is_empty() {
        return Err(error(2, "the file has a header but no statement rows"));
    }
    Ok(lines)
}

fn read_amount(layout: &CsvLayout, first: &str, credit: Option<&str>) -> Result<rust_decimal::Decimal, String> {
    match credit {
        None => layout.amount(first),
        // Debit and credit columns: one of them holds the amount; debits leave the account.
        Some(credit) => match (first.trim().is_empty(), credit.trim().is_empty()) {
            (true, true) => Err("both the debit and the credit column are empty".into()),
            (false, true) => layout.amount(first).map(|d| -d.abs()),
            (true, false) => layout.amount(credit).map(|d| d.abs()),
            (false, false) => {
                let (d, c) = (layout.amount(first)?, layout.amount(credit)?);
                Ok(c.abs() - d.abs())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bank::DateFormat;

    fn layout() -> CsvLayout {
        CsvLayout {
            date: "Booking date".into(),
            amount: AmountColumns::Signed("Amount".into()),
            description: "Text".into(),
            counterparty: "Payer".into(),
            reference: String::new(),
            date_format: DateFormat::DayMonthYearDots,
            decimal_comma: true,
            delimiter: b';',
        }
    }

    #[test]
    fn reads_rows_with_the_layout() {
        let csv = "Booking date;Amount;Text;Payer\n24.11.2026;1.190,00;INV-2026-000012;Falcon Print\n\n25.11.2026;-4,50;Fee;\n";
        let lines = parse(csv, &layout(), Currency::EUR).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].amount_minor, 119_000);
        assert_eq!(lines[0].line_no, 2);
        assert_eq!(lines[1].amount_minor, -450);
        assert_eq!(lines[1].line_no, 4);
        assert_ne!(lines[0].fingerprint, lines[1].fingerprint);
    }

    #[test]
    fn identical_rows_stay_two_lines() {
        let csv = "Booking date;Amount;Text;Payer\n24.11.2026;-1,00;Fee;\n24.11.2026;-1,00;Fee;\n";
        let lines = parse(csv, &layout(), Currency::EUR).unwrap();
        assert_ne!(lines[0].fingerprint, lines[1].fingerprint);
        assert_eq!(parse(csv, &layout(), Currency::EUR).unwrap(), lines, "deterministic for re-imports");
    }

    #[test]
    fn problems_name_their_line() {
        let e = parse("Date;Amount\n1;2\n", &layout(), Currency::EUR).unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("“Booking date”") && e[0].message.contains("“Text”"), "{e:?}");
        let csv = "Booking date;Amount;Text;Payer\n24.11.2026;12,00;ok;\n2026-11-24;abc;bad;\n";
        let e = parse(csv, &layout(), Currency::EUR).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("date: “2026-11-24” is not a date like 25.11.2026"), "{e:?}");
        assert!(e[0].message.contains("amount: “abc” is not an amount"), "{e:?}");
        assert!(parse(" \n", &layout(), Currency::EUR).unwrap_err()[0].message.contains("empty"));
        assert!(check_size(50 * 1024 * 1024).unwrap_err()[0].message.contains("50.0 MB"));
    }

    #[test]
    fn a_huge_amount_or_a_nul_is_a_problem_of_its_line_not_a_panic() {
        let csv = "Booking date;Amount;Text;Payer\n24.11.2026;1,00;ok;\n\
            24.11.2026;100000000000000000000,00;huge;\n24.11.2026;99999999999999999999999999999999;longer;\n\
            24.11.2026;1,00;a\0b;\n";
        let e = parse(csv, &layout(), Currency::EUR).unwrap_err();
        assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4, 5], "{e:?}");
        assert!(e[0].message.contains("is too large: at most 10,000,000,000.00 EUR"), "{e:?}");
        assert!(e[1].message.contains("is too large: at most 24 digits"), "{e:?}");
        assert_eq!(e[2].message, "text: must not contain NUL characters");
        let max = "Booking date;Amount;Text;Payer\n24.11.2026;-10.000.000.000,00;max;\n";
        assert_eq!(parse(max, &layout(), Currency::EUR).unwrap()[0].amount_minor, -1_000_000_000_000);
    }

    #[test]
    fn debit_and_credit_columns() {
        let mut l = layout();
        l.amount = AmountColumns::DebitCredit { debit: "Debit".into(), credit: "Credit".into() };
        let csv =
            "Booking date;Debit;Credit;Text;Payer\n24.11.2026;;100,00;in;\n24.11.2026;7,5;;out;\n24.11.2026;;;none;\n";
        let e = parse(csv, &l, Currency::EUR).unwrap_err();
        assert_eq!(e[0].line, 4);
        let ok = parse(&csv[..csv.len() - "24.11.2026;;;none;\n".len()], &l, Currency::EUR).unwrap();
        assert_eq!(ok.iter().map(|l| l.amount_minor).collect::<Vec<_>>(), vec![10_000, -750]);
    }
}
