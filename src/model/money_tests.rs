//! Tests of `model::money`, kept apart so the module itself stays readable.
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

#[cfg(feature = "ssr")]
#[test]
fn a_bad_currency_read_from_the_database_is_an_error_not_eur() {
    assert_eq!(Currency::from_db("JPY", "invoice", 1).unwrap().code(), "JPY");
    for bad in ["", "EURO", "€"] {
        let e = Currency::from_db(bad, "invoice", 42).unwrap_err();
        assert!(matches!(e, crate::error::AppError::Internal { .. }), "{bad:?}: {e:?}");
    }
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
    assert_eq!(parse_decimal("+3").unwrap(), d("3"));
    assert_eq!(parse_decimal("-0.5").unwrap(), d("-0.5"));
    for bad in ["abc", "1e5", "1e20", "1E20", "", "1.2.3", "--1", "1-2", ".", "-"] {
        assert!(parse_decimal(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_number_longer_than_any_bound_is_too_large_not_junk() {
    let e = parse_decimal(&"9".repeat(40)).unwrap_err();
    assert!(crate::model::validate::is_too_large(&e), "{e}");
    assert_eq!(parse_decimal(&format!("{}1", "0".repeat(40))).unwrap(), d("1"), "leading zeros are not digits");
}

#[test]
fn amounts_are_bounded_at_ten_to_the_twelve_minor_units() {
    assert_eq!(Currency::EUR.max_amount(), d("10000000000.00"));
    assert_eq!(Currency::parse("JPY").unwrap().max_amount(), d("1000000000000"));
    assert!(Currency::EUR.bounded(d("10000000000.00")).is_ok());
    let e = Currency::EUR.bounded(d("-10000000000.01")).unwrap_err();
    assert_eq!(e, "is too large: at most 10,000,000,000.00 EUR");
    assert!(Currency::EUR.to_minor(Decimal::MAX).is_err(), "scaling to cents would overflow Decimal");
}

#[test]
fn quantity_1e20_times_price_1e10_is_refused_naming_the_line() {
    let huge = LineInput {
        quantity: d("100000000000000000000"),
        unit_price: d("10000000000"),
        discount_percent: d("0"),
        tax_rate_percent: d("20"),
    };
    assert_eq!(try_line_net(Currency::EUR, &huge), None);
    let ok = line("1", "10", "0", "20");
    assert_eq!(try_document_totals(Currency::EUR, &[ok.clone(), huge]).unwrap_err(), TooLarge::Line(1));
    // Each line fits; their sum does not.
    let big = line("1", "6000000000", "0", "0");
    assert_eq!(try_document_totals(Currency::EUR, &[big.clone(), big]).unwrap_err(), TooLarge::Document);
    // The net fits, its tax takes the total past the bound.
    let taxed = line("1", "9000000000", "0", "20");
    assert_eq!(try_document_totals(Currency::EUR, &[taxed]).unwrap_err(), TooLarge::Document);
    assert_eq!(document_totals(Currency::EUR, &[ok]).total, d("12.00"));
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
    fn checked_totals_never_panic_and_stay_within_the_bound(
        q in 0u64..u64::MAX, q_scale in 0u32..6, p in 0u64..u64::MAX, p_scale in 0u32..3,
        disc in 0i64..=100, rate in 0i64..10_000, n in 1usize..5,
    ) {
        let l = LineInput {
            // Squared: up to 10³⁸, past what Decimal holds (then Decimal::MAX itself).
            quantity: (q as i128)
                .checked_mul(q as i128)
                .and_then(|v| Decimal::try_from_i128_with_scale(v, q_scale).ok())
                .unwrap_or(Decimal::MAX),
            unit_price: Decimal::from_i128_with_scale(p as i128, p_scale),
            discount_percent: Decimal::from(disc),
            tax_rate_percent: Decimal::new(rate, 2),
        };
        let c = Currency::EUR;
        match try_document_totals(c, &vec![l; n]) {
            Ok(t) => {
                prop_assert!(t.total.abs() <= c.max_amount());
                prop_assert!(c.to_minor(t.total).is_ok());
                prop_assert_eq!(t.total, t.subtotal + t.tax_total);
            }
            Err(TooLarge::Line(i)) => prop_assert!(i < n),
            Err(TooLarge::Document) => {}
        }
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
