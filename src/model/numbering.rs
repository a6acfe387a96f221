//! Document numbers: `PREFIX-YYYY-NNNNNN` per series and year (docs/architecture.md "Domain rules").
use serde::{Deserialize, Serialize};

/// How a series prints its numbers; stored per series in the settings table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesFormat {
    pub prefix: String,
    pub padding: u32,
}

impl SeriesFormat {
    pub fn format(&self, year: i32, value: i64) -> String {
        format!("{}-{}-{:0width$}", self.prefix, year, value, width = self.padding as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_prefix_year_and_padding() {
        let f = SeriesFormat { prefix: "INV".into(), padding: 6 };
        assert_eq!(f.format(2026, 42), "INV-2026-000042");
        assert_eq!(f.format(2026, 1234567), "INV-2026-1234567");
    }
}
