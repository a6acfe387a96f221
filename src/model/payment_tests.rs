//! Tests of the payment form, allocations and "oldest due first".
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn each_method_checks_its_own_fields() {
    let base = PaymentForm { account_id: "1".into(), amount: "100.50".into(), ..Default::default() };
    let cheque = PaymentForm { method: "cheque".into(), ..base.clone() };
    let e = PaymentInput::parse(&cheque, Currency::EUR).unwrap_err();
    assert!(e.get("cheque_number").is_some(), "{e:?}");
    let ok = PaymentInput::parse(&PaymentForm { cheque_number: "004711".into(), ..cheque }, Currency::EUR).unwrap();
    assert_eq!((ok.status, ok.amount), (PaymentStatus::Pending, d("100.50")), "a cheque waits to clear");
    let card = PaymentForm { method: "card".into(), card_last4: "12a4".into(), ..base.clone() };
    assert!(PaymentInput::parse(&card, Currency::EUR).unwrap_err().get("card_last4").is_some());
    let bad = PaymentForm { method: "barter".into(), amount: "-5".into(), date: "today".into(), ..base.clone() };
    let e = PaymentInput::parse(&bad, Currency::EUR).unwrap_err();
    for f in ["method", "amount", "date"] {
        assert!(e.get(f).is_some(), "{f}: {e:?}");
    }
    let cents = PaymentForm { method: "cash".into(), amount: "1.005".into(), ..base };
    assert!(PaymentInput::parse(&cents, Currency::EUR).unwrap_err().get("amount").is_some());
}

#[test]
fn oldest_due_first_fills_each_invoice_up_to_its_balance() {
    let day = |n: u32| NaiveDate::from_ymd_opt(2026, 11, n);
    let open = [(1, day(20), d("50")), (2, day(10), d("30")), (3, None, d("100")), (4, day(15), d("40"))];
    assert_eq!(oldest_due_first(d("100"), &open), vec![(2, d("30")), (4, d("40")), (1, d("30"))]);
    assert_eq!(oldest_due_first(d("500"), &open).iter().map(|x| x.1).sum::<Decimal>(), d("220"));
    assert!(oldest_due_first(d("0"), &open).is_empty());
}

#[test]
fn allocations_are_positive_and_name_each_invoice_once() {
    let a = |id: &str, amount: &str| AllocationForm { invoice_id: id.into(), amount: amount.into() };
    let mut e = FieldErrors::default();
    let ok = parse_allocations(&[a("1", "10"), a("2", ""), a("3", "0"), a("1", "5")], Currency::EUR, &mut e);
    assert_eq!(ok, vec![(0, 1, d("10"))]);
    assert!(e.get("allocations[3].amount").is_some());
    let mut e = FieldErrors::default();
    parse_allocations(&[a("1", "-1"), a("x", "1"), a("2", "abc")], Currency::EUR, &mut e);
    for f in ["allocations[0].amount", "allocations[1].invoice_id", "allocations[2].amount"] {
        assert!(e.get(f).is_some(), "{f}: {e:?}");
    }
}

#[test]
fn amounts_past_ten_billion_and_too_many_allocations_are_field_errors() {
    let a = |id: &str, amount: &str| AllocationForm { invoice_id: id.into(), amount: amount.into() };
    let mut e = FieldErrors::default();
    assert!(parse_allocations(&[a("1", "10000000000.01")], Currency::EUR, &mut e).is_empty());
    assert_eq!(e.get("allocations[0].amount").unwrap()[0], "is too large: at most 10,000,000,000.00 EUR");
    let mut e = FieldErrors::default();
    parse_allocations(&vec![a("1", "1"); MAX_ALLOCATIONS + 1], Currency::EUR, &mut e);
    assert!(e.get("allocations").unwrap()[0].contains("at most 500 allocations"), "{e:?}");
    let huge = PaymentForm {
        account_id: "1".into(),
        amount: "100000000000000000000".into(),
        method: "cash".into(),
        ..Default::default()
    };
    let e = PaymentInput::parse(&huge, Currency::EUR).unwrap_err();
    assert!(crate::model::validate::is_too_large(&e.get("amount").unwrap()[0]), "{e:?}");
    let ok = PaymentForm { amount: "10000000000.00".into(), ..huge };
    assert!(PaymentInput::parse(&ok, Currency::EUR).is_ok(), "the bound itself is allowed");
}
