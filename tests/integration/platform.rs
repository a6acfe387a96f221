//! Health, metrics, pages' status codes and headers, numbering under concurrency, timeline, CLI.
use crate::common::*;
use aftersale::server::{db, service};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn healthz_says_ok_and_metrics_count_requests() {
    let app = spawn().await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"), "every response carries its request id");
    assert_eq!(res.text().await.unwrap(), "ok");
    let text = reqwest::get(app.url("/metrics")).await.unwrap().text().await.unwrap();
    assert!(text.contains(r#"aftersale_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
    assert!(text.contains("aftersale_db_pool_connections{engine="));
}

#[tokio::test]
async fn request_durations_are_histograms_per_route_so_a_p99_can_be_read() {
    let app = spawn().await;
    for _ in 0..3 {
        reqwest::get(app.url("/healthz")).await.unwrap();
    }
    let text = reqwest::get(app.url("/metrics")).await.unwrap().text().await.unwrap();
    let labels = r#"method="GET",route="/healthz",status="200""#;
    assert!(text.contains("# TYPE aftersale_http_request_duration_seconds histogram"), "{text}");
    let buckets: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(&format!("aftersale_http_request_duration_seconds_bucket{{{labels},le=")))
        .collect();
    assert!(buckets.len() > 5, "buckets of the route's own series: {text}");
    assert!(buckets.iter().any(|l| l.contains(r#"le="+Inf"} 3"#)), "{text}");
    assert!(text.contains(&format!("aftersale_http_request_duration_seconds_count{{{labels}}} 3")), "{text}");
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn().await;
    let res = reqwest::get(app.url("/login")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"action="/fn/login""#) && html.contains(r#"<label for="email">"#),
        "a real form with labels"
    );
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = spawn().await;
    let c = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&c, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
    let (status, html) = app.get_html(&c, "/admin/users/987654").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("does not exist"));
}

#[tokio::test]
async fn two_hundred_concurrent_number_allocations_yield_exactly_one_to_two_hundred() {
    let app = spawn().await;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let pool = app.state.pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db::begin_write(&pool).await.unwrap();
            let n = service::numbering::next_number(&mut tx, "invoice", date).await.unwrap();
            tx.commit().await.unwrap();
            n
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=200).map(|n| format!("INV-2026-{n:06}")).collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn a_rolled_back_number_is_given_again_so_the_series_has_no_gap() {
    let app = spawn().await;
    let day = |y| chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    let mut tx = db::begin_write(&app.state.pool).await.unwrap();
    assert_eq!(service::numbering::next_number(&mut tx, "sales_order", day(2027)).await.unwrap(), "SO-2027-000001");
    tx.rollback().await.unwrap();
    let mut tx = db::begin_write(&app.state.pool).await.unwrap();
    for (year, expected) in [(2027, "SO-2027-000001"), (2027, "SO-2027-000002"), (2028, "SO-2028-000001")] {
        assert_eq!(service::numbering::next_number(&mut tx, "sales_order", day(year)).await.unwrap(), expected);
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_timeline_records_who_changed_what_and_shows_it_on_the_user_page() {
    let app = spawn().await;
    let id = app.create_user("tl@test.example", "Tia", "sales").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    for (field, value) in [("role", "manager"), ("active", "false"), ("active", "true")] {
        let (status, body) = app.update_user(&web, id, field, value).await;
        assert!(status.is_success(), "{body}");
    }
    let events = service::timeline::for_entity(&app.state.pool, "user", id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["activated", "deactivated", "role_changed", "created"]);
    assert_eq!((events[2].from_state.as_deref(), events[2].to_state.as_deref()), (Some("sales"), Some("manager")));
    assert_eq!(events[2].actor_name.as_deref(), Some("Test Admin"));
    let (status, html) = app.get_html(&web, &format!("/admin/users/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Role changed: sales → manager"), "{html}");
    assert!(html.contains("Test Admin"));
}

#[tokio::test]
async fn create_api_token_prints_a_working_token_and_nothing_else() {
    let app = spawn().await;
    let env = [("AFTERSALE_SECRET", SECRET)];
    let out = app.cli(&["create-api-token", "--email", ADMIN_EMAIL, "--name", "ci"], &env).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let token = stdout.trim();
    assert!(token.starts_with("ast_"));
    let (status, body) = app.api(Method::GET, "/api/v1/users", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let bad = app.cli(&["create-api-token", "--email", "nobody@test.example"], &env).await;
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no user with email nobody@test.example"));
}

#[tokio::test]
async fn create_admin_refuses_a_weak_password_and_a_bad_environment() {
    let app = spawn().await;
    let env = [("AFTERSALE_SECRET", SECRET)];
    let weak = app.cli(&["create-admin", "--email", "a2@test.example", "--password", "short"], &env).await;
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("--password must be at least 10 characters"));
    let no_secret = app.cli(&["migrate"], &[("AFTERSALE_SECRET", "tiny")]).await;
    assert_eq!(no_secret.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("AFTERSALE_SECRET must be at least 32 characters"));
    let args = ["create-admin", "--email", "a2@test.example", "--password", "long enough pass", "--name", "Second"];
    let ok = app.cli(&args, &env).await;
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let (status, _) =
        app.call(&app.client(), "login", &[("email", "a2@test.example"), ("password", "long enough pass")]).await;
    assert!(status.is_success());
}

#[tokio::test]
async fn an_internal_error_shows_a_reference_and_never_the_databases_words() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    sqlx::query("DROP TABLE job_runs").execute(&app.state.pool).await.unwrap();
    let (status, body) = app.call(&web, "list_job_runs", &[]).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["kind"], "internal");
    assert_eq!(body["reference"].as_str().unwrap().len(), 12);
    assert!(!body.to_string().contains("job_runs"), "{body}");
    let (status, html) = app.get_html(&web, "/admin/jobs").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("Something went wrong") && html.contains("reference"));
    assert!(!html.contains("no such table") && !html.contains("does not exist"), "no database text in the page");
}

#[tokio::test]
async fn seed_demo_builds_a_believable_company_and_scales_deterministically() {
    let app = spawn().await;
    let msg = aftersale::server::seed::seed_demo(&app.state, 0).await.unwrap();
    let count = |table: &'static str| {
        let pool = app.state.pool.clone();
        async move {
            sqlx::query_scalar::<db::Db, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap()
        }
    };
    assert!(
        count("accounts").await >= 30 && count("products").await >= 100 && count("opportunities").await >= 60,
        "{msg}"
    );
    assert!(count("contacts").await >= count("accounts").await, "every account has a contact");
    let stages: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT stage FROM opportunities").fetch_all(&app.state.pool).await.unwrap();
    assert_eq!(stages.len(), 6, "deals in every stage: {stages:?}");
    let roles: Vec<(String, i64)> = db::users::count_by_role(&app.state.pool).await.unwrap();
    assert_eq!(roles.len(), 5, "every role is represented: {roles:?}");
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT status FROM sales_orders").fetch_all(&app.state.pool).await.unwrap();
    assert!(statuses.len() >= 5, "orders in most statuses: {statuses:?}");
    assert!(count("shipments").await >= 3, "some orders shipped");
    let invoice_statuses: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT status FROM invoices").fetch_all(&app.state.pool).await.unwrap();
    assert!(invoice_statuses.contains(&"overdue".to_string()), "some invoices are overdue: {invoice_statuses:?}");
    assert!(count("credit_notes").await >= 1);
    let questioned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices i JOIN tickets t ON t.invoice_id = i.id WHERE i.disputed")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert!(questioned >= 1, "a customer's question about an invoice is an open ticket");
    let distinct = |column: &'static str| {
        let pool = app.state.pool.clone();
        async move {
            sqlx::query_scalar::<db::Db, String>(&format!("SELECT DISTINCT {column} FROM tickets ORDER BY {column}"))
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        distinct("status").await,
        ["closed", "in_progress", "open", "resolved", "waiting"],
        "tickets in every status"
    );
    assert_eq!(distinct("priority").await, ["high", "low", "medium", "urgent"]);
    let (public, internal, rated, breached, follow_ups): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM ticket_comments WHERE public = TRUE),
                (SELECT COUNT(*) FROM ticket_comments WHERE public = FALSE),
                (SELECT COUNT(*) FROM tickets WHERE rating IS NOT NULL),
                (SELECT COUNT(*) FROM tickets WHERE first_response_breach_marked = TRUE AND is_open = TRUE),
                (SELECT COUNT(*) FROM tickets WHERE follow_up_of IS NOT NULL)",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert!(public >= 10 && internal >= 3 && rated >= 3, "conversations and ratings: {public} {internal} {rated}");
    assert!(breached >= 1 && follow_ups == 1, "an open breach marked, a follow-up: {breached} {follow_ups}");
    let support = app.token("support@example.com").await;
    let (_, queue) = app.api(Method::GET, "/api/v1/tickets?queue=at_risk", Some(&support), None).await;
    let states: Vec<&str> =
        queue["items"].as_array().unwrap().iter().map(|t| t["sla_state"].as_str().unwrap()).collect();
    assert!(states.contains(&"at_risk") && states.contains(&"breached"), "the at-risk queue has both: {states:?}");
    let demo_orders = count("sales_orders").await;
    let demo_invoices = count("invoices").await;
    let before = count("accounts").await;
    aftersale::server::seed::seed_demo(&app.state, 0).await.unwrap();
    assert_eq!(count("accounts").await, before, "running it again adds no second demo company");
    aftersale::server::seed::seed_demo(&app.state, 2500).await.unwrap();
    assert_eq!(count("accounts").await, before + 2500);
    assert_eq!(count("opportunities").await, 72 + 625, "one deal per four generated accounts");
    assert_eq!(count("sales_orders").await, demo_orders + 2500, "an order per generated account");
    assert_eq!(count("invoices").await, demo_invoices + 2500, "and an invoice");
    let (counter, numbered): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT last_value FROM document_counters WHERE series = 'invoice' AND year = 2024),
                (SELECT COUNT(*) FROM invoices WHERE number LIKE 'INV-2024-%')",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(counter, numbered, "the 2024 invoice counter continues after the generated numbers");
    // Deterministic: a second database seeded the same way holds the same generated names.
    let other = spawn().await;
    aftersale::server::seed::seed_demo(&other.state, 0).await.unwrap();
    aftersale::server::seed::seed_demo(&other.state, 2500).await.unwrap();
    let names = |pool: db::Pool| async move {
        sqlx::query_scalar::<db::Db, String>("SELECT name FROM accounts ORDER BY id").fetch_all(&pool).await.unwrap()
    };
    assert_eq!(names(app.state.pool.clone()).await, names(other.state.pool.clone()).await);
    let (status, _) = app
        .call(
            &app.client(),
            "login",
            &[("email", "sales@example.com"), ("password", aftersale::server::seed::DEMO_PASSWORD)],
        )
        .await;
    assert!(status.is_success(), "a demo login works");
}

#[tokio::test]
async fn metrics_can_require_a_bearer_token() {
    let app = spawn_with(&[("AFTERSALE_METRICS_TOKEN", "scrape-me")]).await;
    let c = reqwest::Client::new();
    assert_eq!(c.get(app.url("/metrics")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        c.get(app.url("/metrics")).bearer_auth("wrong").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let ok = c.get(app.url("/metrics")).bearer_auth("scrape-me").send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("aftersale_db_pool_connections"));
}

#[tokio::test]
async fn invented_http_methods_do_not_become_metric_labels() {
    let app = spawn().await;
    let c = reqwest::Client::new();
    for m in ["FROBNICATE", "X-EVIL-1", "X-EVIL-2"] {
        c.request(Method::from_bytes(m.as_bytes()).unwrap(), app.url("/healthz")).send().await.unwrap();
    }
    let text = c.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(!text.contains("FROBNICATE") && !text.contains("X-EVIL"), "{text}");
    assert!(text.contains(r#"method="other""#), "{text}");
}
