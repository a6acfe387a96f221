//! Customer links and dunning: a link opens the invoice and its PDF without an account, every
//! view is on the timeline, wrong / expired / revoked tokens get the same 404, the database holds
//! no plain token; a question pauses reminders; the dunning job sends each step once; and "Send"
//! delivers the email with the PDF attached to a real SMTP server.
use crate::common::*;
use crate::invoices::{invoice_draft, invoice_event};
use crate::orders::setup;
use crate::shipments::pdf_text;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The token of a customer link URL.
fn token(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

async fn issued(app: &TestApp, s: &crate::orders::Setup) -> (Value, String) {
    let d = invoice_draft(app, s, 2).await;
    let (_, i) = invoice_event(app, &s.token, &d["id"], "issue").await;
    let url = i["customer_link"]["url"].as_str().unwrap().to_string();
    (i, url)
}

#[tokio::test]
async fn a_customer_link_shows_the_invoice_and_bad_tokens_are_the_same_404() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (i, url) = issued(&app, &s).await;
    let stranger = app.client();
    let path = format!("/i/{}", token(&url));
    let (status, html) = app.get_html(&stranger, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(i["number"].as_str().unwrap())
            && html.contains("Amount due")
            && html.contains("Question this invoice")
    );
    assert!(!html.contains("Sign out"), "no employee navigation");
    let pdf = stranger.get(app.url(&format!("{path}/pdf"))).send().await.unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert!(pdf_text(&pdf.bytes().await.unwrap()).contains(i["number"].as_str().unwrap()));

    // Wrong, expired and revoked tokens look exactly alike.
    let (_, wrong) =
        app.get_html(&stranger, "/i/inv_0000000000000000000000000000000000000000000000000000000000000000").await;
    let (status, _) =
        app.get_html(&stranger, "/i/inv_0000000000000000000000000000000000000000000000000000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, url2) = {
        let (st, body) =
            app.api(Method::POST, &format!("/api/v1/invoices/{}/customer-link", i["id"]), Some(&s.token), None).await;
        assert_eq!(st, StatusCode::CREATED);
        ((), body["url"].as_str().unwrap().to_string())
    };
    sqlx::query("UPDATE invoice_links SET expires_at = $1 WHERE id = (SELECT MAX(id) FROM invoice_links)")
        .bind(chrono::Utc::now() - chrono::Duration::minutes(1))
        .execute(&app.state.pool)
        .await
        .unwrap();
    let (status, expired) = app.get_html(&stranger, &format!("/i/{}", token(&url2))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let first_link: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM invoice_links").fetch_one(&app.state.pool).await.unwrap();
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, _) = app
        .call(
            &web,
            "revoke_customer_link",
            &[("invoice_id", &i["id"].to_string()), ("link_id", &first_link.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, revoked) = app.get_html(&stranger, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let pdf = stranger.get(app.url(&format!("{path}/pdf"))).send().await.unwrap();
    assert_eq!(pdf.status(), StatusCode::NOT_FOUND);
    // The pages differ only in the per-response CSP nonce.
    let strip = |h: &str| {
        let nonce = h.split("nonce=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
        h.replace(&nonce, "")
    };
    assert_eq!(strip(&wrong), strip(&expired), "expired looks like wrong");
    assert_eq!(strip(&wrong), strip(&revoked), "revoked looks like wrong");

    // Only hashes are stored.
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM invoice_links").fetch_all(&app.state.pool).await.unwrap();
    for t in [token(&url), token(&url2)] {
        assert!(!hashes.iter().any(|h| h.contains(&t) || t.contains(h.as_str())), "no plain token in the database");
        assert!(t.len() >= 4 + 32, "at least 128 random bits");
    }
    let (_, html) = app.get_html(&web, &format!("/invoices/{}", i["id"])).await;
    assert!(html.contains("Viewed by customer") && html.contains("Link revoked"), "views are on the timeline");
}

#[tokio::test]
async fn a_question_pauses_dunning_until_it_is_resolved_and_each_reminder_goes_once() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (a, url_a) = issued(&app, &s).await;
    let (b, _) = issued(&app, &s).await;
    app.api(
        Method::PATCH,
        &format!("/api/v1/accounts/{}", s.account),
        Some(&s.token),
        Some(json!({"invoice_email": "ap@orsted.example"})),
    )
    .await;
    // The customer questions invoice A.
    let stranger = app.client();
    let (status, body) = app
        .call(
            &stranger,
            "question_invoice",
            &[("token", &token(&url_a)), ("name", ""), ("email", "x"), ("message", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = app
        .call(
            &stranger,
            "question_invoice",
            &[
                ("token", &token(&url_a)),
                ("name", "Zoë"),
                ("email", "zoe@orsted.example"),
                ("message", "Line 2 was billed twice"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, now) = app.api(Method::GET, &format!("/api/v1/invoices/{}", a["id"]), Some(&s.token), None).await;
    assert_eq!(now["disputed"], true);
    let owner_mail: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%was questioned'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(owner_mail, 1, "the owner is told");
    // Both are due today: the "due today" step (0) is due for both, but A is questioned.
    sqlx::query("UPDATE invoices SET due_date = $1")
        .bind(chrono::Utc::now().date_naive())
        .execute(&app.state.pool)
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    let run = |day| {
        let state = app.state.clone();
        async move { aftersale::server::service::invoices::mail::run_dunning(&state, day).await.unwrap() }
    };
    assert_eq!(run(today).await, "0 marked overdue, 1 reminders sent");
    assert_eq!(run(today).await, "0 marked overdue, 0 reminders sent", "the second run sends nothing again");
    let reminders: Vec<(String, String)> =
        sqlx::query_as("SELECT to_addr, subject FROM outbox WHERE subject LIKE 'Reminder:%'")
            .fetch_all(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0].1.contains(b["number"].as_str().unwrap()) && reminders[0].1.contains("is due today"),
        "{reminders:?}"
    );
    // A week later both are overdue; A is still questioned, so only B gets the 7-day step.
    let later = today + chrono::Duration::days(7);
    assert_eq!(run(later).await, "2 marked overdue, 1 reminders sent");
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, _) =
        app.call(&web, "resolve_invoice_question", &[("invoice_id", &a["id"].to_string()), ("resolution", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a resolution says how");
    let (status, _) = app
        .call(
            &web,
            "resolve_invoice_question",
            &[("invoice_id", &a["id"].to_string()), ("resolution", "Explained: it was a second delivery")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(run(later).await, "0 marked overdue, 1 reminders sent", "A's reminders resume");
    assert_eq!(run(later).await, "0 marked overdue, 0 reminders sent");
    let (_, html) = app.get_html(&web, &format!("/invoices/{}", a["id"])).await;
    assert!(
        html.contains("Questioned by customer") && html.contains("Question resolved") && html.contains("Reminder sent")
    );
}

#[tokio::test]
async fn sending_delivers_the_link_and_the_pdf_to_a_real_smtp_server() {
    let (mut sink, dir, url) = smtp_sink().await;
    let app = spawn_with(&[("SMTP_URL", &url), ("AFTERSALE_MAIL_FROM", "Billing <billing@test.example>")]).await;
    let s = setup(&app).await;
    let (_, contact) = app
        .api(
            Method::POST,
            "/api/v1/contacts",
            Some(&s.token),
            Some(json!({"account_id": s.account, "name": "Zoë Łukasiewicz", "email": "zoe@orsted.example"})),
        )
        .await;
    let (i, _) = issued(&app, &s).await;
    let (status, body) = invoice_event(&app, &s.token, &i["id"], "send").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no invoice email and no contact: {body}");
    let (status, sent) = app
        .api(
            Method::POST,
            &format!("/api/v1/invoices/{}/send", i["id"]),
            Some(&s.token),
            Some(json!({"contacts": [contact["id"]]})),
        )
        .await;
    assert_eq!((status, sent["status"].as_str()), (StatusCode::OK, Some("sent")), "{sent}");
    assert_eq!(app.state.mailer.deliver_queued(&app.state.pool).await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
    let raw = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    let number = i["number"].as_str().unwrap();
    assert!(raw.contains(&format!("Subject: Invoice {number}")), "{raw}");
    assert!(raw.contains("zoe@orsted.example") && raw.contains("/i/inv_"));
    assert!(
        raw.contains("Content-Type: application/pdf") && raw.contains(&format!("{number}.pdf")),
        "the PDF is attached"
    );
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

#[tokio::test]
async fn a_new_link_can_revoke_the_earlier_ones_and_sending_always_does() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (i, first) = issued(&app, &s).await;
    let path = format!("/api/v1/invoices/{}/customer-link", i["id"]);
    let (_, kept) = app.api(Method::POST, &path, Some(&s.token), None).await;
    let stranger = app.client();
    let opens = |url: String| {
        let stranger = stranger.clone();
        let app = &app;
        async move { app.get_html(&stranger, &format!("/i/{}", token(&url))).await.0 == StatusCode::OK }
    };
    assert!(opens(first.clone()).await && opens(kept["url"].as_str().unwrap().into()).await, "both links work");
    let (status, fresh) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"revoke_earlier": true}))).await;
    assert_eq!(status, StatusCode::CREATED, "{fresh}");
    assert!(!opens(first.clone()).await && !opens(kept["url"].as_str().unwrap().into()).await, "the old ones are dead");
    let fresh = fresh["url"].as_str().unwrap().to_string();
    assert!(opens(fresh.clone()).await);
    let account = format!("/api/v1/accounts/{}", s.account);
    app.api(Method::PATCH, &account, Some(&s.token), Some(json!({"invoice_email": "ap@customer.example"}))).await;
    let (status, sent) = invoice_event(&app, &s.token, &i["id"], "send").await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert!(!opens(fresh).await, "Send replaces the links with the one it mails");
}
