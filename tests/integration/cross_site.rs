//! Requests from other sites: a state-changing request with a valid session cookie is refused
//! (403, nothing changed) unless it comes from the app's own origin — a forged `Origin`, none at
//! all, a sibling subdomain, the login itself; the bearer-token API is unaffected. Redirect
//! targets (`next`, `back`) stay on the site and never panic.
use crate::common::*;
use aftersale::server::db::Db;
use reqwest::cookie::Jar;
use reqwest::{Client, Method, StatusCode};
use serde_json::json;
use std::sync::Arc;

/// Two clients sharing one cookie jar: `own` sends the app's Origin, `other` sends `origin`
/// (or none). So the session is real and only the origin differs.
fn clients(app: &TestApp, origin: Option<&str>) -> (Client, Client) {
    let jar = Arc::new(Jar::default());
    let build = |o: Option<&str>| {
        let mut h = reqwest::header::HeaderMap::new();
        if let Some(o) = o {
            h.insert(reqwest::header::ORIGIN, o.parse().unwrap());
        }
        Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(h)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    (build(Some(&app.base)), build(origin))
}

async fn accounts(app: &TestApp) -> i64 {
    sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM accounts").fetch_one(&app.state.pool).await.unwrap()
}

#[tokio::test]
async fn a_cross_origin_form_post_with_a_valid_session_is_refused_and_changes_nothing() {
    let app = spawn().await;
    let forged = "https://evil.example";
    let (own, other) = clients(&app, Some(forged));
    app.login(&own, ADMIN_EMAIL).await;
    let before = accounts(&app).await;
    let form = [("form[name]", "Planted Ltd"), ("form[currency]", "EUR")];
    for (client, name) in [(&other, "forged Origin")] {
        for accept in ["text/html", "application/json"] {
            let res =
                client.post(app.url("/fn/create_account")).header("accept", accept).form(&form).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}, {accept}");
        }
    }
    assert_eq!(accounts(&app).await, before, "nothing was written");
    // The same post from the app's own page goes through: the check is not refusing everything.
    let res = own.post(app.url("/fn/create_account")).form(&form).send().await.unwrap();
    assert_ne!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_post_without_origin_fetch_metadata_or_referer_is_refused_but_each_proves_same_origin() {
    let app = spawn().await;
    let (own, bare) = clients(&app, None);
    app.login(&own, ADMIN_EMAIL).await;
    let form = [("form[name]", "No Origin Ltd"), ("form[currency]", "EUR")];
    let res = bare.post(app.url("/fn/create_account")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a missing Origin");
    assert_eq!(accounts(&app).await, 0);
    for (header, value, ok) in [
        ("sec-fetch-site", "same-origin".to_string(), true),
        ("sec-fetch-site", "same-site".to_string(), false),
        ("sec-fetch-site", "cross-site".to_string(), false),
        ("referer", format!("{}/accounts/new", app.base), true),
        ("referer", "https://evil.example/accounts/new".to_string(), false),
    ] {
        let res = bare.post(app.url("/fn/create_account")).header(header, &value).form(&form).send().await.unwrap();
        assert_eq!(res.status() != StatusCode::FORBIDDEN, ok, "{header}: {value}");
    }
}

#[tokio::test]
async fn a_sibling_subdomain_is_another_origin() {
    let app = spawn_with(&[("AFTERSALE_BASE_URL", "https://app.example.com")]).await;
    let (own, _) = clients(&app, None);
    app.login(&own, ADMIN_EMAIL).await;
    let form = [("form[name]", "Sibling Ltd"), ("form[currency]", "EUR")];
    let post = |origin: &'static str| {
        own.post(app.url("/fn/create_account"))
            .header("host", "app.example.com")
            .header("origin", origin)
            .form(&form)
            .send()
    };
    for origin in ["https://evil.app.example.com", "https://example.com", "http://app.example.com.evil.io"] {
        assert_eq!(post(origin).await.unwrap().status(), StatusCode::FORBIDDEN, "{origin}");
    }
    assert_eq!(accounts(&app).await, 0);
    assert_ne!(post("https://app.example.com").await.unwrap().status(), StatusCode::FORBIDDEN, "the app's own");
}

#[tokio::test]
async fn login_logout_and_uploads_from_another_site_are_refused() {
    let app = spawn().await;
    let (own, other) = clients(&app, Some("https://evil.example"));
    // Login CSRF: signing the victim into the attacker's account.
    let res =
        other.post(app.url("/fn/login")).form(&[("email", ADMIN_EMAIL), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get_html(&own, "/accounts").await;
    assert_ne!(status, StatusCode::OK, "no session was made");
    app.login(&own, ADMIN_EMAIL).await;
    let res = other.post(app.url("/fn/logout")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get_html(&own, "/accounts").await;
    assert_eq!(status, StatusCode::OK, "still signed in");
    let part = reqwest::multipart::Part::bytes(b"date,amount\n2026-01-01,1.00\n".to_vec()).file_name("s.csv");
    let upload = reqwest::multipart::Form::new().text("bank_account_id", "1").part("file", part);
    let res = other.post(app.url("/payments/reconcile/upload")).multipart(upload).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_bearer_token_api_is_not_subject_to_the_origin_check() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let res = Client::new()
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .header("origin", "https://integration.example")
        .json(&json!({"name": "Via API", "currency": "EUR"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, _) = app.api(Method::GET, "/api/v1/accounts", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn next_values_that_leave_the_site_or_break_headers_go_home_without_a_panic() {
    let app = spawn().await;
    for next in [
        "/\tevil.example",
        "//evil.example",
        "/\\evil.example",
        "/a\r\nSet-Cookie: x=1",
        "/caf\u{e9}",
        "https://evil.example",
    ] {
        let client = app.client();
        let res = client
            .post(app.url("/fn/login"))
            .header("accept", "text/html")
            .form(&[("email", ADMIN_EMAIL), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "{next:?}");
        assert_eq!(res.headers()["location"], "/", "{next:?}");
    }
    let client = app.client();
    let res = client
        .post(app.url("/fn/login"))
        .header("accept", "text/html")
        .form(&[("email", ADMIN_EMAIL), ("password", PASSWORD), ("next", "/invoices?status=overdue")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/invoices?status=overdue", "a same-site path is kept");
}
