//! Proration: examples of the convention, then properties over any term and any split dates.
use super::*;
use crate::model::contract_terms::{term_end, term_start};
use crate::model::money::Currency;
use crate::model::validate::FieldErrors;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

#[test]
fn the_days_remaining_include_the_effective_day_and_stop_at_what_was_invoiced() {
    let (s, e) = (d("2027-01-01"), d("2027-12-31"));
    let p = Proration::new(s, e, d("2027-01-01"), Some(e));
    assert_eq!((p.remaining_days, p.term_days), (365, 365), "from the first day: the whole term");
    let p = Proration::new(s, e, d("2027-12-31"), Some(e));
    assert_eq!(p.days_text(), "1 of 365 days");
    let p = Proration::new(s, e, d("2027-07-01"), Some(e));
    assert_eq!(p.remaining_days, 184);
    assert_eq!(p.share(eur(), "1200".parse().unwrap()), "604.93".parse::<Decimal>().unwrap(), "1200 × 184 ÷ 365");
    assert_eq!(p.share(eur(), "-1200".parse().unwrap()), "-604.93".parse::<Decimal>().unwrap(), "a credit mirrors it");
    // Monthly billing: invoiced to the end of July; the change reaches 31 days now, August on bills the new lines.
    let p = Proration::new(s, e, d("2027-07-01"), Some(d("2027-07-31")));
    assert_eq!((p.remaining_days, p.until), (31, d("2027-07-31")));
    let p = Proration::new(s, e, d("2027-08-15"), Some(d("2027-07-31")));
    assert_eq!(p.remaining_days, 0, "a change after what was invoiced prorates nothing");
    assert_eq!(Proration::new(s, e, d("2027-03-01"), None).remaining_days, 0, "nothing invoiced yet");
}

#[test]
fn the_form_names_each_bad_field_and_zero_removes_a_line() {
    let q = |id: &str, qty: &str| LineQuantityForm { line_id: id.into(), quantity: qty.into() };
    let e: FieldErrors = ChangeForm::default().parse().unwrap_err();
    assert!(e.get("effective_date").is_some());
    let bad = ChangeForm {
        effective_date: "2027-02-30".into(),
        quantities: vec![q("1", "-2"), q("x", "3"), q("2", "1.00001"), q("4", "1"), q("4", "2")],
    };
    let e = bad.parse().unwrap_err();
    for f in [
        "effective_date",
        "quantities[0].quantity",
        "quantities[1].line_id",
        "quantities[2].quantity",
        "quantities[4].quantity",
    ] {
        assert!(e.get(f).is_some(), "{f}: {e:?}");
    }
    let ok =
        ChangeForm { effective_date: "2027-03-01".into(), quantities: vec![q("1", ""), q("2", "0"), q("3", "2.5")] }
            .parse()
            .unwrap();
    assert_eq!(ok.quantities, vec![(1, 2, Decimal::ZERO), (2, 3, "2.5".parse().unwrap())]);
}

/// A term (first start, months) and 1–8 distinct split days strictly inside it, sorted.
fn term_and_splits() -> impl Strategy<Value = (NaiveDate, NaiveDate, Vec<NaiveDate>)> {
    (0i64..3650, prop::sample::select(vec![1u32, 3, 6, 12, 24, 36])).prop_flat_map(|(offset, months)| {
        let start = d("2024-01-01") + chrono::Duration::days(offset);
        let end = term_end(start, months, 1).unwrap();
        assert_eq!(term_start(start, months, 1), Some(start));
        let days = (end - start).num_days();
        (Just(start), Just(end), prop::collection::btree_set(1..=days, 1..=8usize.min(days as usize)))
            .prop_map(|(s, e, set)| (s, e, set.into_iter().map(|k| s + chrono::Duration::days(k)).collect()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Charging each piece of a term split at any days by its own proration adds up to the whole
    /// term's price, give or take one minor unit per split.
    #[test]
    fn splitting_a_term_at_any_days_charges_the_whole_term_within_a_unit_per_split(
        (start, end, splits) in term_and_splits(),
        net_minor in 1i64..100_000_000,
    ) {
        let c = eur();
        let net = c.from_minor(net_minor);
        let mut bounds = vec![start];
        bounds.extend(splits.iter().copied());
        let mut charged = Decimal::ZERO;
        for (i, from) in bounds.iter().enumerate() {
            let until = bounds.get(i + 1).map_or(end, |next| next.pred_opt().unwrap());
            charged += Proration::new(start, end, *from, Some(until)).share(c, net);
        }
        let off = (charged - net).abs();
        prop_assert!(off <= c.from_minor(splits.len() as i64), "{charged} vs {net} over {} splits", splits.len());
    }

    /// A line whose quantity changes at any days (to zero and back too): the first invoice plus
    /// each change's prorated amount equals what each stretch costs at its quantity, within a unit
    /// per change; and with no real change nothing is charged beyond the first invoice.
    #[test]
    fn quantity_changes_at_any_days_charge_each_stretch_at_its_quantity(
        (start, end, splits) in term_and_splits(),
        price_minor in 1i64..10_000_000,
        quantities in prop::collection::vec(0i64..20, 9),
    ) {
        let c = eur();
        let price = c.from_minor(price_minor);
        let q = |i: usize| Decimal::from(quantities[i]);
        let mut charged = q(0) * price;
        for (i, day) in splits.iter().enumerate() {
            charged += Proration::new(start, end, *day, Some(end)).share(c, (q(i + 1) - q(i)) * price);
        }
        let term_days = Decimal::from((end - start).num_days() + 1);
        let mut bounds = vec![start];
        bounds.extend(splits.iter().copied());
        let exact: Decimal = bounds
            .iter()
            .enumerate()
            .map(|(i, from)| {
                let next = bounds.get(i + 1).copied().unwrap_or(end + chrono::Duration::days(1));
                q(i) * price * Decimal::from((next - *from).num_days())
            })
            .sum::<Decimal>()
            / term_days;
        prop_assert!((charged - exact).abs() <= c.from_minor(splits.len() as i64), "{charged} vs {exact}");
        if quantities[..=splits.len()].iter().all(|x| *x == quantities[0]) {
            prop_assert_eq!(charged, q(0) * price);
        }
    }
}
