//! Sales orders: numbers, lines priced by the totals function, the link to a won opportunity,
//! every validation path writing nothing, the status machine over REST, drafts only editable,
//! ownership, and the list's filters, pages and CSV.
use crate::catalog::tax_rate;
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct Setup {
    pub token: String,
    pub account: i64,
    pub standard: i64,
    pub reduced: i64,
    pub product: i64,
}

pub async fn setup(app: &TestApp) -> Setup {
    let token = app.token(ADMIN_EMAIL).await;
    let standard = tax_rate(app, &token, "Standard", "20").await;
    let reduced = tax_rate(app, &token, "Reduced", "7").await;
    let (_, p) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&token),
            Some(
                json!({"sku": "SRV", "name": "Server", "unit": "pcs", "unit_price": "199.99", "tax_rate_id": standard}),
            ),
        )
        .await;
    let (_, a) = app
        .api(
            Method::POST,
            "/api/v1/accounts",
            Some(&token),
            Some(json!({"name": "Ørsted Zoë Łukasiewicz Straße", "billing_address": "Hafenstraße 1\nKøbenhavn",
                "payment_terms_days": 14})),
        )
        .await;
    Setup { token, account: a["id"].as_i64().unwrap(), standard, reduced, product: p["id"].as_i64().unwrap() }
}

/// A draft order with two lines (3 servers at 10 % off, 2.5 h of installation at 7 %).
pub async fn draft(app: &TestApp, s: &Setup) -> Value {
    let body = json!({
        "account_id": s.account, "customer_reference": "PO-4711",
        "lines": [
            {"product_id": s.product, "quantity": "3", "discount_percent": "10"},
            {"description": "Installation", "quantity": "2.5", "unit": "h", "unit_price": "80", "tax_rate_id": s.reduced}
        ]
    });
    let (status, o) = app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    o
}

pub async fn event(app: &TestApp, token: &str, id: &Value, e: &str) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/sales-orders/{id}/{e}"), Some(token), None).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<aftersale::server::db::Db, i64>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_order_is_numbered_priced_by_the_totals_function_and_takes_the_accounts_details() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = draft(&app, &s).await;
    let year = chrono::Utc::now().format("%Y");
    assert_eq!(o["number"], format!("SO-{year}-000001"));
    // 3 × 199.99 × 0.9 = 539.973 → 539.97 at 20 % = 107.99; 2.5 × 80 = 200.00 at 7 % = 14.00
    assert_eq!(
        (o["subtotal"].as_str(), o["tax_total"].as_str(), o["total"].as_str()),
        (Some("739.97"), Some("121.99"), Some("861.96"))
    );
    let l = &o["lines"];
    assert_eq!((l[0]["description"].as_str(), l[0]["unit"].as_str()), (Some("Server"), Some("pcs")));
    assert_eq!(
        (l[0]["net"].as_str(), l[0]["tax"].as_str(), l[0]["total"].as_str()),
        (Some("539.97"), Some("107.99"), Some("647.96"))
    );
    assert_eq!((l[1]["unit"].as_str(), l[1]["remaining_quantity"].as_str()), (Some("h"), Some("2.5")));
    assert_eq!((o["status"].as_str(), o["invoicing_status"].as_str()), (Some("draft"), Some("not_invoiced")));
    assert_eq!((o["currency"].as_str(), o["payment_terms_days"].as_i64()), (Some("EUR"), Some(14)));
    assert_eq!(o["billing_address"], "Hafenstraße 1\nKøbenhavn", "copied from the account");
    assert_eq!(o["shipping_address"], "Hafenstraße 1\nKøbenhavn", "no shipping address: the billing one");
    let second = draft(&app, &s).await;
    assert_eq!(second["number"], format!("SO-{year}-000002"));
}

