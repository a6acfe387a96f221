//! Renewal / AMC contracts over REST on both engines: numbers and amounts, activation and the
//! first invoice, renew with the previewed uplift exactly once (twice in a row, twenty at once),
//! the renewal job run twice, a catch-up over three missed terms, a contract entered with its
//! history, quarterly billing, expiry and the grace period, cancellation, validation that writes
//! nothing, and who may do what.
use crate::common::*;
use crate::orders::{setup, Setup};
use crate::tickets::count;
use aftersale::server::service::contracts::jobs;
use chrono::{Months, NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub(crate) fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A contract on the setup's account: 2 × the product at 199.99 and 10 h of support at 80, 20 %.
pub(crate) async fn enter(app: &TestApp, s: &Setup, extra: Value) -> Value {
    let mut body = json!({
        "account_id": s.account, "title": "Server maintenance", "start_date": today().to_string(),
        "term_months": 12, "notice_days": 30,
        "lines": [
            {"product_id": s.product, "quantity": "2"},
            {"description": "Support hours", "quantity": "10", "unit": "h", "unit_price": "80", "tax_rate_id": s.standard}
        ]
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (status, c) = app.api(Method::POST, "/api/v1/contracts", Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    c
}

pub(crate) async fn event(app: &TestApp, s: &Setup, id: &Value, e: &str) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/contracts/{id}/{e}"), Some(&s.token), None).await
}

pub(crate) async fn read(app: &TestApp, s: &Setup, id: &Value) -> Value {
    let (status, c) = app.api(Method::GET, &format!("/api/v1/contracts/{id}"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    c
}

fn day(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_contract_is_numbered_activated_with_its_invoice_and_renewed_once_at_the_previewed_uplift() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({"uplift_percent": "5.00"})).await;
    let year = Utc::now().format("%Y");
    assert_eq!(c["number"], format!("AMC-{year}-000001"));
    assert_eq!((c["status"].as_str(), c["term_number"].as_i64()), (Some("pending"), Some(1)));
    // 2 × 199.99 = 399.98 + 800.00 = 1199.98 net, 20 % = 240.00: 1439.98
    assert_eq!(c["amount"], "1439.98");
    assert_eq!(day(&c["end_date"]), today().checked_add_months(Months::new(12)).unwrap().pred_opt().unwrap());
    assert_eq!(c["terms"].as_array().unwrap().len(), 0, "no term before activation");

    let (status, a) = event(&app, &s, &c["id"], "activate").await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["status"], "active");
    let t1 = &a["terms"][0];
    assert_eq!(
        (t1["number"].as_i64(), t1["amount"].as_str(), t1["origin"].as_str()),
        (Some(1), Some("1439.98"), Some("activation"))
    );
    let inv = t1["invoice_id"].as_i64().expect("term 1 is invoiced in advance");
    let (_, i) = app.api(Method::GET, &format!("/api/v1/invoices/{inv}"), Some(&s.token), None).await;
    assert_eq!((i["status"].as_str(), i["total"].as_str()), (Some("draft"), Some("1439.98")), "{i}");
    let (status, e) = app.api(Method::DELETE, &format!("/api/v1/invoices/{inv}"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a period's invoice is not deleted: {e}");

    let (status, p) =
        app.api(Method::GET, &format!("/api/v1/contracts/{}/renewal-preview", c["id"]), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(day(&p["start_date"]), day(&a["end_date"]).succ_opt().unwrap());
    let prices: Vec<(&str, &str)> = p["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["unit_price"].as_str().unwrap(), l["new_unit_price"].as_str().unwrap()))
        .collect();
    assert_eq!(prices, [("199.99", "209.99"), ("80.00", "84.00")]);
    // 2 × 209.99 = 419.98 + 840.00 = 1259.98, 20 % = 252.00: 1511.98
    assert_eq!(p["amount"], "1511.98");
    assert_eq!(count(&app, "contract_terms").await, 1, "the preview writes nothing");

    let (status, r) = event(&app, &s, &c["id"], "renew").await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let t2 = &r["terms"][1];
    assert_eq!(
        (t2["number"].as_i64(), t2["amount"].as_str(), t2["uplift_percent"].as_str()),
        (Some(2), Some("1511.98"), Some("5"))
    );
    assert_eq!(
        (t2["start_date"].as_str(), t2["end_date"].as_str()),
        (p["start_date"].as_str(), p["end_date"].as_str())
    );
    let applied: Vec<&str> =
        t2["lines"].as_array().unwrap().iter().map(|l| l["unit_price"].as_str().unwrap()).collect();
    assert_eq!(applied, ["209.99", "84.00"], "the renewal applies what the preview showed");
    assert_eq!(r["terms"][0]["outcome"], "renewed");
    assert_eq!((r["term_number"].as_i64(), r["amount"].as_str()), (Some(1), Some("1439.98")), "term 1 still runs");
    assert_eq!(r["renewed_until"], t2["end_date"]);

    let (status, again) = event(&app, &s, &c["id"], "renew").await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["code"], "invalid_transition");
    assert_eq!((count(&app, "contract_terms").await, count(&app, "contract_invoices").await), (2, 2));
    let (_, events) =
        app.api(Method::GET, &format!("/api/v1/contracts/{}/events", c["id"]), Some(&s.token), None).await;
    let kinds: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for k in ["created", "term_started", "invoiced", "renewed"] {
        assert!(kinds.contains(&k), "{k}: {kinds:?}");
    }
}

#[tokio::test]
async fn twenty_concurrent_renewals_make_one_term_and_one_invoice() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let calls = (0..20).map(|_| event(&app, &s, &c["id"], "renew"));
    let answers: Vec<StatusCode> = futures::future::join_all(calls).await.into_iter().map(|(st, _)| st).collect();
    assert_eq!(answers.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{answers:?}");
    assert_eq!((count(&app, "contract_terms").await, count(&app, "contract_invoices").await), (2, 2));
    assert_eq!(count(&app, "invoices").await, 2);
}

#[tokio::test]
async fn the_renewal_job_run_twice_renews_once_and_catches_up_three_missed_terms_in_order() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({"term_months": 1, "auto_renew": true, "uplift_percent": "10"})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let end1 = day(&read(&app, &s, &c["id"]).await["end_date"]);
    for _ in 0..2 {
        jobs::run(&app.state, end1).await.unwrap();
    }
    assert_eq!(
        (count(&app, "contract_terms").await, count(&app, "contract_invoices").await),
        (2, 2),
        "renewed on its end date, once"
    );

    // Down for three terms: the job on term 4's last day renews terms 3, 4 and 5, in order.
    let first = today();
    let end4 = first.checked_add_months(Months::new(4)).unwrap().pred_opt().unwrap();
    let out = jobs::run(&app.state, end4).await.unwrap();
    assert!(out.contains("3 renewed"), "{out}");
    jobs::run(&app.state, end4).await.unwrap();
    let r = read(&app, &s, &c["id"]).await;
    let terms = r["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 5);
    for (i, t) in terms.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(t["number"].as_i64(), Some(i64::from(n)));
        assert_eq!(day(&t["start_date"]), first.checked_add_months(Months::new(n - 1)).unwrap(), "term {n}");
        assert!(t["invoice_id"].is_i64(), "term {n} has its invoice");
    }
    let origins: Vec<&str> = terms.iter().map(|t| t["origin"].as_str().unwrap()).collect();
    assert_eq!(origins, ["activation", "auto", "auto", "auto", "auto"]);
    // 10 % a renewal, compounded on rounded prices: 199.99 → 219.99 → 241.99 → 266.19 → 292.81
    let first_line: Vec<&str> = terms.iter().map(|t| t["lines"][0]["unit_price"].as_str().unwrap()).collect();
    assert_eq!(first_line, ["199.99", "219.99", "241.99", "266.19", "292.81"]);
    assert_eq!(count(&app, "contract_invoices").await, 5);

    // The dashboard the day after: four terms came due and renewed, the fifth is due within 90
    // days, and a monthly term counts twelve times in the annual value.
    let admin = aftersale::server::db::users::by_email(&app.state.pool, ADMIN_EMAIL).await.unwrap().unwrap();
    let actor = aftersale::server::auth::Actor { id: admin.id, name: admin.name.clone(), role: admin.role() };
    let day_after = end4.succ_opt().unwrap();
    let at = day_after.and_hms_opt(12, 0, 0).unwrap().and_utc();
    let o = aftersale::server::service::contracts::stats::overview_on(&app.state.pool, &actor, day_after, at)
        .await
        .unwrap();
    assert_eq!((o.renewed, o.came_due, o.rate(), o.due_count), (4, 4, Some(100), 1));
    let t5: rust_decimal::Decimal = terms[4]["amount"].as_str().unwrap().parse().unwrap();
    let cur = aftersale::model::money::Currency::parse(r["currency"].as_str().unwrap()).unwrap();
    assert_eq!(o.annual_value, [cur.format(t5 * rust_decimal::Decimal::from(12))]);
    assert!(o.churned_value.is_empty());

    // The command line does the same as on a day: nothing left to do on term 4's last day.
    let out = app.cli(&["run-jobs", "--today", &end4.to_string()], &[("AFTERSALE_SECRET", SECRET)]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("contract-renewals: ") && said.contains("0 renewed"), "{said}");
    assert_eq!(count(&app, "contract_terms").await, 5);
}

#[tokio::test]
async fn a_contract_entered_with_its_history_invoices_only_the_running_term_and_quarters_follow() {
    let app = spawn().await;
    let s = setup(&app).await;
    let start = today().checked_sub_months(Months::new(25)).unwrap();
    let c = enter(&app, &s, json!({"start_date": start.to_string(), "billing": "quarterly"})).await;
    assert_eq!(
        day(&c["bill_from"]),
        start.checked_add_months(Months::new(24)).unwrap(),
        "billed from the running term"
    );
    // The job activates it: terms 1 and 2 as history, term 3 running with its first quarter invoiced.
    jobs::run(&app.state, today()).await.unwrap();
    let r = read(&app, &s, &c["id"]).await;
    let terms = r["terms"].as_array().unwrap();
    let origins: Vec<&str> = terms.iter().map(|t| t["origin"].as_str().unwrap()).collect();
    assert_eq!(origins, ["history", "history", "activation"]);
    assert_eq!((r["status"].as_str(), r["term_number"].as_i64()), (Some("active"), Some(3)));
    assert!(terms[0]["invoices"].as_array().unwrap().is_empty() && terms[1]["invoices"].as_array().unwrap().is_empty());
    let q = terms[2]["invoices"].as_array().unwrap();
    assert_eq!(q.len(), 1, "{q:?}");
    // A quarter is a quarter of each line's net: 1199.98 / 4 = 300.00 (299.995 → the earlier shares take the odd cent).
    let (_, inv) =
        app.api(Method::GET, &format!("/api/v1/invoices/{}", q[0]["invoice_id"]), Some(&s.token), None).await;
    assert_eq!(inv["subtotal"], "300.00", "{inv}");
    // The second quarter is invoiced when it starts, once.
    let q2 = start.checked_add_months(Months::new(27)).unwrap();
    jobs::run(&app.state, q2).await.unwrap();
    jobs::run(&app.state, q2).await.unwrap();
    let r = read(&app, &s, &c["id"]).await;
    let q = r["terms"][2]["invoices"].as_array().unwrap();
    assert_eq!(q.iter().map(|i| i["period"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(day(&q[1]["period_start"]), q2);
}

#[tokio::test]
async fn an_unrenewed_contract_expires_renews_within_the_grace_period_and_cancels_with_a_reason() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({"term_months": 1})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let end = day(&read(&app, &s, &c["id"]).await["end_date"]);
    jobs::run(&app.state, end).await.unwrap();
    assert_eq!(read(&app, &s, &c["id"]).await["status"], "active", "runs through its last day");
    let out = jobs::run(&app.state, end.succ_opt().unwrap()).await.unwrap();
    assert!(out.contains("1 expired"), "{out}");
    let r = read(&app, &s, &c["id"]).await;
    assert_eq!((r["status"].as_str(), r["terms"][0]["outcome"].as_str()), (Some("expired"), Some("expired")));
    // Within the grace period it renews back to active, the new term right after the old one.
    let (status, back) = event(&app, &s, &c["id"], "renew").await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert_eq!((back["status"].as_str(), back["terms"][0]["outcome"].as_str()), (Some("active"), Some("renewed")));
    assert_eq!(day(&back["terms"][1]["start_date"]), end.succ_opt().unwrap());

    // Cancelling needs a reason; a scheduled cancellation stops the renewal at the term's end.
    let d = enter(&app, &s, json!({"auto_renew": true, "term_months": 1})).await;
    assert_eq!(event(&app, &s, &d["id"], "activate").await.0, StatusCode::OK);
    let path = format!("/api/v1/contracts/{}/cancel", d["id"]);
    let (status, e) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"effective": "term_end"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["reason"].is_array());
    let body = json!({"reason": "Moving to a competitor", "effective": "term_end"});
    let (status, x) = app.api(Method::POST, &path, Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{x}");
    assert_eq!((x["status"].as_str(), x["cancel_at"].as_str()), (Some("active"), x["end_date"].as_str()));
    assert_eq!(event(&app, &s, &d["id"], "renew").await.0, StatusCode::CONFLICT, "no renewal once cancelling");
    let end = day(&x["end_date"]);
    jobs::run(&app.state, end).await.unwrap();
    assert_eq!(read(&app, &s, &d["id"]).await["status"], "active", "not auto-renewed, still running");
    jobs::run(&app.state, end.succ_opt().unwrap()).await.unwrap();
    let x = read(&app, &s, &d["id"]).await;
    assert_eq!((x["status"].as_str(), x["terms"].as_array().unwrap().len()), (Some("cancelled"), 1));
    assert_eq!(event(&app, &s, &d["id"], "activate").await.0, StatusCode::CONFLICT, "cancelled is final");
}

#[tokio::test]
async fn bad_contracts_are_refused_field_by_field_and_write_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let body = json!({"account_id": s.account, "title": "", "start_date": "31/01/2027", "term_months": 200,
        "billing": "quarterly", "uplift_kind": "percent", "uplift_cap": "2", "uplift_floor": "3", "sla_tier": "gold",
        "lines": [{"description": "x", "quantity": "-1", "unit_price": "1"}]});
    let (status, e) = app.api(Method::POST, "/api/v1/contracts", Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    for f in ["title", "start_date", "term_months", "uplift_percent", "uplift_floor", "sla_tier", "lines[0].quantity"] {
        assert!(e["fields"][f].is_array(), "{f}: {e}");
    }
    let no_lines = json!({"account_id": s.account, "title": "T", "start_date": "2027-01-31", "lines": []});
    let (status, e) = app.api(Method::POST, "/api/v1/contracts", Some(&s.token), Some(no_lines)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["lines"].is_array(), "{e}");
    assert_eq!((count(&app, "contracts").await, count(&app, "contract_lines").await), (0, 0));
    let c = enter(&app, &s, json!({})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let path = format!("/api/v1/contracts/{}", c["id"]);
    let (status, e) = app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"term_months": 24}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["start_date"].is_array(), "the schedule is fixed once active: {e}");
    let (status, ok) =
        app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"notice_days": 90, "auto_renew": true}))).await;
    assert_eq!(status, StatusCode::OK, "{ok}");
    assert_eq!(day(&ok["notice_date"]), day(&ok["end_date"]) - chrono::Duration::days(90));
    assert_eq!(event(&app, &s, &c["id"], "expire").await.0, StatusCode::NOT_FOUND, "not a people's event");
}

#[tokio::test]
async fn sales_manage_their_accounts_contracts_support_and_finance_read_them() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({})).await;
    for (email, role) in
        [("sam@test.example", "sales"), ("sue@test.example", "support"), ("fin@test.example", "finance")]
    {
        app.create_user(email, role, role).await;
    }
    let path = format!("/api/v1/contracts/{}", c["id"]);
    for email in ["sue@test.example", "fin@test.example", "sam@test.example"] {
        let t = app.token(email).await;
        assert_eq!(app.api(Method::GET, &path, Some(&t), None).await.0, StatusCode::OK, "{email} reads");
    }
    for email in ["sue@test.example", "fin@test.example"] {
        let t = app.token(email).await;
        let body = json!({"account_id": s.account, "title": "T", "start_date": "2027-01-01",
            "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]});
        assert_eq!(
            app.api(Method::POST, "/api/v1/contracts", Some(&t), Some(body)).await.0,
            StatusCode::FORBIDDEN,
            "{email}"
        );
    }
    let sam = app.token("sam@test.example").await;
    let activate = format!("{path}/activate");
    assert_eq!(app.api(Method::POST, &activate, Some(&sam), None).await.0, StatusCode::FORBIDDEN, "not sam's account");
}

#[tokio::test]
async fn a_covered_ticket_gets_the_contracts_sla_and_a_lapsed_one_offers_the_renewal_opportunity() {
    let app = spawn().await;
    let s = setup(&app).await;
    let c = enter(&app, &s, json!({"sla_tier": "urgent"})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let open = |priority: &'static str| {
        let body =
            json!({"account_id": s.account, "subject": "Printer jam", "description": "Again", "priority": priority});
        app.api(Method::POST, "/api/v1/tickets", Some(&s.token), Some(body))
    };
    let (status, t) = open("low").await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["contract_id"], c["id"]);
    // The urgent policy (60 minutes around the clock), not the low one (960 business minutes).
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let secs = (at(&t["first_response_due_at"]) - at(&t["created_at"])).num_seconds();
    assert!((3599..=3600).contains(&secs), "{t}");
    let browser = app.logged_in(ADMIN_EMAIL).await;
    let (_, page) = app.call(&browser, "get_ticket", &[("id", &t["id"].to_string())]).await;
    assert_eq!(page["coverage"]["covered_by"][1], c["number"], "{page}");

    // Cancelled: a new ticket is not covered, and its page offers the renewal opportunity, once.
    let path = format!("/api/v1/contracts/{}/cancel", c["id"]);
    assert_eq!(
        app.api(Method::POST, &path, Some(&s.token), Some(json!({"reason": "Budget cut"}))).await.0,
        StatusCode::OK
    );
    let (_, t2) = open("low").await;
    assert!(t2["contract_id"].is_null(), "{t2}");
    let own = (at(&t2["first_response_due_at"]) - at(&t2["created_at"])).num_minutes();
    assert!(own > 60, "its own policy: {t2}");
    let (_, page) = app.call(&browser, "get_ticket", &[("id", &t2["id"].to_string())]).await;
    let cov = &page["coverage"];
    assert_eq!(
        (cov["lapsed"][1].as_str(), cov["lapsed"][3].as_str()),
        (c["number"].as_str(), Some("cancelled")),
        "{cov}"
    );
    assert_eq!(cov["can_raise_renewal"], true);
    let form = [("contract_id", c["id"].to_string()), ("ticket_id", t2["id"].to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, opp) = app.call(&browser, "raise_renewal_opportunity", &form).await;
    assert_eq!(status, StatusCode::OK, "{opp}");
    let (_, again) = app.call(&browser, "raise_renewal_opportunity", &form).await;
    assert_eq!(again, opp, "raised once");
    let (_, o) = app.api(Method::GET, &format!("/api/v1/opportunities/{opp}"), Some(&s.token), None).await;
    assert_eq!(o["name"], format!("Renewal of {} — Server maintenance", c["number"].as_str().unwrap()));
    assert_eq!((o["owner_id"].as_i64(), o["stage"].as_str()), (c["owner_id"].as_i64(), Some("prospecting")));
    assert_eq!(o["lines"].as_array().unwrap().len(), 2);
    let (_, page) = app.call(&browser, "get_ticket", &[("id", &t2["id"].to_string())]).await;
    assert_eq!(
        (page["coverage"]["renewal_opportunity"].as_i64(), page["coverage"]["can_raise_renewal"].as_bool()),
        (opp.as_i64(), Some(false))
    );
}

async fn offer(app: &TestApp, browser: &reqwest::Client, id: &Value) -> (StatusCode, Value) {
    app.call(browser, "send_renewal_offer", &[("id", &id.to_string())]).await
}

/// The renewal link of the newest offer in the outbox.
async fn offered_token(app: &TestApp) -> String {
    let body: String = sqlx::query_scalar::<aftersale::server::db::Db, String>(
        "SELECT body_text FROM outbox WHERE subject LIKE 'Renewal of %' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    let at = body.find("/c/").expect("the offer carries its link");
    body[at + 3..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn the_customer_accepts_once_or_declines_through_the_emailed_link() {
    let app = spawn().await;
    let s = setup(&app).await;
    let path = format!("/api/v1/accounts/{}", s.account);
    let (status, a) =
        app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"invoice_email": "ap@orsted.example"}))).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    let browser = app.logged_in(ADMIN_EMAIL).await;
    let customer = app.bare_client();

    let c = enter(&app, &s, json!({"uplift_percent": "5", "auto_renew": true})).await;
    let (status, e) = offer(&app, &browser, &c["id"]).await;
    assert_eq!(status, StatusCode::CONFLICT, "a pending contract has no renewal to offer: {e}");
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let (status, to) = offer(&app, &browser, &c["id"]).await;
    assert_eq!((status, to.as_str()), (StatusCode::OK, Some("ap@orsted.example")));
    let token = offered_token(&app).await;
    let (status, page) = app.call(&customer, "customer_contract", &[("token", &token)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!((page["can_decide"].as_bool(), page["amount"].as_str()), (Some(true), Some("1511.98")));
    let invoices = count(&app, "invoices").await;
    let (status, _) = app.call(&customer, "accept_customer_contract", &[("token", &token)]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let r = read(&app, &s, &c["id"]).await;
    assert_eq!((r["terms"].as_array().unwrap().len(), r["terms"][1]["origin"].as_str()), (2, Some("customer")));
    assert_eq!(count(&app, "invoices").await, invoices + 1, "the next term's invoice, once");
    let (status, again) = app.call(&customer, "accept_customer_contract", &[("token", &token)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(count(&app, "contract_terms").await, 2);
    let (_, page) = app.call(&customer, "customer_contract", &[("token", &token)]).await;
    assert_eq!(page["can_decide"], false);
    assert!(page["decision"].as_str().unwrap().starts_with("Renewed"), "{page}");

    let d = enter(&app, &s, json!({"auto_renew": true})).await;
    assert_eq!(event(&app, &s, &d["id"], "activate").await.0, StatusCode::OK);
    assert_eq!(offer(&app, &browser, &d["id"]).await.0, StatusCode::OK);
    let token = offered_token(&app).await;
    let (status, _) = app
        .call(&customer, "decline_customer_contract", &[("token", &token), ("reason", "We bought new servers")])
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let x = read(&app, &s, &d["id"]).await;
    assert_eq!((x["status"].as_str(), x["cancel_at"].as_str()), (Some("active"), x["end_date"].as_str()));
    assert!(x["cancel_reason"].as_str().unwrap().contains("We bought new servers"), "{x}");
    assert_eq!(app.call(&customer, "accept_customer_contract", &[("token", &token)]).await.0, StatusCode::CONFLICT);
    let told: i64 = sqlx::query_scalar::<aftersale::server::db::Db, i64>(
        "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%accepted by%' OR subject LIKE '%declined by%'",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(told, 2, "the owner hears of each answer");
    let (status, _) = app.call(&customer, "customer_contract", &[("token", "amc_not-a-token")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reminders_go_once_per_offset_per_term_and_the_notice_deadline_overtakes_a_reminder_due_the_same_day() {
    let app = spawn().await;
    let s = setup(&app).await;
    let path = format!("/api/v1/accounts/{}", s.account);
    app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"invoice_email": "ap@orsted.example"}))).await;
    let c = enter(&app, &s, json!({})).await;
    assert_eq!(event(&app, &s, &c["id"], "activate").await.0, StatusCode::OK);
    let end = day(&read(&app, &s, &c["id"]).await["end_date"]);
    let on = |days: i64| end - chrono::Duration::days(days);
    let reminders = |out: String| out.rsplit(", ").next().unwrap().split(' ').next().unwrap().parse::<i64>().unwrap();
    for (days, sent) in [(91, 0), (90, 1), (90, 0), (45, 1), (30, 1), (10, 0)] {
        let out = jobs::run(&app.state, on(days)).await.unwrap();
        assert_eq!(reminders(out.clone()), sent, "{days} days before the end: {out}");
    }
    let rows: Vec<(String, bool)> = sqlx::query_as::<aftersale::server::db::Db, (String, bool)>(
        "SELECT step, skipped FROM contract_reminders ORDER BY sent_at, step",
    )
    .fetch_all(&app.state.pool)
    .await
    .unwrap();
    let mut rows = rows;
    rows.sort();
    assert_eq!(rows, [("30".into(), true), ("60".into(), false), ("90".into(), false), ("notice".into(), false)]);
    let mails: i64 = sqlx::query_scalar::<aftersale::server::db::Db, i64>(
        "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Renewal of %(term ends%'",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(mails, 6, "three reminders, each to the customer and the owner");
    // Renewed: the next term's reminders wait for that term.
    assert_eq!(event(&app, &s, &c["id"], "renew").await.0, StatusCode::OK);
    assert_eq!(reminders(jobs::run(&app.state, on(5)).await.unwrap()), 0);
}
