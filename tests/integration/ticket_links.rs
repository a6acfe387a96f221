//! Customer links to tickets: made over REST (201, a `/t/` URL, the company's number of days), the
//! page shows the public thread and never an internal note, a public reply emails the customer
//! (the reply and a fresh link, never a note) while a note emails nobody, every bad token is the
//! same 404, the customer's reply through the page moves the ticket (waiting → in progress,
//! resolved → open, closed → one follow-up), and the rating (resolved only, 1–5, once). The
//! customer reaches nothing but `/t/{token}` and its forms: no REST view takes a link's token.
use crate::common::*;
use crate::orders::{setup, Setup};
use crate::tickets::{get_ticket, open_ticket, ticket_event};
use aftersale::model::permissions::Role;
use chrono::{DateTime, Duration, Utc};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

/// Written into internal notes; no page or email a customer gets may contain it.
const NOTE_MARKER: &str = "INTERNAL-7f3c-margin-is-thin";

/// The token of a customer link URL.
fn token(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

/// A ticket for a contact with an email on the setup's account.
async fn ticket_with_contact(app: &TestApp, s: &Setup) -> Value {
    let body = json!({"account_id": s.account, "name": "Zoë Łukasiewicz", "email": "zoe@orsted.example"});
    let (status, c) = app.api(Method::POST, "/api/v1/contacts", Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    open_ticket(app, &s.token, s.account, json!({"contact_id": c["id"]})).await
}

async fn comment(app: &TestApp, s: &Setup, id: &Value, body: &str, public: bool) {
    let path = format!("/api/v1/tickets/{id}/comments");
    let (status, c) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"body": body, "public": public}))).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
}

async fn new_link(app: &TestApp, s: &Setup, id: &Value) -> Value {
    let path = format!("/api/v1/tickets/{id}/customer-link");
    let (status, l) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    l
}

async fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT to_addr, subject, body_text FROM outbox ORDER BY id")
        .fetch_all(&app.state.pool)
        .await
        .unwrap()
}

async fn event_kinds(app: &TestApp, s: &Setup, id: &Value) -> Vec<(String, String)> {
    let (status, events) = app.api(Method::GET, &format!("/api/v1/tickets/{id}/events"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK, "{events}");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    events.as_array().unwrap().iter().map(|e| (text(&e["kind"]), text(&e["note"]))).collect()
}

/// A form post as a browser without JavaScript makes it: (status, Location).
pub async fn post_plain(
    app: &TestApp,
    client: &Client,
    name: &str,
    form: &[(&str, &str)],
    page: &str,
) -> (StatusCode, String) {
    let res = client
        .post(app.url(&format!("/fn/{name}")))
        .header("accept", "text/html")
        .header("referer", app.url(page))
        .form(form)
        .send()
        .await
        .unwrap();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status(), location)
}

async fn status_of(app: &TestApp, s: &Setup, id: &Value) -> String {
    get_ticket(app, &s.token, id).await["status"].as_str().unwrap().to_string()
}

