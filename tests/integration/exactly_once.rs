//! Money written exactly once: a retried REST call with its `Idempotency-Key` and a re-sent web
//! form with its one-time `form_key` act once — after a server error that followed the commit,
//! after a request that was cut off, and when twenty identical requests race.
use crate::common::*;
use crate::orders::setup;
use aftersale::server::db::Db;
use aftersale::server::http::idempotency::{answer_lost, request_hash};
use aftersale::server::idempotency::{run_once, Answer, Outcome};
use aftersale::server::{auth::Actor, db, service};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<Db, i64>(sql).fetch_one(&app.state.pool).await.unwrap()
}

async fn post_keyed(app: &TestApp, token: &str, path: &str, key: &str, body: &Value) -> (StatusCode, Value, bool) {
    let res = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let (status, replayed) = (res.status(), res.headers().contains_key("idempotent-replayed"));
    (status, res.json().await.unwrap_or(Value::Null), replayed)
}

async fn admin(app: &TestApp) -> Actor {
    let u = db::users::by_email(&app.state.pool, ADMIN_EMAIL).await.unwrap().unwrap();
    Actor { id: u.id, name: u.name.clone(), role: u.role() }
}

/// A completed cash payment of `amount` on the setup's account, nothing allocated.
async fn cash(app: &TestApp, token: &str, account: i64, amount: &str) -> Value {
    let body = json!({"account_id": account, "amount": amount, "method": "cash"});
    let (status, p) = app.api(Method::POST, "/api/v1/payments", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p
}

#[tokio::test]
async fn a_server_error_after_the_commit_followed_by_a_retry_makes_one_payment() {
    let app = spawn().await;
    let s = setup(&app).await;
    let actor = admin(&app).await;
    let body = json!({"account_id": s.account, "amount": "75.00", "method": "cash"});
    let bytes = body.to_string().into_bytes();
    // The first try commits the payment and then fails (a read after the commit broke, the
    // process was cut off while answering): exactly what the REST middleware runs, with the
    // key and request hash it uses.
    let first = run_once(
        &app.state.pool,
        actor.id,
        "api:pay-after-commit",
        &request_hash("/api/v1/payments", &bytes),
        Duration::from_secs(30),
        async {
            let form = aftersale::model::payment::PaymentForm {
                account_id: s.account.to_string(),
                amount: "75.00".into(),
                method: "cash".into(),
                ..Default::default()
            };
            service::payments::record(&app.state.pool, &actor, &form, &[]).await.unwrap();
            Answer { status: 500, headers: "{}".into(), body: r#"{"error":"boom"}"#.into() }
        },
        answer_lost,
    )
    .await
    .unwrap();
    let Outcome::Ran(first) = first else { panic!("the first try runs") };
    assert_eq!(first.status, 409, "a 5xx after the commit is not an invitation to retry: {}", first.body);
    let (status, answer, replayed) = post_keyed(&app, &s.token, "/api/v1/payments", "pay-after-commit", &body).await;
    assert_eq!(
        (status, answer["code"].as_str(), replayed),
        (StatusCode::CONFLICT, Some("idempotency_committed"), true)
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, 1, "the retry wrote nothing");
}

#[tokio::test]
async fn a_request_cut_off_before_its_commit_frees_its_key_when_its_lease_runs_out() {
    let app = spawn().await;
    let s = setup(&app).await;
    let actor = admin(&app).await;
    let body = json!({"account_id": s.account, "amount": "12.00", "method": "cash"});
    let hash = request_hash("/api/v1/payments", body.to_string().as_bytes());
    // The client went away mid-request: its future is dropped with the key claimed.
    let cut = tokio::time::timeout(
        Duration::from_millis(100),
        run_once(
            &app.state.pool,
            actor.id,
            "api:cut-off",
            &hash,
            Duration::from_millis(300),
            async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Answer { status: 201, headers: "{}".into(), body: "{}".into() }
            },
            answer_lost,
        ),
    )
    .await;
    assert!(cut.is_err(), "the first request was cut off");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, p, replayed) = post_keyed(&app, &s.token, "/api/v1/payments", "cut-off", &body).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, false), "the retry runs once the lease is over: {p}");
    let (again, q, replayed) = post_keyed(&app, &s.token, "/api/v1/payments", "cut-off", &body).await;
    assert_eq!((again, q["id"].clone(), replayed), (StatusCode::CREATED, p["id"].clone(), true));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, 1);
}

