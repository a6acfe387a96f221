//! Payments: a cheque paying two invoices counts only once it clears, refunds and failures reopen
//! what they touched, money is never created or lost (a random sequence of payments, allocations,
//! failures, refunds and credit notes checked after every step), 100 parallel payments never
//! over-pay an invoice, a double submit makes one payment, receipts and statements.
use crate::common::*;
use crate::invoices::{invoice_draft, invoice_event};
use crate::orders::{setup, Setup};
use crate::shipments::pdf_text;
use aftersale::server::db::Db;
use rand::{Rng, SeedableRng};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// An issued invoice of `lines` lines of 96.00 (2 h × 40.00 + 20 %)… here 2 × 80 + 20 % = 192.00 each.
async fn issued(app: &TestApp, s: &Setup, lines: usize) -> Value {
    let d = invoice_draft(app, s, lines).await;
    invoice_event(app, &s.token, &d["id"], "issue").await.1
}

async fn pay(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.api(Method::POST, "/api/v1/payments", Some(token), Some(body)).await
}

async fn invoice(app: &TestApp, token: &str, id: &Value) -> Value {
    app.api(Method::GET, &format!("/api/v1/invoices/{id}"), Some(token), None).await.1
}

#[tokio::test]
async fn a_cheque_pays_two_invoices_once_it_clears_and_its_receipt_says_so() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (a, b) = (issued(&app, &s, 1).await, issued(&app, &s, 2).await);
    let (status, p) = pay(
        &app,
        &s.token,
        json!({"account_id": s.account, "amount": "400.00", "method": "cheque",
        "cheque_number": "004711", "cheque_bank": "Sparkasse",
        "allocations": [{"invoice_id": a["id"], "amount": "192.00"}, {"invoice_id": b["id"], "amount": "200.00"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let year = chrono::Utc::now().format("%Y");
    assert_eq!((p["number"].clone(), p["status"].as_str()), (json!(format!("PAY-{year}-000001")), Some("pending")));
    assert_eq!(
        (p["allocated"].as_str(), p["unallocated"].as_str(), p["receipt_number"].clone()),
        (Some("392.00"), Some("8.00"), Value::Null)
    );
    assert_eq!(invoice(&app, &s.token, &a["id"]).await["balance"], "192.00", "a pending cheque pays nothing yet");
    let (status, p) =
        app.api(Method::POST, &format!("/api/v1/payments/{}/complete", p["id"]), Some(&s.token), None).await;
    assert_eq!((status, p["status"].as_str()), (StatusCode::OK, Some("completed")), "{p}");
    assert_eq!(p["receipt_number"], format!("RCPT-{year}-000001"));
    let (ia, ib) = (invoice(&app, &s.token, &a["id"]).await, invoice(&app, &s.token, &b["id"]).await);
    assert_eq!((ia["status"].as_str(), ia["balance"].as_str()), (Some("paid"), Some("0.00")));
    assert_eq!((ib["status"].as_str(), ib["balance"].as_str()), (Some("partially_paid"), Some("184.00")));
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/payments/{}/receipt.pdf", p["id"])))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = pdf_text(&res.bytes().await.unwrap());
    for expected in [
        "Receipt",
        &format!("RCPT-{year}-000001"),
        "004711",
        a["number"].as_str().unwrap(),
        "Credit on account",
        "8.00",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    // The credit goes to the next invoice; too much is refused and writes nothing.
    let (status, body) = app
        .api(
            Method::POST,
            &format!("/api/v1/payments/{}/allocations", p["id"]),
            Some(&s.token),
            Some(json!({"allocations": [{"invoice_id": b["id"], "amount": "9.00"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["allocations[0].amount"][0], "is more than the payment has left: 8.00 EUR");
    let (status, p) = app
        .api(
            Method::POST,
            &format!("/api/v1/payments/{}/allocations", p["id"]),
            Some(&s.token),
            Some(json!({"allocations": [{"invoice_id": b["id"], "amount": "8.00"}]})),
        )
        .await;
    assert_eq!((status, p["unallocated"].as_str()), (StatusCode::OK, Some("0.00")));
    assert_eq!(invoice(&app, &s.token, &b["id"]).await["balance"], "176.00");
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, html) = app.get_html(&web, &format!("/invoices/{}", a["id"])).await;
    assert!(
        html.contains("Payment allocated") && html.contains("Status changed: issued → paid"),
        "the invoice's timeline"
    );
}

#[tokio::test]
async fn failures_and_refunds_reopen_what_they_touched() {
    let app = spawn().await;
    let s = setup(&app).await;
    let a = issued(&app, &s, 1).await;
    let (_, cheque) = pay(
        &app,
        &s.token,
        json!({"account_id": s.account, "amount": "192.00", "method": "cheque", "cheque_number": "1",
        "allocations": [{"invoice_id": a["id"], "amount": "192.00"}]}),
    )
    .await;
    let (status, body) = app
        .api(Method::POST, &format!("/api/v1/payments/{}/fail", cheque["id"]), Some(&s.token), Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a failure says why: {body}");
    let (_, failed) = app
        .api(
            Method::POST,
            &format!("/api/v1/payments/{}/fail", cheque["id"]),
            Some(&s.token),
            Some(json!({"reason": "Bounced"})),
        )
        .await;
    assert_eq!((failed["status"].as_str(), failed["allocated"].as_str()), (Some("failed"), Some("0.00")));
    let (status, _) =
        app.api(Method::POST, &format!("/api/v1/payments/{}/complete", cheque["id"]), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a failed payment stays failed");
    let (_, card) = pay(
        &app,
        &s.token,
        json!({"account_id": s.account, "amount": "250.00", "method": "card", "card_last4": "4242",
        "allocations": [{"invoice_id": a["id"], "amount": "192.00"}]}),
    )
    .await;
    assert_eq!(
        (card["status"].as_str(), invoice(&app, &s.token, &a["id"]).await["status"].as_str()),
        (Some("completed"), Some("paid"))
    );
    let refund = |amount: &str| json!({"amount": amount, "reason": "Returned goods"});
    let path = format!("/api/v1/payments/{}/refund", card["id"]);
    let (status, _) = app.api(Method::POST, &path, Some(&s.token), Some(refund("300.00"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "never more than the payment");
    let (_, p) = app.api(Method::POST, &path, Some(&s.token), Some(refund("50.00"))).await;
    assert_eq!(
        (p["status"].as_str(), p["unallocated"].as_str(), p["allocated"].as_str()),
        (Some("partially_refunded"), Some("8.00"), Some("192.00")),
        "the credit goes first"
    );
    let (_, p) = app.api(Method::POST, &path, Some(&s.token), Some(refund("100.00"))).await;
    assert_eq!((p["allocated"].as_str(), p["refunded"].as_str()), (Some("100.00"), Some("150.00")));
    let ia = invoice(&app, &s.token, &a["id"]).await;
    assert_eq!(
        (ia["status"].as_str(), ia["balance"].as_str()),
        (Some("partially_paid"), Some("92.00")),
        "the invoice reopens"
    );
    let (_, p) = app.api(Method::POST, &path, Some(&s.token), Some(refund("100.00"))).await;
    assert_eq!((p["status"].as_str(), p["allocated"].as_str()), (Some("refunded"), Some("0.00")));
    assert_eq!(invoice(&app, &s.token, &a["id"]).await["balance"], "192.00");
}

/// Checks the money invariants straight from the tables.
async fn check_money(app: &TestApp, step: usize) {
    let invoices: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, total_minor, credited_minor, balance_minor,
            CAST(COALESCE((SELECT SUM(l.amount_minor) FROM payment_allocations l JOIN payments p ON p.id = l.payment_id
              WHERE l.invoice_id = invoices.id AND p.status IN ('completed', 'partially_refunded', 'refunded')), 0) AS BIGINT)
         FROM invoices WHERE status <> 'void' AND number IS NOT NULL",
    )
    .fetch_all(&app.state.pool)
    .await
    .unwrap();
    for (id, total, credited, balance, paid) in invoices {
        assert_eq!(balance, total - credited - paid, "step {step}: invoice {id} balance");
        assert!(balance >= 0, "step {step}: invoice {id} is over-paid ({balance})");
    }
    let payments: Vec<(i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, amount_minor, refunded_minor, allocated_minor,
            CAST(COALESCE((SELECT SUM(amount_minor) FROM payment_allocations WHERE payment_id = payments.id), 0) AS BIGINT),
            CAST(COALESCE((SELECT SUM(amount_minor) FROM payment_refunds WHERE payment_id = payments.id), 0) AS BIGINT)
         FROM payments",
    )
    .fetch_all(&app.state.pool)
    .await
    .unwrap();
    for (id, amount, refunded, allocated, alloc_sum, refund_sum) in payments {
        assert_eq!((allocated, refunded), (alloc_sum, refund_sum), "step {step}: payment {id} sums");
        assert!(amount - refunded - allocated >= 0, "step {step}: payment {id} unallocated below zero");
    }
}

#[tokio::test]
async fn money_is_never_created_or_lost_in_a_random_sequence_of_operations() {
    let app = spawn().await;
    let s = setup(&app).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    let mut invoices: Vec<Value> = vec![];
    let mut payments: Vec<Value> = vec![];
    // Three seeds, each continuing on the documents the one before left.
    for step in 0..360 {
        if step % 120 == 0 {
            rng = rand::rngs::StdRng::seed_from_u64([20261127, 7, 424242][step / 120]);
            invoices.clear();
        }
        match rng.gen_range(0..7) {
            0 | 1 if invoices.len() < 12 => invoices.push(issued(&app, &s, rng.gen_range(1..4)).await),
            0..=2 if !invoices.is_empty() => {
                let n = rng.gen_range(1..=invoices.len().min(3));
                let allocations: Vec<Value> = (0..n)
                    .map(|_| json!({"invoice_id": invoices[rng.gen_range(0..invoices.len())]["id"], "amount": format!("{}.{:02}", rng.gen_range(1..150), rng.gen_range(0..100))}))
                    .collect();
                let method = ["cash", "card", "bank_transfer", "cheque"][rng.gen_range(0..4)];
                let body = json!({"account_id": s.account, "amount": format!("{}.00", rng.gen_range(50..400)), "method": method,
                    "cheque_number": "7", "allocations": allocations});
                let (status, p) = pay(&app, &s.token, body).await;
                assert!(
                    status == StatusCode::CREATED || status == StatusCode::UNPROCESSABLE_ENTITY,
                    "step {step}: {p}"
                );
                if status == StatusCode::CREATED {
                    payments.push(p);
                }
            }
            3 if !payments.is_empty() => {
                let p = &payments[rng.gen_range(0..payments.len())];
                let e = if rng.gen_bool(0.7) { "complete" } else { "fail" };
                app.api(
                    Method::POST,
                    &format!("/api/v1/payments/{}/{e}", p["id"]),
                    Some(&s.token),
                    Some(json!({"reason": "random"})),
                )
                .await;
            }
            4 if !payments.is_empty() => {
                let p = &payments[rng.gen_range(0..payments.len())];
                let body = json!({"amount": format!("{}.00", rng.gen_range(1..200)), "reason": "random"});
                app.api(Method::POST, &format!("/api/v1/payments/{}/refund", p["id"]), Some(&s.token), Some(body))
                    .await;
            }
            5 if !invoices.is_empty() => {
                let i = invoice(&app, &s.token, &invoices[rng.gen_range(0..invoices.len())]["id"]).await;
                let line = &i["lines"][0];
                let body = json!({"invoice_id": i["id"], "reason": "random", "lines": [{"invoice_line_id": line["id"], "quantity": "1"}]});
                app.api(Method::POST, "/api/v1/credit-notes", Some(&s.token), Some(body)).await;
            }
            _ if !payments.is_empty() && !invoices.is_empty() => {
                let p = &payments[rng.gen_range(0..payments.len())];
                let body = json!({"allocations": [{"invoice_id": invoices[rng.gen_range(0..invoices.len())]["id"], "amount": format!("{}.00", rng.gen_range(1..100))}]});
                app.api(Method::POST, &format!("/api/v1/payments/{}/allocations", p["id"]), Some(&s.token), Some(body))
                    .await;
            }
            _ => invoices.push(issued(&app, &s, 1).await),
        }
        check_money(&app, step).await;
    }
    let counted: i64 = sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM payment_allocations")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert!(counted > 5 && payments.len() > 5, "the sequence did real work");
}

#[tokio::test]
async fn a_hundred_parallel_payments_never_over_pay_one_invoice() {
    let app = spawn().await;
    let s = setup(&app).await;
    let a = issued(&app, &s, 2).await; // 384.00
    let racers = (0..100).map(|_| {
        let (app, token, id) = (&app, s.token.clone(), a["id"].clone());
        async move {
            pay(
                app,
                &token,
                json!({"account_id": s.account, "amount": "10.00", "method": "bank_transfer",
                "allocations": [{"invoice_id": id, "amount": "10.00"}]}),
            )
            .await
            .0
        }
    });
    let results = futures::future::join_all(racers).await;
    let won = results.iter().filter(|s| **s == StatusCode::CREATED).count();
    assert_eq!(won, 38, "384.00 takes 38 payments of 10.00: {results:?}");
    let i = invoice(&app, &s.token, &a["id"]).await;
    assert_eq!((i["balance"].as_str(), i["status"].as_str()), (Some("4.00"), Some("partially_paid")));
    check_money(&app, 0).await;
}

#[tokio::test]
async fn a_double_submit_makes_one_payment() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let account = s.account.to_string();
    let form = [
        ("form[account_id]", account.as_str()),
        ("form[amount]", "99.50"),
        ("form[method]", "cash"),
        ("form[form_key]", "9f1c2e0d"),
    ];
    let (first, second) =
        futures::join!(app.call(&web, "record_payment", &form), app.call(&web, "record_payment", &form));
    assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first.1, second.1, "the same payment both times");
    let n: i64 =
        sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM payments").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(n, 1);
    let body = json!({"account_id": s.account, "amount": "10.00", "method": "cash"});
    for _ in 0..2 {
        let res = reqwest::Client::new()
            .post(app.url("/api/v1/payments"))
            .bearer_auth(&s.token)
            .header("Idempotency-Key", "pay-once")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let n: i64 =
        sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM payments").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(n, 2, "the API honours Idempotency-Key");
}

#[tokio::test]
async fn bad_payments_name_their_fields_and_write_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let a = issued(&app, &s, 1).await;
    for (body, field) in [
        (json!({"account_id": 999, "amount": "1", "method": "cash"}), "account_id"),
        (json!({"account_id": s.account, "amount": "-1", "method": "cash"}), "amount"),
        (json!({"account_id": s.account, "amount": "abc", "method": "cash"}), "amount"),
        (json!({"account_id": s.account, "amount": "1", "method": "barter"}), "method"),
        (json!({"account_id": s.account, "amount": "1", "method": "cheque"}), "cheque_number"),
        (json!({"account_id": s.account, "amount": "1", "method": "card", "card_last4": "12"}), "card_last4"),
        (
            json!({"account_id": s.account, "amount": "500", "method": "cash", "allocations": [{"invoice_id": a["id"], "amount": "300"}]}),
            "allocations[0].amount",
        ),
        (
            json!({"account_id": s.account, "amount": "50", "method": "cash", "allocations": [{"invoice_id": a["id"], "amount": "60"}]}),
            "allocations[0].amount",
        ),
    ] {
        let (status, answer) = pay(&app, &s.token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert!(answer["fields"][field].is_array(), "{field}: {answer}");
    }
    let n: i64 =
        sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM payments").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn the_statement_adds_up_from_opening_to_closing_balance() {
    let app = spawn().await;
    let s = setup(&app).await;
    let a = issued(&app, &s, 2).await;
    pay(
        &app,
        &s.token,
        json!({"account_id": s.account, "amount": "100.00", "method": "bank_transfer",
        "allocations": [{"invoice_id": a["id"], "amount": "100.00"}]}),
    )
    .await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let today = chrono::Utc::now().date_naive();
    let (status, st) = app
        .call(
            &web,
            "account_statement",
            &[("account_id", &s.account.to_string()), ("from", &today.to_string()), ("to", &today.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{st}");
    assert_eq!((st["opening"].as_str(), st["closing"].as_str()), (Some("0.00 EUR"), Some("284.00 EUR")));
    assert_eq!(st["entries"].as_array().unwrap().len(), 2);
    let res = web
        .get(app.url(&format!("/accounts/{}/statement.pdf?from={today}&to={today}", s.account)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let text = pdf_text(&res.bytes().await.unwrap());
    assert!(
        text.contains("Statement") && text.contains("284.00") && text.contains(a["number"].as_str().unwrap()),
        "{text}"
    );
}

#[tokio::test]
async fn a_refund_and_an_allocation_over_the_same_invoices_never_deadlock() {
    let app = spawn().await;
    let s = setup(&app).await;
    for round in 0..6 {
        let (a, b) = (issued(&app, &s, 1).await, issued(&app, &s, 1).await);
        // P1's allocations are refunded newest first (b, then a); P2 allocates a, then b: before
        // invoices were locked in id order, the two took their locks in opposite orders.
        let (_, p1) = pay(
            &app,
            &s.token,
            json!({"account_id": s.account, "amount": "200.00", "method": "cash",
            "allocations": [{"invoice_id": a["id"], "amount": "100.00"}, {"invoice_id": b["id"], "amount": "100.00"}]}),
        )
        .await;
        let (_, p2) = pay(&app, &s.token, json!({"account_id": s.account, "amount": "100.00", "method": "cash"})).await;
        let (refund_path, allocate_path) =
            (format!("/api/v1/payments/{}/refund", p1["id"]), format!("/api/v1/payments/{}/allocations", p2["id"]));
        let refund = app.api(
            Method::POST,
            &refund_path,
            Some(&s.token),
            Some(json!({"amount": "200.00", "reason": "returned"})),
        );
        let allocate = app.api(
            Method::POST,
            &allocate_path,
            Some(&s.token),
            Some(json!({"allocations": [{"invoice_id": a["id"], "amount": "50.00"}, {"invoice_id": b["id"], "amount": "50.00"}]})),
        );
        let ((rs, rb), (als, ab)) = futures::join!(refund, allocate);
        assert_eq!((rs, als), (StatusCode::OK, StatusCode::OK), "round {round}: {rb} / {ab}");
        check_money(&app, 0).await;
    }
}
