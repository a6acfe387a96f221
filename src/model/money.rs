//! Money: currencies and their minor units, half-up rounding, and the one totals function that
//! orders, invoices, credit notes and renewals share (docs/architecture.md "Totals").
use super::validate::too_large;
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

/// The currency a document form is checked in while it names no account yet: the form has its
/// account error already, and amounts are read in some currency meanwhile. Never a stored row's
/// fallback (that is `Currency::from_db`'s error).
pub const NO_ACCOUNT_YET: Currency = Currency::EUR;

/// The largest amount anywhere — a price, a payment, a line, a document's total, a statement row:
/// 10¹² minor units (10,000,000,000.00 EUR). Far above any real invoice, and far enough below
/// `Decimal`'s 28 digits that quantity × price × discount cannot overflow on bounded inputs.
pub const MAX_MINOR: i64 = 1_000_000_000_000;

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

    /// A code read from the database: one that is not a currency code is an internal error naming
    /// the row (`entity` and `id`), never a fallback to EUR (amounts would be read in the wrong
    /// minor unit).
    #[cfg(feature = "ssr")]
    pub fn from_db(code: &str, entity: &str, id: i64) -> Result<Currency, crate::error::AppError> {
        Currency::parse(code)
            .map_err(|_| crate::error::AppError::internal(format!("{entity} {id}: unknown currency {code:?}")))
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
        let too_big = || too_large(&self.format(self.max_amount()));
        let scaled =
            self.round(amount).checked_mul(Decimal::from(10_i64.pow(self.minor_units()))).ok_or_else(too_big)?;
        i64::try_from(scaled.trunc()).map_err(|_| too_big())
    }

    /// `MAX_MINOR` in this currency's major units (10,000,000,000.00 EUR, 1,000,000,000,000 JPY).
    pub fn max_amount(&self) -> Decimal {
        self.from_minor(MAX_MINOR)
    }

    /// The amount when it is within ±`max_amount`, else the field error naming the limit.
    pub fn bounded(&self, amount: Decimal) -> Result<Decimal, String> {
        if amount.abs() > self.max_amount() {
            Err(too_large(&self.format(self.max_amount())))
        } else {
            Ok(amount)
        }
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

/// Which amount of a document went past `MAX_MINOR` (or past what `Decimal` can hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// The line at this index of the input.
    Line(usize),
    /// A sum: a rate's base or tax, the subtotal, the tax total or the total.
    Document,
}

/// Line net = qty × unit price × (1 − discount), rounded half-up to the minor unit per line.
/// `None` when the net is larger than the currency's `max_amount` (or overflows on the way).
pub fn try_line_net(currency: Currency, line: &LineInput) -> Option<Decimal> {
    let gross = line.quantity.checked_mul(line.unit_price)?;
    let net = gross.checked_mul(HUNDRED.checked_sub(line.discount_percent)?)?.checked_div(HUNDRED)?;
    within(currency, currency.round(net))
}

fn within(currency: Currency, amount: Decimal) -> Option<Decimal> {
    currency.bounded(amount).ok()
}

fn checked_sum(currency: Currency, values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v)).and_then(|s| within(currency, s))
}

/// `share × rate / 100`, rounded to the minor unit, checked.
fn tax_of(currency: Currency, amount: Decimal, rate: Decimal) -> Option<Decimal> {
    within(currency, currency.round(amount.checked_mul(rate)?.checked_div(HUNDRED)?))
}

/// Totals of a document: tax per rate on the sum of that rate's line nets, rounded once per rate;
/// total = Σ nets + Σ taxes. Per-line tax shares are that rate's tax split by largest remainder,
/// so the lines always add up to the document. Every product and sum is checked: an amount past
/// `MAX_MINOR` is an error naming the line (or the document), never a panic.
pub fn try_document_totals(currency: Currency, lines: &[LineInput]) -> Result<DocumentTotals, TooLarge> {
    let nets = lines
        .iter()
        .enumerate()
        .map(|(i, l)| try_line_net(currency, l).ok_or(TooLarge::Line(i)))
        .collect::<Result<Vec<Decimal>, TooLarge>>()?;
    let mut by_rate: BTreeMap<Decimal, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        by_rate.entry(l.tax_rate_percent.normalize()).or_default().push(i);
    }
    let mut line_tax = vec![Decimal::ZERO; lines.len()];
    let mut taxes = Vec::with_capacity(by_rate.len());
    for (rate, idx) in &by_rate {
        let base = checked_sum(currency, idx.iter().map(|&i| nets[i])).ok_or(TooLarge::Document)?;
        let tax = tax_of(currency, base, *rate).ok_or(TooLarge::Document)?;
        for &i in idx {
            line_tax[i] = tax_of(currency, nets[i], *rate).ok_or(TooLarge::Line(i))?;
        }
        // Put the rounding difference on the line with the largest net of this rate.
        let shares = checked_sum(currency, idx.iter().map(|&i| line_tax[i])).ok_or(TooLarge::Document)?;
        let diff = tax.checked_sub(shares).ok_or(TooLarge::Document)?;
        if let Some(&biggest) = idx.iter().max_by_key(|&&i| nets[i].abs()) {
            line_tax[biggest] = line_tax[biggest].checked_add(diff).ok_or(TooLarge::Line(biggest))?;
        }
        taxes.push(TaxSummary { rate_percent: *rate, base, tax });
    }
    let subtotal = checked_sum(currency, nets.iter().copied()).ok_or(TooLarge::Document)?;
    let tax_total = checked_sum(currency, taxes.iter().map(|t| t.tax)).ok_or(TooLarge::Document)?;
    let total = checked_sum(currency, [subtotal, tax_total]).ok_or(TooLarge::Document)?;
    let mut out = Vec::with_capacity(lines.len());
    for (i, (&net, &tax)) in nets.iter().zip(&line_tax).enumerate() {
        let total = checked_sum(currency, [net, tax]).ok_or(TooLarge::Line(i))?;
        out.push(LineTotals { net, tax, total });
    }
    Ok(DocumentTotals { lines: out, taxes, subtotal, tax_total, total })
}

/// The totals of lines that already passed `try_document_totals` (stored lines, whose amounts were
/// checked when they were written). Should a row from before the bounds overflow anyway, the
/// document shows zeros rather than taking the page down with a panic.
pub fn document_totals(currency: Currency, lines: &[LineInput]) -> DocumentTotals {
    try_document_totals(currency, lines).unwrap_or_else(|_| DocumentTotals {
        lines: vec![LineTotals { net: Decimal::ZERO, tax: Decimal::ZERO, total: Decimal::ZERO }; lines.len()],
        taxes: vec![],
        subtotal: Decimal::ZERO,
        tax_total: Decimal::ZERO,
        total: Decimal::ZERO,
    })
}

/// The most digits a typed number may have: more than any bounded amount or quantity needs, and
/// few enough that `Decimal` holds them exactly.
const MAX_DIGITS: usize = 24;

/// Parses a decimal typed by a person: trims, accepts a leading '+', refuses exponents ("1e20")
/// and junk. Bounds (amounts, quantities) are the caller's; a number too long for any of them is
/// "too large" here already.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() {
        return Err("is required".into());
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits != ".";
    if !well_formed {
        return Err("must be a number such as 1234.50".into());
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.trim_start_matches('0').len() + frac.len() > MAX_DIGITS {
        return Err(too_large(&format!("{MAX_DIGITS} digits")));
    }
    t.parse::<Decimal>().map_err(|_| "must be a number such as 1234.50".into())
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