#[tokio::test]
async fn twenty_identical_refunds_with_one_key_refund_once_and_all_get_the_same_answer() {
    let app = spawn().await;
    let s = setup(&app).await;
    let p = cash(&app, &s.token, s.account, "100.00").await;
    let path = format!("/api/v1/payments/{}/refund", p["id"]);
    let body = json!({"amount": "10.00", "reason": "goodwill"});
    let tries = futures::future::join_all((0..20).map(|_| post_keyed(&app, &s.token, &path, "refund-1", &body))).await;
    let first = &tries[0];
    for (status, answer, _) in &tries {
        assert_eq!(*status, StatusCode::OK, "{answer}");
        assert_eq!(answer, &first.1, "every try gets the one answer");
    }
    assert_eq!(tries.iter().filter(|t| !t.2).count(), 1, "one ran, nineteen were replayed");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 1);
    assert_eq!(first.1["status"], "partially_refunded");
    let (status, answer, _) =
        post_keyed(&app, &s.token, &path, "refund-1", &json!({"amount": "20.00", "reason": "goodwill"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another body under a used key: {answer}");
    assert_eq!(answer["fields"]["idempotency_key"][0], "was already used with a different request");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 1);
}

#[tokio::test]
async fn a_refused_request_leaves_its_key_free_for_the_corrected_retry() {
    let app = spawn().await;
    let s = setup(&app).await;
    let p = cash(&app, &s.token, s.account, "50.00").await;
    let path = format!("/api/v1/payments/{}/refund", p["id"]);
    let (status, _, _) =
        post_keyed(&app, &s.token, &path, "fix-me", &json!({"amount": "500.00", "reason": "too much"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, answer, replayed) =
        post_keyed(&app, &s.token, &path, "fix-me", &json!({"amount": "5.00", "reason": "right"})).await;
    assert_eq!((status, replayed), (StatusCode::OK, false), "{answer}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 1);
}

#[tokio::test]
async fn a_double_clicked_refund_button_refunds_once() {
    let app = spawn().await;
    let s = setup(&app).await;
    let p = cash(&app, &s.token, s.account, "80.00").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let id = p["id"].to_string();
    let form = [
        ("id", id.as_str()),
        ("form_key", "3b7f0c1e9a2d4c5b8e6f"),
        ("form[amount]", "8.00"),
        ("form[reason]", "double click"),
    ];
    // With JavaScript (two fetches) and without (two plain form posts).
    let (a, b) = futures::join!(app.call(&web, "refund_payment", &form), app.call(&web, "refund_payment", &form));
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{} / {}", a.1, b.1);
    let post = || {
        web.post(app.url("/fn/refund_payment"))
            .header("accept", "text/html")
            .form(&[("id", id.as_str()), ("form_key", "77aa"), ("form[amount]", "1.00"), ("form[reason]", "again")])
            .send()
    };
    let (c, d) = futures::join!(post(), post());
    let (c, d) = (c.unwrap(), d.unwrap());
    assert_eq!((c.status(), d.status()), (StatusCode::FOUND, StatusCode::FOUND));
    assert_eq!(c.headers()["location"], d.headers()["location"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 2, "one refund per key");
    // A new page render gives a new key: a second refund on purpose works.
    let (e, _) = app
        .call(
            &web,
            "refund_payment",
            &[("id", &id), ("form_key", "fresh-key"), ("form[amount]", "2.00"), ("form[reason]", "x")],
        )
        .await;
    assert_eq!(e, StatusCode::OK);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 3);
}

#[tokio::test]
async fn the_money_and_status_forms_carry_a_one_time_key() {
    let app = spawn().await;
    let s = setup(&app).await;
    let p = cash(&app, &s.token, s.account, "30.00").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&web, &format!("/payments/{}", p["id"])).await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&str> =
        html.match_indices(r#"name="form_key" value=""#).map(|(i, m)| &html[i + m.len()..i + m.len() + 32]).collect();
    assert!(!keys.is_empty(), "the refund form has a key");
    assert!(keys.iter().all(|k| k.chars().all(|c| c.is_ascii_hexdigit())), "{keys:?}");
    let (_, again) = app.get_html(&web, &format!("/payments/{}", p["id"])).await;
    assert!(!again.contains(keys[0]), "each render makes new keys");
}
