//! Changes within a running term over REST on both engines: the preview by actual days, the
//! prorated invoice for an increase, the credit note against the term's invoice for a decrease
//! (refused while that invoice is a draft), the term's amount and the covered lines after, and
//! bad changes refused field by field, writing nothing.
use crate::common::*;
use crate::contracts::{enter, event, read, today};
use crate::orders::{setup, Setup};
use crate::tickets::count;
use chrono::Duration;
use reqwest::{Method, StatusCode};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}")).parse().unwrap()
}

fn cents(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

async fn post(app: &TestApp, s: &Setup, id: &Value, what: &str, body: Value) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/contracts/{id}/{what}"), Some(&s.token), Some(body)).await
}

/// The running term's line ids: (product line, support hours).
fn line_ids(c: &Value) -> (i64, i64) {
    let lines = c["terms"][0]["lines"].as_array().unwrap();
    (lines[0]["id"].as_i64().unwrap(), lines[1]["id"].as_i64().unwrap())
}

#[tokio::test]
async fn a_change_within_the_term_invoices_an_increase_and_credits_a_decrease_by_actual_days() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({})).await;
    let (status, a) = event(&app, &s, &c["id"], "activate").await;
    assert_eq!(status, StatusCode::OK, "{a}");
    let (_, support) = line_ids(&a);
    let from = today() + Duration::days(100);
    // Support 10 → 15 hours (+400.00 a term) and a new line of 120.00, from day 101.
    let body = json!({
        "effective_date": from.to_string(),
        "quantities": [{"line_id": support, "quantity": "15"}],
        "add": [{"description": "Backup monitoring", "quantity": "1", "unit": "month", "unit_price": "120", "tax_rate_id": s.standard}]
    });
    let (status, p) = post(&app, &s, &c["id"], "change-preview", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let (left, days) = (p["remaining_days"].as_i64().unwrap(), p["term_days"].as_i64().unwrap());
    let term_end: chrono::NaiveDate = a["end_date"].as_str().unwrap().parse().unwrap();
    assert_eq!((left, days), ((term_end - from).num_days() + 1, (term_end - today()).num_days() + 1));
    let share = |net: i64| cents(Decimal::from(net) * Decimal::from(left) / Decimal::from(days));
    let prorated: Vec<Decimal> = p["lines"].as_array().unwrap().iter().map(|l| dec(&l["prorated"])).collect();
    assert_eq!(prorated, [share(400), share(120)], "each line's change × days left ÷ days in the term");
    let net = share(400) + share(120);
    assert_eq!(dec(&p["invoice_total"]), net + cents(net * Decimal::from(20) / Decimal::from(100)));
    assert_eq!(dec(&p["credit_total"]), Decimal::ZERO);
    assert_eq!(count(&app, "contract_changes").await, 0, "the preview writes nothing");

    let (status, changed) = post(&app, &s, &c["id"], "changes", body).await;
    assert_eq!(status, StatusCode::CREATED, "{changed}");
    let term = &changed["terms"][0];
    let ch = &term["changes"][0];
    let inv = ch["invoice_id"].as_i64().expect("the increase is invoiced");
    let (_, i) = app.api(Method::GET, &format!("/api/v1/invoices/{inv}"), Some(&s.token), None).await;
    assert_eq!(dec(&i["total"]), dec(&p["invoice_total"]), "the invoice is what the preview showed: {i}");
    assert_eq!(i["lines"].as_array().unwrap().len(), 2);
    assert_eq!(dec(&term["amount"]), dec(&a["terms"][0]["amount"]) + dec(&i["total"]), "the term's amount moves");
    let covered: Vec<(&str, &str)> = changed["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["description"].as_str().unwrap(), l["quantity"].as_str().unwrap()))
        .collect();
    assert_eq!(covered.len(), 3, "the next term covers the added line too: {covered:?}");
    assert!(covered.contains(&("Support hours", "15")), "{covered:?}");

    // Removing the product line from day 201 credits its share against the term's invoice, once
    // issued. A change rewrites the term's lines: their ids are read again.
    let (product, _) = line_ids(&changed);
    let later = today() + Duration::days(200);
    let remove = json!({"effective_date": later.to_string(), "quantities": [{"line_id": product, "quantity": "0"}]});
    let (status, e) = post(&app, &s, &c["id"], "changes", remove.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "the term's invoice is a draft: {e}");
    assert_eq!(count(&app, "credit_notes").await, 0);
    let term_invoice = a["terms"][0]["invoice_id"].as_i64().unwrap();
    let (status, issued) =
        app.api(Method::POST, &format!("/api/v1/invoices/{term_invoice}/issue"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let (status, after) = post(&app, &s, &c["id"], "changes", remove).await;
    assert_eq!(status, StatusCode::CREATED, "{after}");
    let ch = &after["terms"][0]["changes"][1];
    assert!(ch["credit_note_number"].as_str().unwrap().starts_with("CN-"), "{ch}");
    let left2 = Decimal::from((term_end - later).num_days() + 1);
    let credit_net = cents(Decimal::new(39998, 2) * left2 / Decimal::from(days));
    assert_eq!(dec(&ch["net"]), -credit_net, "2 × 199.99 for the days left, credited");
    let (_, inv) = app.api(Method::GET, &format!("/api/v1/invoices/{term_invoice}"), Some(&s.token), None).await;
    let credit_total = credit_net + cents(credit_net * Decimal::from(20) / Decimal::from(100));
    assert_eq!(dec(&inv["balance"]), dec(&inv["total"]) - credit_total, "the credit note lowers the balance: {inv}");
    assert_eq!(after["terms"][0]["lines"].as_array().unwrap().len(), 2, "the running term drops the product line");
    let events = read(&app, &s, &c["id"]).await;
    assert_eq!(events["terms"][0]["changes"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_changes_are_refused_field_by_field_and_write_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({})).await;
    let (status, e) = post(&app, &s, &c["id"], "changes", json!({"effective_date": today().to_string()})).await;
    assert_eq!(status, StatusCode::CONFLICT, "a pending contract is edited, not changed: {e}");
    let (_, a) = event(&app, &s, &c["id"], "activate").await;
    let (_, support) = line_ids(&a);
    let cases = [
        (json!({}), "effective_date"),
        (json!({"effective_date": (today() - Duration::days(1)).to_string()}), "effective_date"),
        (
            json!({"effective_date": today().to_string(), "quantities": [{"line_id": 999_999, "quantity": "1"}]}),
            "quantities[0].line_id",
        ),
        (
            json!({"effective_date": today().to_string(), "quantities": [{"line_id": support, "quantity": "-1"}]}),
            "quantities[0].quantity",
        ),
        (
            json!({"effective_date": today().to_string(), "quantities": [{"line_id": support, "quantity": "10"}]}),
            "quantities",
        ),
        (
            json!({"effective_date": today().to_string(), "add": [{"description": "x", "quantity": "1", "unit_price": "abc"}]}),
            "lines[0].unit_price",
        ),
    ];
    for (body, field) in cases {
        let (status, e) = post(&app, &s, &c["id"], "changes", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
        assert!(e["fields"][field].is_array(), "{field} in {e}");
    }
    assert_eq!((count(&app, "contract_changes").await, count(&app, "invoices").await), (0, 1));
}