/// The page without the per-response CSP nonce, so two answers can be compared.
fn strip_nonce(h: &str) -> String {
    let nonce = h.split("nonce=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
    h.replace(&nonce, "")
}

#[tokio::test]
async fn a_link_made_over_rest_opens_the_public_thread_and_never_an_internal_note() {
    let app = spawn().await;
    let s = setup(&app).await;
    sqlx::query("UPDATE company_settings SET ticket_link_days = 12").execute(&app.state.pool).await.unwrap();
    let t = ticket_with_contact(&app, &s).await;
    comment(&app, &s, &t["id"], "We are looking into it.", true).await;
    comment(&app, &s, &t["id"], &format!("{NOTE_MARKER}: the customer's printer is out of warranty"), false).await;

    let l = new_link(&app, &s, &t["id"]).await;
    let url = l["url"].as_str().unwrap();
    let base = app.state.config.base_url.trim_end_matches('/');
    assert!(url.starts_with(&format!("{base}/t/tck_")), "{url}");
    let expires: DateTime<Utc> = l["expires_at"].as_str().unwrap().parse().unwrap();
    let expected = Utc::now() + Duration::days(12);
    assert!((expires - expected).num_seconds().abs() < 60, "expires {expires}, the setting says {expected}");

    let stranger = app.client();
    let (status, html) = app.get_html(&stranger, &format!("/t/{}", token(url))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(t["number"].as_str().unwrap()) && html.contains("Printer offline"), "{html}");
    assert!(html.contains("We are looking into it.") && html.contains("Open"), "{html}");
    assert!(!html.contains(NOTE_MARKER) && !html.contains("out of warranty"), "no internal note on the page");
    assert!(!html.contains("Internal note") && !html.contains("Sign out"), "no employee view");
    assert!(html.contains("reply-form") && !html.contains("rating-form"), "a reply form; no rating before resolved");

    let kinds = event_kinds(&app, &s, &t["id"]).await;
    assert!(kinds.iter().any(|(k, _)| k == "link_created") && kinds.iter().any(|(k, _)| k == "viewed_by_customer"));
    // The reply's email made a link of its own; only the one opened is stamped.
    let viewed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ticket_links WHERE last_viewed_at IS NOT NULL")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(viewed, 1, "the view is stamped on the link");
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM ticket_links").fetch_all(&app.state.pool).await.unwrap();
    assert!(!hashes.iter().any(|h| h.contains(&token(url)) || token(url).contains(h.as_str())), "only hashes stored");

    // A closed ticket still gets a link: the customer keeps the record of the conversation.
    ticket_event(&app, &s.token, &t["id"], "resolve", Some(json!({"note": "Restarted"}))).await;
    ticket_event(&app, &s.token, &t["id"], "close", None).await;
    let closed = new_link(&app, &s, &t["id"]).await;
    let (status, html) = app.get_html(&stranger, &format!("/t/{}", token(closed["url"].as_str().unwrap()))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Closed") && html.contains("We are looking into it.") && !html.contains(NOTE_MARKER));
    let (status, _) = app.api(Method::POST, "/api/v1/tickets/999999/customer-link", Some(&s.token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_public_reply_emails_the_reply_with_a_fresh_link_and_a_note_sends_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = ticket_with_contact(&app, &s).await;
    let before = outbox(&app).await.len();
    comment(&app, &s, &t["id"], &format!("{NOTE_MARKER}: they use the old driver"), false).await;
    assert_eq!(outbox(&app).await.len(), before, "an internal note sends nothing");

    comment(&app, &s, &t["id"], "Please install driver 4.2 and restart the printer.", true).await;
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), before + 1, "one email per public reply");
    let (to, subject, body) = mails.last().unwrap();
    assert_eq!(to, "zoe@orsted.example");
    assert_eq!(subject, &format!("[{}] Printer offline", t["number"].as_str().unwrap()));
    assert!(body.contains("Please install driver 4.2 and restart the printer."), "{body}");
    assert!(!body.contains(NOTE_MARKER) && !body.contains("old driver"), "no note in the email: {body}");
    let url = body.split_whitespace().find(|w| w.contains("/t/tck_")).expect("the email carries a link");
    let (status, html) = app.get_html(&app.client(), &format!("/t/{}", token(url))).await;
    assert_eq!(status, StatusCode::OK, "the emailed link opens the ticket");
    assert!(html.contains("Please install driver 4.2") && !html.contains(NOTE_MARKER));
    let kinds = event_kinds(&app, &s, &t["id"]).await;
    assert!(kinds.iter().any(|(k, n)| k == "reply_emailed" && n.contains("zoe@orsted.example")), "{kinds:?}");

    // No contact: the account's invoice address; neither: nobody, and the timeline says so.
    let account = format!("/api/v1/accounts/{}", s.account);
    app.api(Method::PATCH, &account, Some(&s.token), Some(json!({"invoice_email": "ap@orsted.example"}))).await;
    let no_contact = open_ticket(&app, &s.token, s.account, json!({"subject": "Invoice copy"})).await;
    comment(&app, &s, &no_contact["id"], "Attached again.", true).await;
    let (to, subject, _) = outbox(&app).await.last().unwrap().clone();
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("ap@orsted.example", &*format!("[{}] Invoice copy", no_contact["number"].as_str().unwrap()))
    );
    let (_, bare) =
        app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "No Mail AB"}))).await;
    let nobody = open_ticket(&app, &s.token, bare["id"].as_i64().unwrap(), json!({})).await;
    let count = outbox(&app).await.len();
    comment(&app, &s, &nobody["id"], "We fixed it.", true).await;
    assert_eq!(outbox(&app).await.len(), count, "no address, no email");
    let kinds = event_kinds(&app, &s, &nobody["id"]).await;
    assert!(kinds.iter().any(|(k, n)| k == "reply_not_emailed" && n.contains("no address to send to")), "{kinds:?}");
}