#[tokio::test]
async fn a_won_opportunity_becomes_an_order_with_its_lines_linked_both_ways() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (_, opp) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&s.token),
            Some(json!({"name": "Rollout", "account_id": s.account, "lines": [
                {"product_id": s.product, "quantity": "4", "unit_price": "150", "discount_percent": "5"}]})),
        )
        .await;
    let oid = opp["id"].as_i64().unwrap();
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, body) = app.call(&web, "create_order_from_opportunity", &[("opportunity_id", &oid.to_string())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "an open deal takes no order: {body}");
    app.api(Method::POST, &format!("/api/v1/opportunities/{oid}/won"), Some(&s.token), None).await;
    let (status, id) = app.call(&web, "create_order_from_opportunity", &[("opportunity_id", &oid.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, o) = app.api(Method::GET, &format!("/api/v1/sales-orders/{id}"), Some(&s.token), None).await;
    assert_eq!((o["opportunity_id"].as_i64(), o["opportunity_name"].as_str()), (Some(oid), Some("Rollout")));
    assert_eq!(o["lines"][0]["unit_price"], "150.00", "the agreed price, not the list price");
    assert_eq!(o["lines"][0]["unit"], "pcs");
    assert_eq!(o["subtotal"], "570.00", "4 × 150 × 0.95");
    let (_, html) = app.get_html(&web, &format!("/opportunities/{oid}")).await;
    assert!(html.contains(o["number"].as_str().unwrap()), "the deal lists its order");
    assert!(html.contains("Order created"), "and has it on its timeline");
    let (_, html) = app.get_html(&web, &format!("/orders/{id}")).await;
    assert!(html.contains("From opportunity") && html.contains("Rollout"));
    // Through the API: a won opportunity without lines in the body gives its lines.
    let (status, o) = app
        .api(
            Method::POST,
            "/api/v1/sales-orders",
            Some(&s.token),
            Some(json!({"account_id": s.account, "opportunity_id": oid})),
        )
        .await;
    assert_eq!((status, o["lines"].as_array().map(Vec::len)), (StatusCode::CREATED, Some(1)), "{o}");
}

#[tokio::test]
async fn bad_orders_are_refused_field_by_field_and_write_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (_, other) = app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Other"}))).await;
    let (_, foreign) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&s.token),
            Some(json!({"name": "Theirs", "account_id": other["id"], "amount": "10"})),
        )
        .await;
    app.api(Method::POST, &format!("/api/v1/opportunities/{}/won", foreign["id"]), Some(&s.token), None).await;
    let (_, open) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&s.token),
            Some(json!({"name": "Open", "account_id": s.account})),
        )
        .await;
    let (_, contact) = app
        .api(Method::POST, "/api/v1/contacts", Some(&s.token), Some(json!({"account_id": other["id"], "name": "Ann"})))
        .await;
    let line = |q: &str| json!([{"description": "x", "quantity": q, "unit_price": "1", "tax_rate_id": s.standard}]);
    let cases = [
        (json!({"lines": line("1")}), "account_id"),
        (json!({"account_id": 999, "lines": line("1")}), "account_id"),
        (json!({"account_id": s.account, "lines": line("0")}), "lines[0].quantity"),
        (json!({"account_id": s.account, "lines": line("-2")}), "lines[0].quantity"),
        (json!({"account_id": s.account, "lines": [{"product_id": 999, "quantity": "1"}]}), "lines[0].product_id"),
        (json!({"account_id": s.account, "opportunity_id": foreign["id"], "lines": line("1")}), "opportunity_id"),
        (json!({"account_id": s.account, "opportunity_id": open["id"], "lines": line("1")}), "opportunity_id"),
        (json!({"account_id": s.account, "contact_id": contact["id"], "lines": line("1")}), "contact_id"),
        (json!({"account_id": s.account, "order_date": "31.12.2026"}), "order_date"),
        (
            json!({"account_id": s.account, "order_date": "2026-12-10", "expected_delivery_date": "2026-12-01"}),
            "expected_delivery_date",
        ),
        (json!({"account_id": s.account, "payment_terms_days": 999}), "payment_terms_days"),
    ];
    for (body, field) in cases {
        let (status, answer) = app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert!(answer["fields"][field].is_array(), "{field} for {body}: {answer}");
    }
    assert_eq!((count(&app, "sales_orders").await, count(&app, "sales_order_lines").await), (0, 0));
    let o = draft(&app, &s).await;
    assert!(o["number"].as_str().unwrap().ends_with("-000001"), "refused orders used no number");
}

#[tokio::test]
async fn only_drafts_change_and_the_machine_decides_every_event() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (_, empty) =
        app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(json!({"account_id": s.account}))).await;
    let (status, body) = event(&app, &s.token, &empty["id"], "confirm").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("an order without lines cannot be confirmed"))
    );
    let o = draft(&app, &s).await;
    let id = &o["id"];
    let path = format!("/api/v1/sales-orders/{id}");
    let (status, edited) = app
        .api(
            Method::PATCH,
            &path,
            Some(&s.token),
            Some(json!({"notes": "Deliver to gate 2",
        "lines": [{"description": "Only line", "quantity": "1", "unit_price": "10", "tax_rate_id": s.standard}]})),
        )
        .await;
    assert_eq!((status, edited["total"].as_str()), (StatusCode::OK, Some("12.00")), "{edited}");
    for (e, expected, to) in [
        ("close", StatusCode::CONFLICT, "draft"),
        ("hold", StatusCode::CONFLICT, "draft"),
        ("confirm", StatusCode::OK, "confirmed"),
        ("confirm", StatusCode::CONFLICT, "confirmed"),
        ("hold", StatusCode::OK, "on_hold"),
        ("cancel", StatusCode::CONFLICT, "on_hold"),
        ("release", StatusCode::OK, "confirmed"),
        ("close", StatusCode::CONFLICT, "confirmed"),
    ] {
        let (status, body) = event(&app, &s.token, id, e).await;
        assert_eq!(status, expected, "{e}: {body}");
        if status == StatusCode::CONFLICT {
            assert_eq!(body["code"], "invalid_transition");
        }
        let (_, now) = app.api(Method::GET, &path, Some(&s.token), None).await;
        assert_eq!(now["status"], to, "after {e}");
    }
    let (status, body) = app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"notes": "late change"}))).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")), "{body}");
    let (status, _) = app
        .api(
            Method::POST,
            &format!("{path}/lines"),
            Some(&s.token),
            Some(json!({"description": "More", "quantity": "1", "unit_price": "1", "tax_rate_id": s.standard})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "no lines added to a confirmed order");
    let (_, now) = app.api(Method::GET, &path, Some(&s.token), None).await;
    assert_eq!((now["notes"].as_str(), now["lines"].as_array().map(Vec::len)), (Some("Deliver to gate 2"), Some(1)));
    let (status, _) = event(&app, &s.token, id, "cancel").await;
    assert_eq!(status, StatusCode::OK, "a confirmed order with nothing shipped may be cancelled");
    let (status, _) = event(&app, &s.token, id, "teleport").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, html) = app.get_html(&web, &format!("/orders/{id}")).await;
    for step in [
        "Created",
        "Edited",
        "Status changed: draft → confirmed",
        "Status changed: confirmed → on hold",
        "Status changed: on hold → confirmed",
        "Status changed: confirmed → cancelled",
    ] {
        assert!(html.contains(step), "timeline shows {step}");
    }
}

