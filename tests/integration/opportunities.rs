//! Opportunities: lines priced by the totals function, every validation path, the stage
//! machine over REST, ownership, the form post with `lines[i][...]` names, paging and CSV.
use crate::catalog::tax_rate;
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

struct Setup {
    token: String,
    account: i64,
    standard: i64,
    reduced: i64,
    product: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let token = app.token(ADMIN_EMAIL).await;
    let standard = tax_rate(app, &token, "Standard", "20").await;
    let reduced = tax_rate(app, &token, "Reduced", "7").await;
    let (_, p) = app
        .api(
            Method::POST,
            "/api/v1/products",
            Some(&token),
            Some(json!({"sku": "SRV", "name": "Server", "unit_price": "199.99", "tax_rate_id": standard})),
        )
        .await;
    let (_, a) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "Acme"}))).await;
    Setup { token, account: a["id"].as_i64().unwrap(), standard, reduced, product: p["id"].as_i64().unwrap() }
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar::<aftersale::server::db::Db, i64>("SELECT COUNT(*) FROM opportunities")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_deal_with_two_lines_is_priced_by_the_totals_function() {
    let app = spawn().await;
    let s = setup(&app).await;
    let body = json!({
        "name": "Acme rollout", "account_id": s.account,
        "lines": [
            {"product_id": s.product, "quantity": "3", "discount_percent": "10"},
            {"description": "Installation", "quantity": "2.5", "unit_price": "80", "tax_rate_id": s.reduced}
        ]
    });
    let (status, o) = app.api(Method::POST, "/api/v1/opportunities", Some(&s.token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    // 3 × 199.99 × 0.9 = 539.973 → 539.97 at 20 % = 107.99; 2.5 × 80 = 200.00 at 7 % = 14.00
    assert_eq!(
        (o["subtotal"].as_str(), o["tax_total"].as_str(), o["total"].as_str()),
        (Some("739.97"), Some("121.99"), Some("861.96"))
    );
    assert_eq!(o["amount"], "739.97", "the deal is worth its net subtotal");
    assert_eq!(o["lines"][0]["description"], "Server", "a product line takes the product's name");
    assert_eq!(o["lines"][0]["tax_rate_id"], s.standard, "and its tax rate");
    assert_eq!((o["stage"].as_str(), o["probability"].as_i64()), (Some("prospecting"), Some(10)));
}

#[tokio::test]
async fn the_editor_form_posts_lines_by_index_and_blank_rows_are_ignored() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (account, product, reduced) = (s.account.to_string(), s.product.to_string(), s.reduced.to_string());
    let (status, id) = app
        .call(
            &web,
            "save_opportunity",
            &[
                ("form[name]", "Form deal"),
                ("form[account_id]", &account),
                ("lines[0][product_id]", &product),
                ("lines[0][quantity]", "2"),
                ("lines[1][description]", "Training"),
                ("lines[1][quantity]", "1"),
                ("lines[1][unit_price]", "500"),
                ("lines[1][tax_rate_id]", &reduced),
                ("lines[2][tax_rate_id]", &reduced),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, o) = app.api(Method::GET, &format!("/api/v1/opportunities/{id}"), Some(&s.token), None).await;
    assert_eq!(o["lines"].as_array().unwrap().len(), 2);
    assert_eq!(o["total"], "1014.98", "2 × 199.99 × 1.2 + 500 × 1.07");
    let (status, quote) = app
        .call(
            &web,
            "quote_lines",
            &[
                ("currency", "EUR"),
                ("lines[0][quantity]", "3"),
                ("lines[0][unit_price]", "10"),
                ("lines[0][tax_rate_id]", &reduced),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(quote["total"], "32.10 EUR", "the live quote uses the same totals");
}

#[tokio::test]
async fn every_bad_line_is_named_and_nothing_is_written() {
    let app = spawn().await;
    let s = setup(&app).await;
    let cases = [
        (json!({"name": "", "account_id": s.account}), "name"),
        (json!({"name": "X"}), "account_id"),
        (json!({"name": "X", "account_id": 999}), "account_id"),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"description": "a", "quantity": "0", "unit_price": "1", "tax_rate_id": s.standard}]}),
            "lines[0].quantity",
        ),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"description": "a", "quantity": "1", "unit_price": "-1", "tax_rate_id": s.standard}]}),
            "lines[0].unit_price",
        ),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"description": "a", "quantity": "1", "unit_price": "1", "discount_percent": "150", "tax_rate_id": s.standard}]}),
            "lines[0].discount_percent",
        ),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"description": "a", "quantity": "1", "unit_price": "1"}]}),
            "lines[0].tax_rate_id",
        ),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"description": "a", "quantity": "1", "unit_price": "1", "tax_rate_id": 999}]}),
            "lines[0].tax_rate_id",
        ),
        (
            json!({"name": "X", "account_id": s.account, "lines": [{"quantity": "abc", "unit_price": "1", "tax_rate_id": s.standard}]}),
            "lines[0].quantity",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = app.api(Method::POST, "/api/v1/opportunities", Some(&s.token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(answer["fields"][field].is_array(), "{field} for {body}: {answer}");
    }
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn the_stage_machine_decides_over_rest() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (_, o) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&s.token),
            Some(json!({"name": "Deal", "account_id": s.account})),
        )
        .await;
    let id = o["id"].as_i64().unwrap();
    let path = |e: &str| format!("/api/v1/opportunities/{id}/{e}");
    let (status, body) = app.api(Method::POST, &path("won"), Some(&s.token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "nothing to win yet: {body}"
    );
    let (status, _) = app
        .api(Method::PATCH, &format!("/api/v1/opportunities/{id}"), Some(&s.token), Some(json!({"amount": "5000"})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.api(Method::POST, &path("lost"), Some(&s.token), Some(json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["lost_reason"][0], "say why the deal was lost");
    let (status, body) =
        app.api(Method::POST, &path("lost"), Some(&s.token), Some(json!({"lost_reason": "Budget cut"}))).await;
    assert_eq!((status, body["stage"].as_str(), body["probability"].as_i64()), (StatusCode::OK, Some("lost"), Some(0)));
    let (status, _) = app.api(Method::POST, &path("negotiation"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "lost only reopens to prospecting");
    let (status, body) = app.api(Method::POST, &path("prospecting"), Some(&s.token), None).await;
    assert_eq!((status, body["closed_at"].is_null()), (StatusCode::OK, true));
    let (status, body) = app.api(Method::POST, &path("won"), Some(&s.token), None).await;
    assert_eq!((status, body["stage"].as_str()), (StatusCode::OK, Some("won")));
    for e in ["prospecting", "lost"] {
        let (status, _) = app.api(Method::POST, &path(e), Some(&s.token), Some(json!({"lost_reason": "x"}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "won is final ({e})");
    }
    let (status, _) = app
        .api(Method::PATCH, &format!("/api/v1/opportunities/{id}"), Some(&s.token), Some(json!({"name": "Changed"})))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a won deal cannot be edited");
    let (status, _) = app.api(Method::POST, &path("teleport"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, html) = app.get_html(&web, &format!("/opportunities/{id}")).await;
    for step in
        ["Stage changed: prospecting → lost", "Stage changed: lost → prospecting", "Stage changed: prospecting → won"]
    {
        assert!(html.contains(step), "{step}");
    }
}

#[tokio::test]
async fn sales_read_every_deal_but_change_only_their_own() {
    let app = spawn().await;
    let s = setup(&app).await;
    app.create_user("sam@test.example", "Sam", "sales").await;
    let sam = app.token("sam@test.example").await;
    let (_, theirs) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&s.token),
            Some(json!({"name": "Admin's", "account_id": s.account})),
        )
        .await;
    let path = format!("/api/v1/opportunities/{}", theirs["id"]);
    let (status, _) = app.api(Method::GET, &path, Some(&sam), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.api(Method::PATCH, &path, Some(&sam), Some(json!({"name": "Mine now"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.api(Method::POST, &format!("{path}/qualification"), Some(&sam), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, mine) = app
        .api(
            Method::POST,
            "/api/v1/opportunities",
            Some(&sam),
            Some(json!({"name": "Sam's", "account_id": s.account, "amount": "100"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    let (status, _) =
        app.api(Method::POST, &format!("/api/v1/opportunities/{}/proposal", mine["id"]), Some(&sam), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn deals_page_by_stage_and_export() {
    let app = spawn().await;
    let s = setup(&app).await;
    for i in 0..60 {
        let (_, o) = app
            .api(
                Method::POST,
                "/api/v1/opportunities",
                Some(&s.token),
                Some(json!({"name": format!("Deal {i:02}"), "account_id": s.account, "amount": "10"})),
            )
            .await;
        if i % 2 == 0 {
            app.api(Method::POST, &format!("/api/v1/opportunities/{}/qualification", o["id"]), Some(&s.token), None)
                .await;
        }
    }
    let mut names = vec![];
    let mut cursor = String::new();
    loop {
        let (_, page): (StatusCode, Value) = app
            .api(
                Method::GET,
                &format!("/api/v1/opportunities?stage=qualification&limit=7&cursor={cursor}"),
                Some(&s.token),
                None,
            )
            .await;
        names.extend(page["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(names.len(), 30);
    assert_eq!(names[0], "Deal 58", "newest first");
    let web = app.logged_in(ADMIN_EMAIL).await;
    let text = web.get(app.url("/opportunities.csv?stage=open&q=deal%200")).send().await.unwrap().text().await.unwrap();
    assert_eq!(text.lines().count(), 1 + 10, "{text}");
    let (_, html) = app.get_html(&web, &format!("/accounts/{}", s.account)).await;
    assert!(html.contains("Deal 59"), "the account page lists its deals");
}
