//! Bounded, checked input: quantity 10²⁰ × price 10¹⁰ (and the literal "1e20") is a 422 naming
//! the field on the live line quote, the order form, the REST API (orders, invoices, payments)
//! and a bank CSV row — never a panic or a 500, and nothing written. Also: LIKE searches match
//! `%` and `_` literally, and CSV exports defuse a leading tab or CR but keep money numeric.
use crate::common::*;
use crate::orders::{setup, Setup};
use aftersale::server::db::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const HUGE_QUANTITY: &str = "100000000000000000000";
const HUGE_PRICE: &str = "10000000000";

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<Db, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.state.pool).await.unwrap()
}

/// The messages of `field` in a 422 answer, after checking it is one.
fn field_messages(status: StatusCode, body: &Value, field: &str) -> Vec<String> {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    let messages: Vec<String> = body["fields"][field]
        .as_array()
        .unwrap_or_else(|| panic!("no {field} in {body}"))
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    assert!(!messages.is_empty(), "{body}");
    messages
}

fn quote_form<'a>(rate: &'a str, quantity: &'a str, price: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("currency", "EUR"),
        ("lines[0][description]", "Fine"),
        ("lines[0][quantity]", "1"),
        ("lines[0][unit_price]", "10"),
        ("lines[0][tax_rate_id]", rate),
        ("lines[1][description]", "Turbine"),
        ("lines[1][quantity]", quantity),
        ("lines[1][unit_price]", price),
        ("lines[1][tax_rate_id]", rate),
    ]
}

#[tokio::test]
async fn the_live_line_quote_answers_a_huge_quantity_times_price_with_a_422_naming_the_quantity() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let rate = s.standard.to_string();
    let (status, body) = app.call(&web, "quote_lines", &quote_form(&rate, HUGE_QUANTITY, HUGE_PRICE)).await;
    let m = field_messages(status, &body, "lines[1].quantity");
    assert_eq!(m, vec!["is too large: at most 1,000,000,000".to_string()]);
    // Each number within its bound, their product past 10¹² cents.
    let (status, body) = app.call(&web, "quote_lines", &quote_form(&rate, "1000000000", HUGE_PRICE)).await;
    let m = field_messages(status, &body, "lines[1].quantity");
    assert!(m[0].starts_with("is too large: at most 10,000,000,000.00 EUR"), "{m:?}");
    // The net fits (10¹⁰ EUR exactly); with 20 % tax the document does not.
    let (status, body) = app.call(&web, "quote_lines", &quote_form(&rate, "1", HUGE_PRICE)).await;
    assert!(field_messages(status, &body, "lines")[0].contains("the document comes to more than"), "{body}");
    // An exponent is refused as "not a number", which an unfinished line also is: left out.
    let (status, body) = app.call(&web, "quote_lines", &quote_form(&rate, "1e20", HUGE_PRICE)).await;
    assert_eq!((status, body["total"].as_str()), (StatusCode::OK, Some("12.00 EUR")), "{body}");
}

fn huge_line(s: &Setup, quantity: &str) -> Value {
    json!({"description": "Turbine", "quantity": quantity, "unit_price": HUGE_PRICE, "tax_rate_id": s.standard})
}

#[tokio::test]
async fn an_order_with_a_huge_line_is_a_422_on_the_form_and_the_api_and_writes_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (account, rate) = (s.account.to_string(), s.standard.to_string());
    for quantity in [HUGE_QUANTITY, "1e20"] {
        let (status, body) = app
            .call(
                &web,
                "save_order",
                &[
                    ("form[account_id]", &account),
                    ("lines[0][description]", "Turbine"),
                    ("lines[0][quantity]", quantity),
                    ("lines[0][unit_price]", HUGE_PRICE),
                    ("lines[0][tax_rate_id]", &rate),
                ],
            )
            .await;
        field_messages(status, &body, "lines[0].quantity");
        let body = json!({"account_id": s.account, "lines": [huge_line(&s, quantity)]});
        let (status, answer) = app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(body)).await;
        field_messages(status, &answer, "lines[0].quantity");
    }
    // A product's own price times a quantity within bounds: caught once the price is looked up.
    let body = json!({"account_id": s.account, "lines": [
        {"description": "ok", "quantity": "1", "unit_price": "1", "tax_rate_id": s.standard},
        {"product_id": s.product, "quantity": "1000000000"}]});
    let (status, answer) = app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(body)).await;
    assert!(field_messages(status, &answer, "lines[1].quantity")[0].contains("quantity × unit price"), "{answer}");
    // Two lines that each fit, whose sum does not.
    let big = json!({"description": "Half", "quantity": "1", "unit_price": "6000000000", "tax_rate_id": s.reduced});
    let body = json!({"account_id": s.account, "lines": [big, big]});
    let (status, answer) = app.api(Method::POST, "/api/v1/sales-orders", Some(&s.token), Some(body)).await;
    assert!(field_messages(status, &answer, "lines")[0].contains("comes to more than"), "{answer}");
    assert_eq!((count(&app, "sales_orders").await, count(&app, "sales_order_lines").await), (0, 0));
}