#[tokio::test]
async fn sales_change_only_their_own_orders_and_finance_and_support_read() {
    let app = spawn().await;
    let s = setup(&app).await;
    for (email, role) in
        [("sam@test.example", "sales"), ("fin@test.example", "finance"), ("sup@test.example", "support")]
    {
        app.create_user(email, role, role).await;
    }
    let sam = app.token("sam@test.example").await;
    let admins = draft(&app, &s).await;
    let path = format!("/api/v1/sales-orders/{}", admins["id"]);
    let (status, _) = app.api(Method::GET, &path, Some(&sam), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.api(Method::PATCH, &path, Some(&sam), Some(json!({"notes": "mine"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = event(&app, &sam, &admins["id"], "confirm").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, mine) = app
        .api(
            Method::POST,
            "/api/v1/sales-orders",
            Some(&sam),
            Some(json!({"account_id": s.account,
            "lines": [{"product_id": s.product, "quantity": "1"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    let (status, _) = event(&app, &sam, &mine["id"], "confirm").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .api(Method::POST, "/api/v1/sales-orders", Some(&sam), Some(json!({"account_id": s.account, "owner_id": 1})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "sales cannot give orders away");
    for email in ["fin@test.example", "sup@test.example"] {
        let t = app.token(email).await;
        let (status, _) = app.api(Method::GET, &path, Some(&t), None).await;
        assert_eq!(status, StatusCode::OK, "{email} reads");
        let (status, _) =
            app.api(Method::POST, "/api/v1/sales-orders", Some(&t), Some(json!({"account_id": s.account}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email} does not create");
    }
}

#[tokio::test]
async fn orders_are_found_by_number_reference_and_status_paged_and_exported() {
    let app = spawn().await;
    let s = setup(&app).await;
    let mut ids = vec![];
    for i in 0..25 {
        let (_, o) = app
            .api(
                Method::POST,
                "/api/v1/sales-orders",
                Some(&s.token),
                Some(json!({"account_id": s.account,
                "customer_reference": format!("REF-{i:02}"), "lines": [{"product_id": s.product, "quantity": "1"}]})),
            )
            .await;
        if i % 5 == 0 {
            event(&app, &s.token, &o["id"], "confirm").await;
        }
        ids.push(o["id"].as_i64().unwrap());
    }
    let get = |q: String| {
        let app = &app;
        let token = s.token.clone();
        async move { app.api(Method::GET, &format!("/api/v1/sales-orders?{q}"), Some(&token), None).await.1 }
    };
    let confirmed = get("status=confirmed".into()).await;
    assert_eq!(confirmed["items"].as_array().unwrap().len(), 5);
    let by_ref = get("q=ref-07".into()).await;
    assert_eq!(by_ref["items"][0]["customer_reference"], "REF-07");
    let year = chrono::Utc::now().format("%Y");
    let by_number = get(format!("q=SO-{year}-000012")).await;
    assert_eq!(by_number["items"].as_array().unwrap().len(), 1);
    let (status, bad) = app.api(Method::GET, "/api/v1/sales-orders?from=yesterday", Some(&s.token), None).await;
    assert_eq!((status, bad["fields"]["from"].is_array()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    let mut seen = vec![];
    let mut cursor = String::new();
    loop {
        let page = get(format!("limit=10&cursor={cursor}")).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids, "every order once, newest first");
    let web = app.logged_in(ADMIN_EMAIL).await;
    let csv = web.get(app.url("/orders.csv?status=confirmed")).send().await.unwrap().text().await.unwrap();
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
    assert!(csv.lines().next().unwrap().starts_with("id,number,account"));
    let (_, html) = app.get_html(&web, &format!("/accounts/{}", s.account)).await;
    assert!(html.contains(&format!("SO-{year}-000025")), "the account page lists its newest orders");
    let (_, html) = app.get_html(&web, "/").await;
    assert!(html.contains("orders-by-status"), "the dashboard shows orders by status");
}
