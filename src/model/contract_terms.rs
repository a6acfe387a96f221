//! A contract's calendar and prices, as pure functions: term dates on the anniversary of the
//! first start (with the month-end rule written down), billing periods within a term, amounts
//! split across periods to the minor unit, and the uplift a renewal applies to each price.
//!
//! Every date is computed from the first start and a term's number, never from the previous
//! term's end, so forty renewals cannot drift by a day.
use super::money::Currency;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// The longest term a contract may have, in months (ten years).
pub const MAX_TERM_MONTHS: u32 = 120;

/// The month-end rule, as the screens name it.
pub const MONTH_END_RULE: &str = "Terms start on the same day of the month as the first term; in a shorter month, on \
     its last day (a 31 January start renews on 28 or 29 February, then on 31 March).";

/// `months` calendar months after `first`, on the same day of the month, or on the month's last day
/// when it has fewer days. None past the calendar's end.
pub fn add_months(first: NaiveDate, months: u32) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(months))
}

/// The first day of term `number` (1, 2, …) of a contract that first started on `first`.
pub fn term_start(first: NaiveDate, term_months: u32, number: u32) -> Option<NaiveDate> {
    add_months(first, term_months.checked_mul(number.checked_sub(1)?)?)
}

/// The last day (inclusive) of term `number`: the day before the next term starts.
pub fn term_end(first: NaiveDate, term_months: u32, number: u32) -> Option<NaiveDate> {
    term_start(first, term_months, number.checked_add(1)?)?.pred_opt()
}

/// The term that contains `day` (1 when `day` is before the first start).
pub fn term_containing(first: NaiveDate, term_months: u32, day: NaiveDate) -> u32 {
    if day < first {
        return 1;
    }
    // Months between the two dates, then adjusted by at most one term either way.
    let months = (day.year() - first.year()) * 12 + day.month() as i32 - first.month() as i32;
    let mut n = (months.max(0) as u32 / term_months.max(1)) + 1;
    while n > 1 && term_start(first, term_months, n).is_none_or(|s| s > day) {
        n -= 1;
    }
    while term_end(first, term_months, n).is_some_and(|e| e < day) {
        n += 1;
    }
    n
}

/// The last day notice of non-renewal can be given for a term ending on `end`.
pub fn notice_deadline(end: NaiveDate, notice_days: u32) -> NaiveDate {
    end - chrono::Duration::days(i64::from(notice_days))
}

/// How often a term is invoiced: once in advance, or in equal periods within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    PerTerm,
    Quarterly,
    Monthly,
}

impl Cadence {
    /// Months per billing period, or None for once per term.
    pub fn months(self) -> Option<u32> {
        match self {
            Cadence::PerTerm => None,
            Cadence::Quarterly => Some(3),
            Cadence::Monthly => Some(1),
        }
    }
}

/// One billing period of a term: its number (1, 2, …) and dates (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub number: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The billing periods of term `number`. Periods follow the anniversary of the first start like
/// the terms do, so the last period ends on the term's last day. A term length the cadence does not
/// divide is refused when the contract is entered; here it yields one period for the whole term.
pub fn periods(first: NaiveDate, term_months: u32, number: u32, cadence: Cadence) -> Vec<Period> {
    let (Some(start), Some(end)) = (term_start(first, term_months, number), term_end(first, term_months, number))
    else {
        return vec![];
    };
    let whole = vec![Period { number: 1, start, end }];
    let Some(step) = cadence.months() else { return whole };
    if !term_months.is_multiple_of(step) {
        return whole;
    }
    let before = term_months * (number - 1);
    (0..term_months / step)
        .map_while(|k| {
            let s = add_months(first, before + k * step)?;
            let e = add_months(first, before + (k + 1) * step)?.pred_opt()?;
            Some(Period { number: k + 1, start: s, end: e })
        })
        .collect()
}

/// `total` minor units in `parts` shares that differ by at most one unit and add up to `total`
/// exactly; the earlier shares take the odd units. Works for negative totals (credits) too.
pub fn split(total: i64, parts: u32) -> Vec<i64> {
    let n = i64::from(parts.max(1));
    let (base, rest) = (total / n, total % n);
    (0..n).map(|i| base + if i < rest.abs() { rest.signum() } else { 0 }).collect()
}

/// How a renewal changes prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uplift {
    None,
    /// A fixed percentage each renewal (e.g. 5.00 for +5 %).
    Percent(Decimal),
    /// The change of a price index since the prices were set: `base` then, `current` now (None
    /// while no value is entered: no change).
    Index {
        base: Decimal,
        current: Option<Decimal>,
    },
}

/// An uplift rule with its optional bounds (percentages; the floor may be negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpliftRule {
    pub uplift: Uplift,
    pub cap: Option<Decimal>,
    pub floor: Option<Decimal>,
}

impl UpliftRule {
    pub const NONE: UpliftRule = UpliftRule { uplift: Uplift::None, cap: None, floor: None };

    /// The percentage the next renewal applies, rounded to two decimals, then held within the
    /// floor and the cap.
    pub fn percent(&self) -> Decimal {
        let raw = match self.uplift {
            Uplift::None => return Decimal::ZERO,
            Uplift::Percent(p) => p,
            Uplift::Index { current: None, .. } => Decimal::ZERO,
            Uplift::Index { base, .. } if base <= Decimal::ZERO => Decimal::ZERO,
            Uplift::Index { base, current: Some(now) } => (now / base - Decimal::ONE) * Decimal::ONE_HUNDRED,
        };
        let mut p = raw.round_dp(2);
        if let Some(c) = self.cap {
            p = p.min(c);
        }
        if let Some(f) = self.floor {
            p = p.max(f);
        }
        p
    }
}

/// A unit price after an uplift of `percent`, rounded to the currency's minor unit (never below zero).
pub fn uplifted_price(currency: Currency, price: Decimal, percent: Decimal) -> Decimal {
    currency.round(price * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED).max(Decimal::ZERO)
}

#[cfg(test)]
#[path = "contract_terms_tests.rs"]
mod tests;