#[tokio::test]
async fn invoices_and_payments_over_the_bound_are_422s_naming_the_field() {
    let app = spawn().await;
    let s = setup(&app).await;
    let body = json!({"account_id": s.account, "lines": [huge_line(&s, HUGE_QUANTITY)]});
    let (status, answer) = app.api(Method::POST, "/api/v1/invoices", Some(&s.token), Some(body)).await;
    assert_eq!(field_messages(status, &answer, "lines[0].quantity"), vec!["is too large: at most 1,000,000,000"]);
    let price =
        json!({"description": "Turbine", "quantity": "1", "unit_price": "10000000000.01", "tax_rate_id": s.standard});
    let body = json!({"account_id": s.account, "lines": [price]});
    let (status, answer) = app.api(Method::POST, "/api/v1/invoices", Some(&s.token), Some(body)).await;
    field_messages(status, &answer, "lines[0].unit_price");
    assert_eq!(count(&app, "invoices").await, 0);
    for (body, field) in [
        (json!({"account_id": s.account, "amount": HUGE_QUANTITY, "method": "cash"}), "amount"),
        (json!({"account_id": s.account, "amount": "1e20", "method": "cash"}), "amount"),
        (json!({"account_id": s.account, "amount": "10000000000.01", "method": "cash"}), "amount"),
        (
            json!({"account_id": s.account, "amount": "5", "method": "cash",
                "allocations": [{"invoice_id": 1, "amount": HUGE_QUANTITY}]}),
            "allocations[0].amount",
        ),
    ] {
        let (status, answer) = app.api(Method::POST, "/api/v1/payments", Some(&s.token), Some(body.clone())).await;
        field_messages(status, &answer, field);
    }
    assert_eq!(count(&app, "payments").await, 0);
    // The bound itself is a real amount.
    let body = json!({"account_id": s.account, "amount": "10000000000.00", "method": "cash"});
    let (status, answer) = app.api(Method::POST, "/api/v1/payments", Some(&s.token), Some(body)).await;
    assert_eq!((status, answer["amount"].as_str()), (StatusCode::CREATED, Some("10000000000.00")), "{answer}");
}

#[tokio::test]
async fn a_bank_csv_row_with_a_huge_amount_names_its_line_and_imports_nothing() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (status, bank) = app
        .api(
            Method::POST,
            "/api/v1/bank-accounts",
            Some(&token),
            Some(json!({"name": "Main", "currency": "EUR", "date_column": "Date", "amount_column": "Amount",
                "description_column": "Text"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{bank}");
    let csv = format!(
        "Date,Amount,Text\n2026-11-24,12.00,fine\n2026-11-24,{HUGE_QUANTITY}.00,huge\n2026-11-25,1e20,exp\n\
         2026-11-25,1.00,nul\0here\n"
    );
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/bank-statements?bank_account_id={}&file_name=nov.csv", bank["id"])))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    let file = field_messages(status, &body, "file");
    let all = file.join(" | ");
    assert!(
        all.contains("line 3: amount: “100000000000000000000.00” is too large: at most 10,000,000,000.00 EUR"),
        "{all}"
    );
    assert!(all.contains("line 4: amount: “1e20” is not an amount"), "{all}");
    assert!(all.contains("line 5: text: must not contain NUL characters"), "{all}");
    assert!(!all.contains("line 2"), "the good row is fine: {all}");
    let n: i64 = count(&app, "bank_statement_lines").await;
    assert_eq!(n, 0, "nothing was imported");
}

#[tokio::test]
async fn a_search_for_percent_or_underscore_matches_only_names_containing_that_character() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    for name in ["50% Off Ltd", "500 Off Ltd", "Snake_case GmbH", "Snakexcase GmbH"] {
        let (status, a) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": name}))).await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
    }
    let names = |page: Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect()
    };
    let (_, page) = app.api(Method::GET, "/api/v1/accounts?q=0%25", Some(&token), None).await;
    assert_eq!(names(page), vec!["50% Off Ltd"]);
    let (_, page) = app.api(Method::GET, "/api/v1/accounts?q=e_c", Some(&token), None).await;
    assert_eq!(names(page), vec!["Snake_case GmbH"]);
    let (_, page) = app.api(Method::GET, "/api/v1/accounts?q=%25", Some(&token), None).await;
    assert_eq!(names(page), vec!["50% Off Ltd"], "a lone % is a character, not 'everything'");
    let (_, page) = app.api(Method::GET, "/api/v1/accounts?q=off", Some(&token), None).await;
    assert_eq!(names(page).len(), 2, "plain searches still match by part of the name");
}

#[tokio::test]
async fn the_csv_export_defuses_a_leading_tab_or_cr_and_keeps_money_columns_plain_numbers() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = crate::orders::draft(&app, &s).await;
    // Forms trim text, so the risky values go in as an older import might have left them.
    sqlx::query::<Db>("UPDATE sales_orders SET customer_reference = $1, subtotal_minor = $2 WHERE id = $3")
        .bind("\t=HYPERLINK(\"http://x\")")
        .bind(-123_450_i64)
        .bind(o["id"].as_i64().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
    sqlx::query::<Db>("UPDATE accounts SET name = $1 WHERE id = $2")
        .bind("\r=1+1")
        .bind(s.account)
        .execute(&app.state.pool)
        .await
        .unwrap();
    let web = app.logged_in(ADMIN_EMAIL).await;
    let csv = web.get(app.url("/orders.csv")).send().await.unwrap().text().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let row = reader.records().next().expect("one order").unwrap();
    let col = |name: &str| row.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(col("customer_reference"), "'\t=HYPERLINK(\"http://x\")");
    assert_eq!(col("account"), "'\r=1+1");
    assert_eq!(col("subtotal"), "-1234.50", "a negative amount is still a number");
    assert_eq!(col("total"), "861.96");
}