#[tokio::test]
async fn wrong_expired_revoked_malformed_and_too_long_tokens_are_the_same_404() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = ticket_with_contact(&app, &s).await;
    let stranger = app.client();
    let (status, wrong) = app.get_html(&stranger, &format!("/t/tck_{}", "0".repeat(64))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let expiring = token(new_link(&app, &s, &t["id"]).await["url"].as_str().unwrap());
    sqlx::query("UPDATE ticket_links SET expires_at = $1 WHERE id = (SELECT MAX(id) FROM ticket_links)")
        .bind(Utc::now() - Duration::minutes(1))
        .execute(&app.state.pool)
        .await
        .unwrap();
    let revoked = token(new_link(&app, &s, &t["id"]).await["url"].as_str().unwrap());
    let (status, _) = app.get_html(&stranger, &format!("/t/{revoked}")).await;
    assert_eq!(status, StatusCode::OK, "live until revoked");
    let link_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM ticket_links").fetch_one(&app.state.pool).await.unwrap();
    let admin = aftersale::server::db::users::by_email(&app.state.pool, ADMIN_EMAIL).await.unwrap().unwrap();
    let actor = aftersale::server::auth::Actor { id: admin.id, name: admin.name, role: Role::Admin };
    let ticket_id = t["id"].as_i64().unwrap();
    aftersale::server::service::tickets::links::revoke(&app.state.pool, &actor, ticket_id, link_id).await.unwrap();
    let again = aftersale::server::service::tickets::links::revoke(&app.state.pool, &actor, ticket_id, link_id).await;
    assert!(again.is_err(), "a revoked link is not revoked twice");
    let links =
        aftersale::server::service::tickets::links::for_ticket(&app.state.pool, &actor, ticket_id).await.unwrap();
    assert_eq!((links.len(), links.iter().filter(|l| l.active).count()), (2, 0), "{links:?}");

    let long = format!("tck_{}", "a".repeat(300));
    for bad in [expiring.as_str(), revoked.as_str(), "tck_%3Cscript%3E", "..%2F..%2Fetc", long.as_str()] {
        let (status, html) = app.get_html(&stranger, &format!("/t/{bad}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(strip_nonce(&html), strip_nonce(&wrong), "{bad} looks like any wrong token");
        let (status, _) = app.call(&stranger, "reply_customer_ticket", &[("token", bad), ("body", "Hello?")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "no reply through {bad}");
        let (status, _) = app.call(&stranger, "rate_customer_ticket", &[("token", bad), ("rating", "5")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "no rating through {bad}");
    }
    let kinds = event_kinds(&app, &s, &t["id"]).await;
    assert!(kinds.iter().any(|(k, _)| k == "link_revoked"));
    assert_eq!(kinds.iter().filter(|(k, _)| k == "customer_replied").count(), 0);
}

#[tokio::test]
async fn the_customer_answers_through_the_page_without_javascript_and_the_ticket_moves() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = ticket_with_contact(&app, &s).await;
    let id = &t["id"];
    let tok = token(new_link(&app, &s, id).await["url"].as_str().unwrap());
    let page = format!("/t/{tok}");
    let customer = app.client();
    ticket_event(&app, &s.token, id, "start", None).await;
    ticket_event(&app, &s.token, id, "wait", None).await;
    assert_eq!(status_of(&app, &s, id).await, "waiting");

    let (status, location) =
        post_plain(&app, &customer, "reply_customer_ticket", &[("token", &tok), ("body", " ")], &page).await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(location.contains("__err="), "an empty reply goes back with the error: {location}");
    let (status, body) = app.call(&customer, "reply_customer_ticket", &[("token", &tok), ("body", " ")]).await;
    assert_eq!((status, body["fields"]["body"][0].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("is required")));

    let form = [("token", tok.as_str()), ("body", "Driver installed, it prints again.")];
    let (status, location) = post_plain(&app, &customer, "reply_customer_ticket", &form, &page).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, page.as_str()), "back to the ticket's page");
    assert_eq!(status_of(&app, &s, id).await, "in_progress", "a reply resumes a waiting ticket");
    let (_, comments) = app.api(Method::GET, &format!("/api/v1/tickets/{id}/comments"), Some(&s.token), None).await;
    let last = comments.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["author_name"].as_str(),
            last["public"].as_bool(),
            last["source"].as_str(),
            last["author_user_id"].is_null()
        ),
        (Some("Zoë Łukasiewicz"), Some(true), Some("customer_link"), true),
        "{last}"
    );
    let (_, html) = app.get_html(&customer, &page).await;
    assert!(html.contains("Driver installed, it prints again."));

    ticket_event(&app, &s.token, id, "resolve", Some(json!({"note": "Driver updated"}))).await;
    let (status, _) =
        app.call(&customer, "reply_customer_ticket", &[("token", &tok), ("body", "It broke again.")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(status_of(&app, &s, id).await, "open", "a reply reopens a resolved ticket");

    ticket_event(&app, &s.token, id, "resolve", Some(json!({"note": "Replaced the fuser"}))).await;
    ticket_event(&app, &s.token, id, "close", None).await;
    let (status, _) =
        app.call(&customer, "reply_customer_ticket", &[("token", &tok), ("body", "Paper jams now.")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(status_of(&app, &s, id).await, "closed", "closed is final");
    let follow_ups: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, number, description, channel FROM tickets WHERE follow_up_of = $1")
            .bind(id.as_i64().unwrap())
            .fetch_all(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(follow_ups.len(), 1, "{follow_ups:?}");
    let (follow_up, number, description, channel) = follow_ups[0].clone();
    assert_eq!((description.as_str(), channel.as_str()), ("Paper jams now.", "customer_link"));
    let (_, html) = app.get_html(&customer, &page).await;
    assert!(html.contains("follow-up") && html.contains(&number), "the page names the follow-up");

    // Writing again on the closed ticket's page adds to that follow-up instead of opening another.
    let (status, _) =
        app.call(&customer, "reply_customer_ticket", &[("token", &tok), ("body", "Also the tray.")]).await;
    assert_eq!(status, StatusCode::OK);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE follow_up_of = $1")
        .bind(id.as_i64().unwrap())
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let (_, comments) =
        app.api(Method::GET, &format!("/api/v1/tickets/{follow_up}/comments"), Some(&s.token), None).await;
    assert!(comments.as_array().unwrap().iter().any(|c| c["body"] == "Also the tray."), "{comments}");
}

#[tokio::test]
async fn a_rating_needs_a_resolved_ticket_a_score_from_one_to_five_and_is_given_once() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = ticket_with_contact(&app, &s).await;
    let id = &t["id"];
    let tok = token(new_link(&app, &s, id).await["url"].as_str().unwrap());
    let customer = app.client();
    let rate = |rating: &'static str, comment: &'static str| {
        let (customer, tok, app) = (customer.clone(), tok.clone(), &app);
        async move {
            app.call(&customer, "rate_customer_ticket", &[("token", &tok), ("rating", rating), ("comment", comment)])
                .await
        }
    };
    let (status, body) = rate("5", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "not resolved yet: {body}");

    ticket_event(&app, &s.token, id, "resolve", Some(json!({"note": "Driver updated"}))).await;
    let (_, html) = app.get_html(&customer, &format!("/t/{tok}")).await;
    assert!(html.contains("rating-form"), "resolved: the rating form shows");
    for bad in ["0", "6", "", "4.5"] {
        let (status, body) = rate(bad, "").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {body}");
        assert!(body.to_string().contains("rating"), "{body}");
    }
    let (status, body) = rate("4", "Quick and friendly").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rated = get_ticket(&app, &s.token, id).await;
    assert_eq!((rated["rating"].as_i64(), rated["rating_comment"].as_str()), (Some(4), Some("Quick and friendly")));
    let (status, _) = rate("1", "Changed my mind").await;
    assert_eq!(status, StatusCode::CONFLICT, "once");
    assert_eq!(get_ticket(&app, &s.token, id).await["rating"], 4, "the first rating stays");

    let (_, html) = app.get_html(&customer, &format!("/t/{tok}")).await;
    assert!(html.contains("4 of 5") && html.contains("Quick and friendly") && !html.contains("rating-form"));
    let kinds = event_kinds(&app, &s, id).await;
    assert!(kinds.iter().any(|(k, n)| k == "rated" && n.starts_with("4 of 5")), "{kinds:?}");
}
