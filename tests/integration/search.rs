//! The shell: the search box (`/search?q=`, server fn `search`) finds accounts by part of their name
//! and documents by number, opens the one document whose number was typed, searches only what the
//! role may read, and runs nothing for an empty box; the grouped navigation marks the current page.
use crate::common::*;
use crate::invoices::{invoice_draft, invoice_event};
use crate::orders::{draft as order_draft, setup};
use aftersale::model::list::urlencode;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn search(app: &TestApp, client: &reqwest::Client, q: &str) -> Value {
    let (status, v) = app.call(client, "search", &[("q", q)]).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

/// (kind, label) of every hit, in order.
fn hits(v: &Value) -> Vec<(String, String)> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap().to_string(), h["label"].as_str().unwrap().to_string()))
        .collect()
}

fn location(res: &reqwest::Response) -> Option<&str> {
    res.headers().get("location").and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn accounts_are_found_by_part_of_their_name_in_any_case() {
    let app = spawn().await;
    let s = setup(&app).await; // the account "Ørsted Zoë Łukasiewicz Straße"
    let (status, _) =
        app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Acme 50% Tools"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let admin = app.logged_in(ADMIN_EMAIL).await;
    for q in ["łukasiewicz", "ZOË ŁUKA", "  sted Zo  "] {
        let v = search(&app, &admin, q).await;
        assert_eq!(hits(&v), [("account".into(), "Ørsted Zoë Łukasiewicz Straße".into())], "{q:?}");
        assert_eq!(v["hits"][0]["href"], format!("/accounts/{}", s.account));
        assert_eq!(v["redirect"], Value::Null, "an account never redirects");
    }
    assert_eq!(hits(&search(&app, &admin, "50%").await), [("account".into(), "Acme 50% Tools".into())]);
    assert!(hits(&search(&app, &admin, "5_%").await).is_empty(), "% and _ are matched literally");

    let (status, html) = app.get_html(&admin, "/search?q=acme").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Acme 50% Tools"), "{html}");
    assert!(html.contains(r#"value="acme""#), "the text stays in the box");
    assert!(!html.contains("More in the list"), "two accounts do not fill the group");
    for i in 0..20 {
        let body = json!({"name": format!("Acme Branch {i:02}")});
        assert_eq!(app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(body)).await.0, StatusCode::CREATED);
    }
    assert_eq!(hits(&search(&app, &admin, "acme").await).len(), 20, "at most 20 accounts");
    let (_, html) = app.get_html(&admin, "/search?q=acme%20").await;
    assert!(html.contains(r#"href="/accounts?q=acme""#), "a full group links to its list: {html}");
    let (status, html) = app.get_html(&admin, "/search?q=nobody-by-this-name").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nothing matches"), "{html}");
}

#[tokio::test]
async fn an_issued_invoice_is_found_by_its_number_and_its_exact_number_opens_it() {
    let app = spawn().await;
    let s = setup(&app).await;
    let year = chrono::Utc::now().format("%Y").to_string();
    let draft = invoice_draft(&app, &s, 1).await; // a draft has no number: never found
    let issued = invoice_draft(&app, &s, 1).await;
    let (status, issued) = invoice_event(&app, &s.token, &issued["id"], "issue").await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let number = issued["number"].as_str().unwrap().to_string();
    assert_eq!(number, format!("INV-{year}-000001"));
    let order = order_draft(&app, &s).await;
    let admin = app.logged_in(ADMIN_EMAIL).await;

    let v = search(&app, &admin, &format!("inv-{year}")).await;
    assert_eq!(hits(&v), [("invoice".into(), number.clone())], "by prefix, in any case; the draft is not there");
    assert_eq!(v["redirect"], Value::Null, "a prefix lists");
    let v = search(&app, &admin, &number.to_lowercase()).await;
    assert_eq!(v["redirect"], format!("/invoices/{}", issued["id"]));
    assert_ne!(draft["id"], issued["id"]);

    for q in [number.clone(), format!("  {}  ", number.to_lowercase())] {
        let res = admin
            .get(app.url(&format!("/search?q={}", urlencode(&q))))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "{q:?}");
        assert_eq!(location(&res), Some(format!("/invoices/{}", issued["id"]).as_str()));
    }
    let order_number = order["number"].as_str().unwrap();
    let res = admin.get(app.url(&format!("/search?q={order_number}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND, "a redirect whatever the Accept header");
    assert_eq!(location(&res), Some(format!("/orders/{}", order["id"]).as_str()));
    // The page of a prefix lists, under its kind's heading, with a link to the invoice.
    let (status, html) = app.get_html(&admin, &format!("/search?q=INV-{year}-0000")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(r#"href="/invoices/{}""#, issued["id"])), "{html}");
    assert!(html.contains("Invoices</h2>"));
}

#[tokio::test]
async fn a_role_without_payments_finds_no_payment() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (status, p) = app
        .api(
            Method::POST,
            "/api/v1/payments",
            Some(&s.token),
            Some(json!({"account_id": s.account, "amount": "10.00", "method": "cash"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let number = p["number"].as_str().unwrap().to_string();
    app.create_user("finance@test.example", "Fiona Finance", "finance").await;
    app.create_user("support@test.example", "Sven Support", "support").await;

    let finance = app.logged_in("finance@test.example").await;
    let v = search(&app, &finance, &number).await;
    assert_eq!(hits(&v), [("payment".into(), number.clone())]);
    assert_eq!(v["redirect"], format!("/payments/{}", p["id"]));

    let support = app.logged_in("support@test.example").await;
    let v = search(&app, &support, &number).await;
    assert!(hits(&v).is_empty(), "support may not read payments: {v}");
    assert_eq!(v["redirect"], Value::Null);
    let (status, html) = app.get_html(&support, &format!("/search?q={number}")).await;
    assert_eq!(status, StatusCode::OK, "no redirect to a page support may not open");
    assert!(html.contains("Nothing matches") && !html.contains(&format!("/payments/{}", p["id"])));
    // Support still finds accounts.
    assert_eq!(hits(&search(&app, &support, "straße").await).len(), 1);
}

#[tokio::test]
async fn an_empty_query_is_a_hint_and_searches_nothing() {
    let app = spawn().await;
    setup(&app).await;
    let admin = app.logged_in(ADMIN_EMAIL).await;
    // An empty LIKE pattern would match every account: no hits means no search ran.
    for q in ["", "   ", "a\u{0}b"] {
        let v = search(&app, &admin, q).await;
        assert!(hits(&v).is_empty(), "{q:?}: {v}");
        assert!(v["hint"].as_str().is_some_and(|h| !h.is_empty()), "{q:?}: {v}");
    }
    let (status, html) = app.get_html(&admin, "/search?q=").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="search-hint""#), "{html}");
    let (status, html) = app.get_html(&admin, "/search").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="search-hint""#));
    // A long text is cut to 100 characters, then searched.
    let v = search(&app, &admin, &"ø".repeat(500)).await;
    assert_eq!(v["q"].as_str().unwrap().chars().count(), 100);
    assert_eq!(v["hint"], Value::Null);
    // Signed out: no search, the sign-in page.
    let (status, _) = app.call(&app.client(), "search", &[("q", "straße")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_navigation_shows_the_roles_groups_and_marks_the_current_page() {
    let app = spawn().await;
    app.create_user("support@test.example", "Sven Support", "support").await;
    let admin = app.logged_in(ADMIN_EMAIL).await;
    let (_, html) = app.get_html(&admin, "/payments/reconcile").await;
    assert!(html.contains(r#"<a href="/payments/reconcile" aria-current="page">"#), "{html}");
    assert!(html.contains(r#"<a href="/payments">"#), "only the longest prefix is current");
    assert!(html.contains(r#"<a href="/">"#), "the dashboard is current only on itself");
    assert_eq!(html.matches(r#"aria-current="page""#).count(), 1);
    for group in ["Sales", "Finance", "Admin"] {
        assert!(html.contains(&format!(r#"id="nav-{}""#, group.to_lowercase())), "{group}");
        assert!(html.contains(&format!(">{group}</p>")), "{group}");
    }
    let form = html.split("<form").find(|f| f.contains(r#"role="search""#)).expect("the shell's search form");
    assert!(form.contains(r#"action="/search""#) && form.contains(r#"method="get""#), "{form}");
    assert!(form.contains(r#"name="q""#) && form.contains(r#"type="search""#), "{form}");
    let (_, html) = app.get_html(&admin, "/invoices/12345").await;
    assert!(html.contains(r#"<a href="/invoices" aria-current="page">"#), "a detail page marks its list");

    let support = app.logged_in("support@test.example").await;
    let (_, html) = app.get_html(&support, "/").await;
    assert!(html.contains(r#"<a href="/" aria-current="page">"#));
    assert!(!html.contains(r#"id="nav-admin""#), "no Admin heading without an admin link");
    assert!(!html.contains(r#"href="/payments""#) && !html.contains(r#"href="/admin/users""#));
    assert!(html.contains(r#"href="/invoices""#));
}
