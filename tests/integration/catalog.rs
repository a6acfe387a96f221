//! Products and tax rates: create / edit / validation through server fns and REST, duplicate
//! SKUs, exact rates, deactivation rules, paging and the CSV export.
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<aftersale::server::db::Db, i64>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

/// A tax rate through the API; returns its id.
pub async fn tax_rate(app: &TestApp, token: &str, name: &str, rate: &str) -> i64 {
    let (status, t) =
        app.api(Method::POST, "/api/v1/tax-rates", Some(token), Some(json!({"name": name, "rate": rate}))).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_product_is_created_from_the_form_and_through_the_api() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let rate = tax_rate(&app, &token, "Standard", "20").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let rate_s = rate.to_string();
    let (status, id) = app
        .call(
            &web,
            "save_product",
            &[
                ("form[sku]", "srv-100"),
                ("form[name]", "Server"),
                ("form[unit_price]", "4200.5"),
                ("form[tax_rate_id]", &rate_s),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, p) = app.api(Method::GET, &format!("/api/v1/products/{id}"), Some(&token), None).await;
    assert_eq!(
        (p["sku"].as_str(), p["unit_price"].as_str(), p["currency"].as_str()),
        (Some("SRV-100"), Some("4200.50"), Some("EUR"))
    );
    assert_eq!(
        (p["tax_rate"].as_str(), p["kind"].as_str(), p["unit"].as_str()),
        (Some("20.00"), Some("goods"), Some("pcs"))
    );
    let (status, p2) = app
        .api(Method::POST, "/api/v1/products", Some(&token), Some(json!({"sku": "HRS", "name": "Consulting", "kind": "service", "unit": "h", "unit_price": "140", "tax_rate_id": rate})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p2}");
    let (status, p3) = app
        .api(
            Method::PATCH,
            &format!("/api/v1/products/{}", p2["id"]),
            Some(&token),
            Some(json!({"unit_price": "150.00"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p3}");
    assert_eq!((p3["unit_price"].as_str(), p3["name"].as_str()), (Some("150.00"), Some("Consulting")));
    let (_, html) = app.get_html(&web, &format!("/products/{}", p2["id"])).await;
    assert!(html.contains("Price changed: 140.00 EUR → 150.00 EUR"), "the price change is on the timeline");
}

#[tokio::test]
async fn bad_product_input_names_the_field_and_writes_nothing() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let rate = tax_rate(&app, &token, "Standard", "20.00").await;
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&token),
            Some(json!({"sku": "DUP-1", "name": "First", "unit_price": "1", "tax_rate_id": rate})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let cases = [
        (
            json!({"sku": "dup-1", "name": "Second", "unit_price": "1", "tax_rate_id": rate}),
            "sku",
            "is already used by another product",
        ),
        (json!({"sku": "NEW", "name": "", "unit_price": "1", "tax_rate_id": rate}), "name", "is required"),
        (
            json!({"sku": "NEW", "name": "X", "unit_price": "-5", "tax_rate_id": rate}),
            "unit_price",
            "must not be negative",
        ),
        (
            json!({"sku": "NEW", "name": "X", "unit_price": "abc", "tax_rate_id": rate}),
            "unit_price",
            "must be a number such as 1234.50",
        ),
        (
            json!({"sku": "NEW", "name": "X", "unit_price": "1.005", "tax_rate_id": rate}),
            "unit_price",
            "has more decimals than EUR allows",
        ),
        (
            json!({"sku": "NEW", "name": "X", "unit_price": "1", "tax_rate_id": 999}),
            "tax_rate_id",
            "must be chosen from the list",
        ),
        (
            json!({"sku": "N W", "name": "X", "unit_price": "1", "tax_rate_id": rate}),
            "sku",
            "may contain only letters, digits, - _ and .",
        ),
    ];
    for (body, field, message) in cases {
        let (status, answer) = app.api(Method::POST, "/api/v1/products", Some(&token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(answer["fields"][field][0], message, "{body}: {answer}");
    }
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&token),
            Some(json!({"sku": "BIG", "name": "x".repeat(10 * 1024 * 1024), "unit_price": "1", "tax_rate_id": rate})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "products").await, 1, "nothing but the first product was written");
}

#[tokio::test]
async fn tax_rates_are_exact_and_the_default_cannot_be_deactivated() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (status, body) =
        app.api(Method::POST, "/api/v1/tax-rates", Some(&token), Some(json!({"name": "Odd", "rate": "abc"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["rate"][0], "must be a number such as 1234.50");
    let (_, body) =
        app.api(Method::POST, "/api/v1/tax-rates", Some(&token), Some(json!({"name": "Reduced", "rate": "5.5"}))).await;
    assert_eq!(body["rate"], "5.50");
    let (status, body) =
        app.api(Method::POST, "/api/v1/tax-rates", Some(&token), Some(json!({"name": "reduced", "rate": "7"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["name"][0], "is already used by another tax rate");
    let id = body["id"].as_i64().unwrap_or(0);
    assert_eq!(id, 0);
    let rate = tax_rate(&app, &token, "Standard", "19").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let rate_s = rate.to_string();
    let (status, b) = app
        .call(
            &web,
            "save_settings",
            &[
                ("form[company_name]", "Co"),
                ("form[default_currency]", "EUR"),
                ("form[default_payment_terms_days]", "30"),
                ("form[default_tax_rate_id]", &rate_s),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let (status, body) = app
        .api(Method::PATCH, &format!("/api/v1/tax-rates/{rate}"), Some(&token), Some(json!({"active": false})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["active"][0].as_str().unwrap().contains("default tax rate"));
    let (_, list) = app.api(Method::GET, "/api/v1/tax-rates", Some(&token), None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    // Products without a tax rate take the default now.
    let (status, p) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&token),
            Some(json!({"sku": "D", "name": "Default rate", "unit_price": 10})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!((p["tax_rate_id"].as_i64(), p["unit_price"].as_str()), (Some(rate), Some("10.00")));
}

#[tokio::test]
async fn support_reads_the_catalogue_and_finance_maintains_it() {
    let app = spawn().await;
    app.create_user("sven@test.example", "Sven", "support").await;
    app.create_user("fiona@test.example", "Fiona", "finance").await;
    let support = app.token("sven@test.example").await;
    let finance = app.token("fiona@test.example").await;
    let (status, _) =
        app.api(Method::POST, "/api/v1/tax-rates", Some(&support), Some(json!({"name": "X", "rate": "1"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let rate = tax_rate(&app, &finance, "Standard", "20").await;
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&finance),
            Some(json!({"sku": "A", "name": "A", "unit_price": "1", "tax_rate_id": rate})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, list) = app.api(Method::GET, "/api/v1/products", Some(&support), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn products_page_through_and_export_by_filter() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let rate = tax_rate(&app, &token, "Standard", "20").await;
    for i in 0..120 {
        let kind = if i % 3 == 0 { "service" } else { "goods" };
        let (status, _) = app
            .api(Method::POST, "/api/v1/products", Some(&token), Some(json!({"sku": format!("P{i:03}"), "name": format!("Part {i:03}"), "kind": kind, "unit_price": "2.50", "tax_rate_id": rate})))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = String::new();
    loop {
        let (_, page) =
            app.api(Method::GET, &format!("/api/v1/products?limit=50&cursor={cursor}"), Some(&token), None).await;
        for p in page["items"].as_array().unwrap() {
            assert!(seen.insert(p["sku"].as_str().unwrap().to_string()), "no repeats");
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
    let web = app.logged_in(ADMIN_EMAIL).await;
    let text = web.get(app.url("/products.csv?kind=service")).send().await.unwrap().text().await.unwrap();
    assert_eq!(text.lines().count(), 1 + 40, "header and the 40 services");
    assert!(text.lines().skip(1).all(|l| l.contains(",service,")));
}
