//! Money: currencies and their minor units, half-up rounding, and the one totals function that
//! orders, invoices, credit notes and renewals share (ARCHITECTURE.md "Totals").
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An ISO 4217 currency code with the number of digits of its minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: [u8; 3],
}

/// Currencies whose minor unit is not two digits (ISO 4217). Every other valid code uses 2.
const MINOR_UNITS_EXCEPTIONS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

impl Currency {
    pub const EUR: Currency = Currency { code: *b"EUR" };
    pub const USD: Currency = Currency { code: *b"USD" };
    pub const GBP: Currency = Currency { code: *b"GBP" };

    /// Parses a three-letter code; lower case is accepted and normalised.
    pub fn parse(s: &str) -> Result<Currency, String> {
        let up = s.trim().to_ascii_uppercase();
        let b = up.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency { code: [b[0], b[1], b[2]] })
        } else {
            Err("must be a three-letter ISO 4217 code such as EUR".into())
        }
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Digits after the decimal point in this currency's minor unit (2 for EUR, 0 for JPY).
    pub fn minor_units(&self) -> u32 {
        MINOR_UNITS_EXCEPTIONS.iter().find(|(c, _)| *c == self.code()).map(|(_, d)| *d).unwrap_or(2)
    }

    /// Rounds half away from zero ("half-up" in accounting) to the minor unit.
    pub fn round(&self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero)
    }

    /// The amount in minor units (cents) as stored in the database; rounds first.
    pub fn to_minor(&self, amount: Decimal) -> Result<i64, String> {
        let scaled = self.round(amount) * Decimal::from(10_i64.pow(self.minor_units()));
        i64::try_from(scaled.trunc()).map_err(|_| "amount is too large".to_string())
    }

    pub fn from_minor(&self, minor: i64) -> Decimal {
        Decimal::new(minor, self.minor_units())
    }

    /// Formats for people: thousands separators, the currency's decimals, the code after.
    pub fn format(&self, amount: Decimal) -> String {
        format!("{} {}", group_thousands(self.round(amount), self.minor_units()), self.code())
    }
}

fn group_thousands(amount: Decimal, dp: u32) -> String {
    let s = format!("{:.*}", dp as usize, amount.abs());
    let (int, frac) = s.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((&s, None));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if amount.is_sign_negative() && !amount.is_zero() {
        out.insert(0, '-');
    }
    out
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Currency::parse(&s)
    }
}
impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

