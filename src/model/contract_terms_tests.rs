//! Term dates, billing periods, splits and uplifts: examples, then properties over any start day.
use super::*;
use crate::model::money::Currency;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_31_january_start_renews_on_the_last_of_february_then_back_on_the_31st() {
    let first = d("2027-01-31");
    let starts: Vec<_> = (1..=4).map(|n| term_start(first, 1, n).unwrap().to_string()).collect();
    assert_eq!(starts, ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]);
    assert_eq!(term_end(first, 1, 1), Some(d("2027-02-27")));
    assert_eq!(term_start(d("2028-01-31"), 1, 2), Some(d("2028-02-29")), "leap year");
    assert_eq!(term_start(d("2024-02-29"), 12, 2), Some(d("2025-02-28")));
    assert_eq!(term_start(d("2024-02-29"), 12, 5), Some(d("2028-02-29")), "back on the 29th in the next leap year");
    assert_eq!(term_end(d("2026-01-01"), 12, 1), Some(d("2026-12-31")));
}

#[test]
fn the_term_containing_a_day_and_the_notice_deadline() {
    let first = d("2025-03-15");
    assert_eq!(term_containing(first, 12, d("2025-01-01")), 1);
    assert_eq!(term_containing(first, 12, d("2025-03-15")), 1);
    assert_eq!(term_containing(first, 12, d("2026-03-14")), 1);
    assert_eq!(term_containing(first, 12, d("2026-03-15")), 2);
    assert_eq!(term_containing(first, 1, d("2025-06-14")), 3);
    assert_eq!(notice_deadline(d("2026-12-31"), 30), d("2026-12-01"));
}

#[test]
fn quarterly_and_monthly_periods_cover_the_term_on_the_anniversary() {
    let first = d("2027-01-31");
    let q = periods(first, 12, 2, Cadence::Quarterly);
    let q: Vec<_> = q.iter().map(|p| (p.number, p.start.to_string(), p.end.to_string())).collect();
    assert_eq!(
        q,
        [
            (1, "2028-01-31".into(), "2028-04-29".into()),
            (2, "2028-04-30".into(), "2028-07-30".into()),
            (3, "2028-07-31".into(), "2028-10-30".into()),
            (4, "2028-10-31".into(), "2029-01-30".into()),
        ]
    );
    assert_eq!(periods(first, 12, 1, Cadence::Monthly).len(), 12);
    assert_eq!(periods(first, 12, 1, Cadence::PerTerm), vec![Period { number: 1, start: first, end: d("2028-01-30") }]);
    assert_eq!(periods(first, 4, 1, Cadence::Quarterly).len(), 1, "a term the cadence does not divide: one period");
}

#[test]
fn splits_add_up_and_differ_by_at_most_one_unit() {
    assert_eq!(split(1000, 3), vec![334, 333, 333]);
    assert_eq!(split(-1000, 3), vec![-334, -333, -333]);
    assert_eq!(split(5, 12).iter().sum::<i64>(), 5);
    assert_eq!(split(7, 1), vec![7]);
}

#[test]
fn uplifts_round_to_two_decimals_within_cap_and_floor() {
    let eur = Currency::parse("EUR").unwrap();
    let pct = |u, cap: Option<&str>, floor: Option<&str>| {
        UpliftRule { uplift: u, cap: cap.map(dec), floor: floor.map(dec) }.percent()
    };
    assert_eq!(pct(Uplift::None, Some("3"), Some("1")), Decimal::ZERO, "no uplift is no uplift, floor or not");
    assert_eq!(pct(Uplift::Percent(dec("5")), None, None), dec("5"));
    assert_eq!(pct(Uplift::Percent(dec("5")), Some("3"), None), dec("3"));
    let index = |b: &str, c: &str| Uplift::Index { base: dec(b), current: Some(dec(c)) };
    assert_eq!(pct(index("100", "107.3"), None, None), dec("7.30"));
    assert_eq!(pct(index("100", "107.3"), Some("4"), None), dec("4"));
    assert_eq!(pct(index("100", "98"), None, Some("0")), dec("0"), "deflation held at the floor");
    assert_eq!(pct(index("100", "98"), None, None), dec("-2"));
    assert_eq!(pct(Uplift::Index { base: dec("100"), current: None }, None, None), Decimal::ZERO);
    assert_eq!(uplifted_price(eur, dec("199.99"), dec("5")), dec("209.99"));
    assert_eq!(uplifted_price(eur, dec("10.00"), dec("2.5")), dec("10.25"));
    assert_eq!(uplifted_price(eur, dec("10.00"), dec("-200")), Decimal::ZERO);
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2100, 1u32..=12, 1u32..=31).prop_map(|(y, m, day)| {
        (0..4).find_map(|k| NaiveDate::from_ymd_opt(y, m, day - k)).expect("one of the last four days exists")
    })
}

