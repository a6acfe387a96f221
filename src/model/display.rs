//! How times, counts and amounts read in the UI, in one place (company timezone comes with the
//! settings issue). Plain functions without Leptos, so pages of every area and the server's
//! documents share them.
use chrono::{DateTime, Utc};

/// `2026-11-23 21:48 UTC`
pub fn datetime(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `2026-11-23 21:48:05 UTC`, for logs of machine activity (jobs, emails).
pub fn datetime_seconds(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// "1 line", "3 lines": a count with its noun (regular plurals only).
pub fn count(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "12,000.00 EUR" from a decimal string and a currency code (as given when either does not parse).
pub fn money(amount: &str, currency: &str) -> String {
    use crate::model::money::Currency;
    match (amount.parse(), Currency::parse(currency)) {
        (Ok(a), Ok(c)) => c.format(a),
        _ => format!("{amount} {currency}"),
    }
}

/// The text, or "—" when it is empty (a detail page's unset field).
pub fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// "512 B", "14 KB", "2.3 MB": a file's size, in integers (no float formatting in the client).
pub fn file_size(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < MB => format!("{} KB", (b + KB / 2) / KB),
        b => {
            let tenths = (b * 10 + MB / 2) / MB;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_sizes_read_as_people_write_them() {
        assert_eq!(super::file_size(512), "512 B");
        assert_eq!(super::file_size(14 * 1024 + 100), "14 KB");
        assert_eq!(super::file_size(2_411_725), "2.3 MB");
    }
}