/// One document line as the totals function needs it. Rates and discounts are percentages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineInput {
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub discount_percent: Decimal,
    pub tax_rate_percent: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineTotals {
    pub net: Decimal,
    /// This line's share of its rate's tax; the shares of one rate add up to that rate's tax.
    pub tax: Decimal,
    pub total: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxSummary {
    pub rate_percent: Decimal,
    pub base: Decimal,
    pub tax: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentTotals {
    pub lines: Vec<LineTotals>,
    pub taxes: Vec<TaxSummary>,
    pub subtotal: Decimal,
    pub tax_total: Decimal,
    pub total: Decimal,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Line net = qty × unit price × (1 − discount), rounded half-up to the minor unit per line.
pub fn line_net(currency: Currency, line: &LineInput) -> Decimal {
    currency.round(line.quantity * line.unit_price * (HUNDRED - line.discount_percent) / HUNDRED)
}

/// Totals of a document: tax per rate on the sum of that rate's line nets, rounded once per rate;
/// total = Σ nets + Σ taxes. Per-line tax shares are that rate's tax split by largest remainder,
/// so the lines always add up to the document.
pub fn document_totals(currency: Currency, lines: &[LineInput]) -> DocumentTotals {
    let nets: Vec<Decimal> = lines.iter().map(|l| line_net(currency, l)).collect();
    let mut by_rate: BTreeMap<Decimal, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        by_rate.entry(l.tax_rate_percent.normalize()).or_default().push(i);
    }
    let mut line_tax = vec![Decimal::ZERO; lines.len()];
    let mut taxes = Vec::with_capacity(by_rate.len());
    for (rate, idx) in &by_rate {
        let base: Decimal = idx.iter().map(|&i| nets[i]).sum();
        let tax = currency.round(base * *rate / HUNDRED);
        for &i in idx {
            line_tax[i] = currency.round(nets[i] * *rate / HUNDRED);
        }
        // Put the rounding difference on the line with the largest net of this rate.
        let diff = tax - idx.iter().map(|&i| line_tax[i]).sum::<Decimal>();
        if let Some(&biggest) = idx.iter().max_by_key(|&&i| nets[i].abs()) {
            line_tax[biggest] += diff;
        }
        taxes.push(TaxSummary { rate_percent: *rate, base, tax });
    }
    let subtotal: Decimal = nets.iter().copied().sum();
    let tax_total: Decimal = taxes.iter().map(|t| t.tax).sum();
    DocumentTotals {
        lines: nets.iter().zip(&line_tax).map(|(&net, &tax)| LineTotals { net, tax, total: net + tax }).collect(),
        taxes,
        subtotal,
        tax_total,
        total: subtotal + tax_total,
    }
}

/// Parses a decimal typed by a person: trims, accepts a leading '+', refuses exponents and junk.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_start_matches('+');
    if t.is_empty() {
        return Err("is required".into());
    }
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return Err("must be a number such as 1234.50".into());
    }
    t.parse::<Decimal>().map_err(|_| "must be a number such as 1234.50".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn line(q: &str, p: &str, disc: &str, rate: &str) -> LineInput {
        LineInput { quantity: d(q), unit_price: d(p), discount_percent: d(disc), tax_rate_percent: d(rate) }
    }

    #[test]
    fn rounds_half_away_from_zero_to_the_minor_unit() {
        assert_eq!(Currency::EUR.round(d("0.125")), d("0.13"));
        assert_eq!(Currency::EUR.round(d("-0.125")), d("-0.13"));
        assert_eq!(Currency::parse("jpy").unwrap().round(d("2.5")), d("3"));
        assert_eq!(Currency::parse("KWD").unwrap().round(d("1.0005")), d("1.001"));
    }

    #[test]
    fn converts_to_and_from_minor_units() {
        assert_eq!(Currency::EUR.to_minor(d("1234.505")).unwrap(), 123451);
        assert_eq!(Currency::EUR.from_minor(123451), d("1234.51"));
        assert_eq!(Currency::parse("JPY").unwrap().to_minor(d("1500")).unwrap(), 1500);
    }

    #[test]
    fn refuses_bad_currency_codes() {
        assert!(Currency::parse("EURO").is_err());
        assert!(Currency::parse("E1R").is_err());
        assert!(Currency::parse("").is_err());
    }

    #[test]
    fn formats_with_thousands_separators() {
        assert_eq!(Currency::EUR.format(d("1234567.5")), "1,234,567.50 EUR");
        assert_eq!(Currency::EUR.format(d("-12.3")), "-12.30 EUR");
        assert_eq!(Currency::parse("JPY").unwrap().format(d("1000")), "1,000 JPY");
    }

    #[test]
    fn worked_example_taxes_per_rate_rounded_once() {
        // Three lines at 20 %: per-line rounding would give 3 × 0.67 = 2.01; per rate it is 2.00.
        let lines = vec![
            line("1", "3.33", "0", "20"),
            line("1", "3.33", "0", "20"),
            line("1", "3.34", "0", "20"),
            line("2", "10.00", "10", "7"),
        ];
        let t = document_totals(Currency::EUR, &lines);
        assert_eq!(t.lines[3].net, d("18.00"));
        assert_eq!(t.subtotal, d("28.00"));
        assert_eq!(t.taxes.len(), 2);
        assert_eq!(t.taxes[0], TaxSummary { rate_percent: d("7"), base: d("18.00"), tax: d("1.26") });
        assert_eq!(t.taxes[1], TaxSummary { rate_percent: d("20"), base: d("10.00"), tax: d("2.00") });
        assert_eq!(t.tax_total, d("3.26"));
        assert_eq!(t.total, d("31.26"));
        assert_eq!(t.lines.iter().map(|l| l.tax).sum::<Decimal>(), d("3.26"));
    }

    #[test]
    fn discount_and_fractional_quantity_round_per_line() {
        let t = document_totals(Currency::EUR, &[line("1.5", "19.99", "12.5", "0")]);
        // 1.5 × 19.99 × 0.875 = 26.236875 → 26.24
        assert_eq!(t.lines[0].net, d("26.24"));
        assert_eq!(t.total, d("26.24"));
    }

    #[test]
    fn parses_decimals_typed_by_people() {
        assert_eq!(parse_decimal(" 12.50 ").unwrap(), d("12.50"));
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("1e5").is_err());
        assert!(parse_decimal("").is_err());
    }

    fn arb_line() -> impl Strategy<Value = LineInput> {
        (1i64..100_000, 0i64..10_000_000, 0i64..=100, prop::sample::select(vec![0i64, 500, 700, 1900, 2000, 2100]))
            .prop_map(|(q, p, disc, rate)| LineInput {
                quantity: Decimal::new(q, 3),
                unit_price: Decimal::new(p, 2),
                discount_percent: Decimal::from(disc),
                tax_rate_percent: Decimal::new(rate, 2),
            })
    }

    proptest! {
        #[test]
        fn totals_hold_their_identities(lines in prop::collection::vec(arb_line(), 0..30)) {
            let c = Currency::EUR;
            let t = document_totals(c, &lines);
            prop_assert_eq!(t.lines.len(), lines.len());
            for (l, lt) in lines.iter().zip(&t.lines) {
                prop_assert_eq!(lt.net, c.round(l.quantity * l.unit_price * (HUNDRED - l.discount_percent) / HUNDRED));
                prop_assert_eq!(lt.total, lt.net + lt.tax);
                prop_assert_eq!(lt.net, c.round(lt.net));
            }
            prop_assert_eq!(t.subtotal, t.lines.iter().map(|l| l.net).sum::<Decimal>());
            prop_assert_eq!(t.tax_total, t.taxes.iter().map(|x| x.tax).sum::<Decimal>());
            prop_assert_eq!(t.tax_total, t.lines.iter().map(|l| l.tax).sum::<Decimal>());
            prop_assert_eq!(t.total, t.subtotal + t.tax_total);
            for s in &t.taxes {
                prop_assert_eq!(s.tax, c.round(s.base * s.rate_percent / HUNDRED));
            }
            prop_assert_eq!(t.taxes.iter().map(|x| x.base).sum::<Decimal>(), t.subtotal);
        }

        #[test]
        fn minor_units_round_trip(cents in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let c = Currency::EUR;
            prop_assert_eq!(c.to_minor(c.from_minor(cents)).unwrap(), cents);
        }

        #[test]
        fn line_order_does_not_change_totals(mut lines in prop::collection::vec(arb_line(), 1..20)) {
            let a = document_totals(Currency::EUR, &lines);
            lines.reverse();
            let b = document_totals(Currency::EUR, &lines);
            prop_assert_eq!(a.total, b.total);
            prop_assert_eq!(a.taxes, b.taxes);
        }
    }
}