fn days_in_month(d: NaiveDate) -> u32 {
    let next = add_months(NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap(), 1).unwrap();
    next.pred_opt().unwrap().day()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Over 40 renewals from any start day: each term starts the day after the previous one
    /// ends, on the first start's day of the month (or the month's last day), exactly
    /// `term_months × (n − 1)` months later. No drift.
    #[test]
    fn terms_do_not_drift_over_40_renewals(first in any_date(), months in 1u32..=36) {
        for n in 1..=40u32 {
            let s = term_start(first, months, n).unwrap();
            let e = term_end(first, months, n).unwrap();
            prop_assert!(s <= e);
            prop_assert_eq!(term_start(first, months, n + 1).unwrap(), e.succ_opt().unwrap());
            prop_assert_eq!(s.day(), first.day().min(days_in_month(s)));
            let months_later = (s.year() - first.year()) * 12 + s.month() as i32 - first.month() as i32;
            prop_assert_eq!(months_later, (months * (n - 1)) as i32);
            prop_assert_eq!(term_containing(first, months, s), n);
            prop_assert_eq!(term_containing(first, months, e), n);
        }
    }

    /// A term's billing periods tile it: the first starts with the term, each starts the day
    /// after the previous ends, the last ends with the term.
    #[test]
    fn periods_tile_their_term(first in any_date(), quarters in 1u32..=8, n in 1u32..=10, monthly in any::<bool>()) {
        let months = quarters * 3;
        let cadence = if monthly { Cadence::Monthly } else { Cadence::Quarterly };
        let ps = periods(first, months, n, cadence);
        prop_assert_eq!(ps.len() as u32, if monthly { months } else { quarters });
        prop_assert_eq!(ps[0].start, term_start(first, months, n).unwrap());
        prop_assert_eq!(ps.last().unwrap().end, term_end(first, months, n).unwrap());
        for w in ps.windows(2) {
            prop_assert_eq!(w[1].start, w[0].end.succ_opt().unwrap());
        }
    }

    #[test]
    fn splits_always_add_up(total in -10_000_000i64..10_000_000, parts in 1u32..=120) {
        let s = split(total, parts);
        prop_assert_eq!(s.len() as u32, parts);
        prop_assert_eq!(s.iter().sum::<i64>(), total);
        let (lo, hi) = (s.iter().min().unwrap(), s.iter().max().unwrap());
        prop_assert!(hi - lo <= 1);
    }

    /// The cap and the floor always hold (when the floor is not above the cap), and the price a
    /// renewal writes is the price the preview showed: both are `uplifted_price` of `percent()`.
    #[test]
    fn cap_and_floor_hold_and_preview_equals_applied(
        base in 1i64..100_000, current in 1i64..200_000, cap in prop::option::of(0i64..2000), floor in prop::option::of(-1000i64..0),
        cents in 0i64..10_000_000,
    ) {
        let rule = UpliftRule {
            uplift: Uplift::Index { base: Decimal::new(base, 2), current: Some(Decimal::new(current, 2)) },
            cap: cap.map(|c| Decimal::new(c, 2)),
            floor: floor.map(|f| Decimal::new(f, 2)),
        };
        let p = rule.percent();
        if let Some(c) = rule.cap { prop_assert!(p <= c); }
        if let Some(f) = rule.floor { prop_assert!(p >= f); }
        let eur = Currency::parse("EUR").unwrap();
        let price = Decimal::new(cents, 2);
        let preview = uplifted_price(eur, price, rule.percent());
        prop_assert_eq!(preview, uplifted_price(eur, price, p));
        prop_assert_eq!(preview, preview.round_dp(2));
        prop_assert!(preview >= Decimal::ZERO);
    }
}
