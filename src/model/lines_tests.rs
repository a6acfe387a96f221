//! Tests of `model::lines`, kept apart so the module itself stays readable.
use super::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn line_errors_are_named_by_row_and_blank_rows_are_skipped() {
    let lines = vec![
        LineForm {
            description: "Setup".into(),
            quantity: "0".into(),
            unit_price: "-5".into(),
            discount_percent: "150".into(),
            tax_rate_id: "abc".into(),
            unit: "x".repeat(21),
            ..Default::default()
        },
        LineForm::default(),
        LineForm {
            description: "Ok".into(),
            quantity: "2".into(),
            unit_price: "10.005".into(),
            tax_rate_id: "1".into(),
            ..Default::default()
        },
    ];
    let mut e = FieldErrors::default();
    let drafts = parse_lines(&lines, Currency::EUR, &mut e);
    assert_eq!(drafts.len(), 2);
    for f in [
        "lines[0].quantity",
        "lines[0].unit_price",
        "lines[0].discount_percent",
        "lines[0].tax_rate_id",
        "lines[0].unit",
        "lines[2].unit_price",
    ] {
        assert!(e.get(f).is_some(), "{f}: {e:?}");
    }
    assert!(e.get("lines[1].quantity").is_none(), "the blank row is ignored");
}

#[test]
fn line_quantities_keep_positive_ones_once() {
    let l = |id: &str, q: &str| LineQuantityForm { line_id: id.into(), quantity: q.into() };
    let mut e = FieldErrors::default();
    let ok = parse_line_quantities(&[l("4", "1.5"), l("5", ""), l("6", "0"), l("4", "1")], &mut e);
    assert_eq!(ok, vec![LineQuantity { index: 0, line_id: 4, quantity: dec("1.5") }]);
    assert!(e.get("lines[3].quantity").is_some(), "twice");
    let mut e = FieldErrors::default();
    parse_line_quantities(&[l("4", "-1"), l("x", "1"), l("5", "0.00001")], &mut e);
    assert!(e.get("lines[0].quantity").is_some() && e.get("lines[1].line_id").is_some());
    assert!(e.get("lines[2].quantity").is_some());
}

#[test]
fn quantities_are_positive_with_at_most_four_decimals() {
    assert_eq!(parse_quantity("2.50").unwrap(), dec("2.5"));
    assert_eq!(parse_quantity("0.0001").unwrap(), dec("0.0001"));
    for bad in ["0", "-1", "0.00001", "abc", ""] {
        assert!(parse_quantity(bad).is_err(), "{bad}");
    }
}

#[test]
fn quantities_past_a_billion_and_prices_past_the_bound_are_field_errors() {
    let line = |q: &str, p: &str| LineForm {
        description: "x".into(),
        quantity: q.into(),
        unit_price: p.into(),
        tax_rate_id: "1".into(),
        ..Default::default()
    };
    let mut e = FieldErrors::default();
    parse_lines(
        &[
            line("100000000000000000000", "10000000000"),
            line("1e20", "1"),
            line("1", "10000000000.01"),
            line("1000000000", "10000000000"),
            line("1000000000", "10"),
        ],
        Currency::EUR,
        &mut e,
    );
    assert_eq!(e.get("lines[0].quantity").unwrap(), &vec!["is too large: at most 1,000,000,000".to_string()]);
    assert_eq!(e.get("lines[1].quantity").unwrap(), &vec!["must be a number such as 1234.50".to_string()]);
    assert_eq!(e.get("lines[2].unit_price").unwrap(), &vec!["is too large: at most 10,000,000,000.00 EUR".to_string()]);
    assert!(crate::model::validate::is_too_large(&e.get("lines[3].quantity").unwrap()[0]), "{e:?}");
    assert!(e.get("lines[4].quantity").is_none(), "10⁹ × 10 = 10¹⁰ is exactly the bound: {e:?}");
    assert_eq!(parse_quantity("1000000000.0001").unwrap_err(), "is too large: at most 1,000,000,000");
}

#[test]
fn more_lines_than_the_cap_is_one_clear_error() {
    let l = LineForm { description: "x".into(), quantity: "1".into(), ..Default::default() };
    let mut e = FieldErrors::default();
    assert!(parse_lines(&vec![l; MAX_LINES + 1], Currency::EUR, &mut e).is_empty());
    assert_eq!(e.get("lines").unwrap()[0], "a document may have at most 500 lines, and this one has 501");
    let q = LineQuantityForm { line_id: "1".into(), quantity: "1".into() };
    let mut e = FieldErrors::default();
    parse_line_quantities(&vec![q.clone(); MAX_LINES + 1], &mut e);
    assert!(e.get("lines").is_some());
    let mut e = FieldErrors::default();
    parse_line_quantities(&[LineQuantityForm { quantity: "2000000000".into(), ..q }], &mut e);
    assert!(e.get("lines[0].quantity").is_some(), "{e:?}");
}

#[test]
fn nul_in_a_description_and_long_discount_decimals_are_refused() {
    let l = LineForm {
        description: "a\0b".into(),
        quantity: "1".into(),
        unit_price: "1".into(),
        discount_percent: "1.00001".into(),
        tax_rate_id: "1".into(),
        ..Default::default()
    };
    let mut e = FieldErrors::default();
    parse_lines(&[l], Currency::EUR, &mut e);
    assert!(e.get("lines[0].description").is_some() && e.get("lines[0].discount_percent").is_some(), "{e:?}");
}

#[test]
fn try_totals_names_the_line_that_a_stored_price_makes_too_large() {
    let line = |q: &str| PricedLine {
        product_id: None,
        description: "Turbine".into(),
        unit: String::new(),
        tax_rate_id: None,
        source_line_id: None,
        input: LineInput {
            quantity: dec(q),
            unit_price: dec("10000000000"),
            discount_percent: Decimal::ZERO,
            tax_rate_percent: Decimal::ZERO,
        },
    };
    let e = try_totals(Currency::EUR, &[line("1"), line("2")]).unwrap_err();
    assert_eq!(e.get("lines").unwrap()[0], "line 2 (Turbine) comes to more than 10,000,000,000.00 EUR");
    assert!(try_totals(Currency::EUR, &[line("0.5"), line("0.5")]).is_ok());
}

#[test]
fn two_lines_with_a_discount_and_two_rates_total_exactly() {
    let line = |q: &str, p: &str, d: &str, r: &str| PricedLine {
        product_id: None,
        description: "x".into(),
        unit: String::new(),
        tax_rate_id: None,
        source_line_id: None,
        input: LineInput { quantity: dec(q), unit_price: dec(p), discount_percent: dec(d), tax_rate_percent: dec(r) },
    };
    let t = totals(Currency::EUR, &[line("3", "199.99", "10", "20"), line("2.5", "80", "0", "7")]);
    // 3 × 199.99 × 0.9 = 539.973 → 539.97; 2.5 × 80 = 200.00
    assert_eq!(t.subtotal, dec("739.97"));
    // 20 % of 539.97 = 107.994 → 107.99; 7 % of 200 = 14.00
    assert_eq!(t.tax_total, dec("121.99"));
    assert_eq!(t.total, dec("861.96"));
    let v = TotalsView::new(Currency::EUR, &t);
    assert_eq!(v.taxes[1], ("20 % on 539.97 EUR".to_string(), "107.99 EUR".to_string()));
}
