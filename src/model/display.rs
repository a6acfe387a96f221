//! How times read in the UI, in one place (company timezone comes with the settings issue).
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
