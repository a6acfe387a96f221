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
