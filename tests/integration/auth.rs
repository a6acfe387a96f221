//! Signing in, throttling, roles on pages and server fns, and sessions ending.
use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_demo_admin_signs_in_and_sees_the_admin_pages() {
    let app = spawn().await;
    let c = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&c, "/admin/users").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Test Admin") && html.contains(ADMIN_EMAIL), "users list shows the admin");
    assert!(html.contains(r#"href="/admin/tokens""#), "admin navigation has API tokens");
}

#[tokio::test]
async fn a_wrong_password_says_so_and_the_sixth_attempt_is_throttled() {
    let app = spawn().await;
    let c = app.client();
    for attempt in 1..=5 {
        let (status, body) = app.call(&c, "login", &[("email", ADMIN_EMAIL), ("password", "wrong password!")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert_eq!(body["kind"], "bad_credentials");
    }
    // Even the right password is refused now, with how long to wait.
    let (status, body) = app.call(&c, "login", &[("email", ADMIN_EMAIL), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["kind"], "too_many_requests");
    assert_eq!(body["minutes"], 15);
    // Another account from the same address is not locked by this one's failures.
    app.create_user("other@test.example", "Other", "sales").await;
    app.login(&app.client(), "other@test.example").await;
}

#[tokio::test]
async fn the_throttle_message_reaches_a_form_without_javascript() {
    let app = spawn().await;
    let c = app.client();
    for _ in 0..6 {
        let res = c
            .post(app.url("/fn/login"))
            .header("accept", "text/html")
            .header("referer", app.url("/login"))
            .form(&[("email", ADMIN_EMAIL), ("password", "nope nope nope")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "a plain form post is answered with a redirect back");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.contains("__err="), "{location}");
        let (_, html) = app.get_html(&c, location.trim_start_matches(&app.base)).await;
        assert!(
            html.contains("wrong email or password") || html.contains("too many attempts, try again in 15 minutes"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn empty_fields_are_named_next_to_the_field() {
    let app = spawn().await;
    let (status, body) = app.call(&app.client(), "login", &[("email", ""), ("password", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["email"][0], "is required");
    assert_eq!(body["fields"]["password"][0], "is required");
}

#[tokio::test]
async fn emails_match_case_insensitively_at_login() {
    let app = spawn().await;
    app.login(&app.client(), "ADMIN@Test.Example").await;
}

#[tokio::test]
async fn pages_send_strangers_to_the_login_page_with_next() {
    let app = spawn().await;
    let res = app.client().get(app.url("/admin/users?q=x")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/login?next=/admin/users%3Fq%3Dx");
    let res = app.client().get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND, "also without an Accept header");
}

#[tokio::test]
async fn login_redirects_only_to_paths_on_this_site() {
    let app = spawn().await;
    let c = app.client();
    let res = c
        .post(app.url("/fn/login"))
        .header("accept", "text/html")
        .form(&[("email", ADMIN_EMAIL), ("password", PASSWORD), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn a_sales_user_gets_403_on_admin_pages_and_admin_server_fns() {
    let app = spawn().await;
    app.create_user("sam@test.example", "Sam", "sales").await;
    let c = app.logged_in("sam@test.example").await;
    let (status, html) = app.get_html(&c, "/admin/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Not allowed"));
    assert!(!html.contains(ADMIN_EMAIL), "no user data leaks into the 403 page");
    assert!(!html.contains("new-user-form"), "no admin form on the 403 page");
    let (status, html) = app.get_html(&c, "/admin/tokens").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("new-token-form"), "no token form on the 403 page");
    let (status, _) = app.get_html(&c, "/").await;
    assert_eq!(status, StatusCode::OK, "the dashboard is open to every role");
    for (name, form) in [
        ("list_users", vec![]),
        ("create_user", vec![("email", "x@test.example"), ("name", "X"), ("role", "admin"), ("password", PASSWORD)]),
        ("update_user", vec![("id", "1"), ("field", "role"), ("value", "sales")]),
        ("list_tokens", vec![]),
        ("create_token", vec![("email", "sam@test.example"), ("name", "mine")]),
        ("list_outbox", vec![]),
        ("list_job_runs", vec![]),
    ] {
        let (status, body) = app.call(&c, name, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {body}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(count, 2, "nothing was created");
}

#[tokio::test]
async fn server_fns_refuse_strangers_with_401() {
    let app = spawn().await;
    let (status, body) = app.call(&app.client(), "list_users", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["kind"], "unauthorized");
}

#[tokio::test]
async fn a_planted_session_id_is_replaced_at_login() {
    let app = spawn().await;
    let planted = "aftersale_session=A6vJmP8MRDu1abjqPyYhxg";
    let res = reqwest::Client::new()
        .post(app.url("/fn/login"))
        .header("origin", &app.base)
        .header("cookie", planted)
        .form(&[("email", ADMIN_EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("aftersale_session="));
    assert!(!cookie.starts_with(planted), "a fresh session id: {cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn deactivating_a_user_ends_all_their_sessions() {
    let app = spawn().await;
    let id = app.create_user("fin@test.example", "Fin", "finance").await;
    let (a, b) = (app.logged_in("fin@test.example").await, app.logged_in("fin@test.example").await);
    assert_eq!(app.get_html(&a, "/").await.0, StatusCode::OK);
    let admin = app.logged_in(ADMIN_EMAIL).await;
    let (status, body) = app.update_user(&admin, id, "active", "false").await;
    assert!(status.is_success(), "{body}");
    assert_eq!(body, false, "the user is inactive now");
    for c in [&a, &b] {
        assert_eq!(app.get_html(c, "/").await.0, StatusCode::FOUND, "session ended: sent to login");
    }
    let (status, _) = app.call(&app.client(), "login", &[("email", "fin@test.example"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a deactivated user cannot sign in");
}

#[tokio::test]
async fn a_password_reset_ends_the_users_sessions_and_the_new_password_works() {
    let app = spawn().await;
    let id = app.create_user("sup@test.example", "Sup", "support").await;
    let old = app.logged_in("sup@test.example").await;
    let admin = app.logged_in(ADMIN_EMAIL).await;
    let (status, body) = app.update_user(&admin, id, "password", "short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["password"][0], "must be at least 10 characters");
    let (status, _) = app.update_user(&admin, id, "password", "a brand new passphrase").await;
    assert!(status.is_success());
    assert_eq!(app.get_html(&old, "/").await.0, StatusCode::FOUND);
    let c = app.client();
    let (status, _) =
        app.call(&c, "login", &[("email", "sup@test.example"), ("password", "a brand new passphrase")]).await;
    assert!(status.is_success());
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn().await;
    let c = app.logged_in(ADMIN_EMAIL).await;
    let res = c.post(app.url("/fn/logout")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/login");
    assert_eq!(app.get_html(&c, "/").await.0, StatusCode::FOUND);
}

#[tokio::test]
async fn one_address_guessing_many_emails_is_throttled_without_locking_out_others() {
    let app = spawn_with(&[("AFTERSALE_TRUST_PROXY", "1")]).await;
    let attempt = |ip: &'static str, email: String, password: &'static str| {
        let c = app.client();
        let url = app.url("/fn/login");
        async move {
            c.post(url)
                .header("accept", "application/json")
                .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
                .form(&[("email", email.as_str()), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..30 {
        assert_eq!(
            attempt("198.51.100.7", format!("guess{i}@test.example"), "password123").await,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = attempt("198.51.100.7", ADMIN_EMAIL.to_string(), PASSWORD).await;
    assert_eq!(blocked, StatusCode::TOO_MANY_REQUESTS, "the guessing address is refused even with a right password");
    let other = attempt("198.51.100.8", ADMIN_EMAIL.to_string(), PASSWORD).await;
    assert_eq!(other, StatusCode::OK, "the admin behind another address still gets in");
}

#[tokio::test]
async fn thirty_parallel_guesses_get_no_more_tries_than_five_sequential_ones() {
    let app = spawn().await;
    let app = &app;
    let guesses = futures::future::join_all((0..30).map(|i| async move {
        let c = app.client();
        app.call(&c, "login", &[("email", ADMIN_EMAIL), ("password", &format!("guess number {i}"))]).await.0
    }))
    .await;
    let checked = guesses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let throttled = guesses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} passwords were checked: attempts in progress must count");
    assert_eq!(checked + throttled, 30, "{guesses:?}");
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = spawn().await;
    for round in 0..8 {
        let email = format!("second{round}@test.example");
        let second = app.create_user(&email, "Second Admin", "admin").await;
        let first = aftersale::server::db::users::by_email(&app.state.pool, ADMIN_EMAIL).await.unwrap().unwrap().id;
        let (a, b) = (app.logged_in(ADMIN_EMAIL).await, app.logged_in(&email).await);
        let (x, y) =
            futures::join!(app.update_user(&a, second, "role", "sales"), app.update_user(&b, first, "role", "sales"));
        let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = TRUE")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(admins, 1, "round {round}: {} {} / {} {}", x.0, x.1, y.0, y.1);
        // The first admin is the admin again for the next round.
        for (id, role) in [(first, "admin"), (second, "sales")] {
            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                .bind(role)
                .bind(id)
                .execute(&app.state.pool)
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_new_api_token_is_shown_once_and_never_rests_in_plain_text_in_the_session() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, token) = app.call(&web, "create_token", &[("email", ADMIN_EMAIL), ("name", "ci")]).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let token = token.as_str().unwrap().to_string();
    let secret_part = &token[token.len() - 24..];
    #[cfg(not(feature = "postgres"))]
    let sql = "SELECT data FROM tower_sessions";
    #[cfg(feature = "postgres")]
    let sql = "SELECT data FROM tower_sessions.session";
    let rows: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(&app.state.pool).await.unwrap();
    assert!(!rows.is_empty());
    for data in &rows {
        assert!(!String::from_utf8_lossy(data).contains(secret_part), "the session row holds the token");
    }
    let (_, html) = app.get_html(&web, "/admin/tokens").await;
    assert!(html.contains(&token), "the next page shows it once");
    let (_, again) = app.get_html(&web, "/admin/tokens").await;
    assert!(!again.contains(&token), "and only once");
}
