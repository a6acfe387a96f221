//! Invoices: drafts without numbers, issuing with gapless numbers (also 200 at once), void keeps
//! the number, invoicing an order partly and refusing over-invoicing, credit notes lowering the
//! balance, the PDF's text (Unicode, 200 lines over pages), ZIPs, and permissions.
use crate::common::*;
use crate::orders::{draft as order_draft, event as order_event, setup, Setup};
use crate::shipments::pdf_text;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub async fn invoice_draft(app: &TestApp, s: &Setup, lines: usize) -> Value {
    let lines: Vec<Value> = (0..lines)
        .map(|i| {
            json!({"description": format!("Ørsted turbine service, part {i} — Straße {i}"), "quantity": "2",
            "unit": "h", "unit_price": "80.00", "tax_rate_id": s.standard})
        })
        .collect();
    let (status, i) = app
        .api(Method::POST, "/api/v1/invoices", Some(&s.token), Some(json!({"account_id": s.account, "lines": lines})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{i}");
    i
}

pub async fn invoice_event(app: &TestApp, token: &str, id: &Value, e: &str) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/invoices/{id}/{e}"), Some(token), None).await
}

#[tokio::test]
async fn a_draft_has_no_number_until_it_is_issued_and_then_keeps_it_even_when_void() {
    let app = spawn().await;
    let s = setup(&app).await;
    let d = invoice_draft(&app, &s, 2).await;
    assert_eq!((d["number"].clone(), d["status"].as_str()), (Value::Null, Some("draft")));
    assert_eq!((d["total"].as_str(), d["balance"].as_str()), (Some("384.00"), Some("384.00")), "2 × 2 × 80 + 20 %");
    let (status, i) = invoice_event(&app, &s.token, &d["id"], "issue").await;
    assert_eq!(status, StatusCode::OK, "{i}");
    let year = chrono::Utc::now().format("%Y");
    assert_eq!(i["number"], format!("INV-{year}-000001"));
    assert_eq!(i["issue_date"], chrono::Utc::now().date_naive().to_string());
    let due = chrono::Utc::now().date_naive() + chrono::Duration::days(14);
    assert_eq!(i["due_date"], due.to_string(), "issue date plus the account's 14 days");
    assert!(i["customer_link"]["url"].as_str().unwrap().contains("/i/inv_"), "issuing makes a customer link");
    let (status, body) = app
        .api(Method::PATCH, &format!("/api/v1/invoices/{}", d["id"]), Some(&s.token), Some(json!({"notes": "x"})))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "issued invoices do not change"
    );
    let (status, v) = invoice_event(&app, &s.token, &d["id"], "void").await;
    assert_eq!(
        (status, v["status"].as_str(), v["number"].clone()),
        (StatusCode::OK, Some("void"), i["number"].clone())
    );
    let second = invoice_draft(&app, &s, 1).await;
    let (_, second) = invoice_event(&app, &s.token, &second["id"], "issue").await;
    assert_eq!(second["number"], format!("INV-{year}-000002"), "the void invoice's number is never reused");
    let (status, _) = invoice_event(&app, &s.token, &second["id"], "issue").await;
    assert_eq!(status, StatusCode::CONFLICT, "issued once");
    // A deleted draft leaves no gap: it never had a number.
    let third = invoice_draft(&app, &s, 1).await;
    let (status, _) = app.api(Method::DELETE, &format!("/api/v1/invoices/{}", third["id"]), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let fourth = invoice_draft(&app, &s, 1).await;
    let (_, fourth) = invoice_event(&app, &s.token, &fourth["id"], "issue").await;
    assert_eq!(fourth["number"], format!("INV-{year}-000003"));
}

#[tokio::test]
async fn two_hundred_concurrent_issues_get_numbers_one_to_two_hundred() {
    let app = spawn().await;
    let s = setup(&app).await;
    let mut ids = vec![];
    for _ in 0..200 {
        ids.push(invoice_draft(&app, &s, 1).await["id"].clone());
    }
    let issues = ids.iter().map(|id| {
        let (app, token, id) = (&app, s.token.clone(), id.clone());
        async move { invoice_event(app, &token, &id, "issue").await }
    });
    let results = futures::future::join_all(issues).await;
    let mut numbers: Vec<i64> = results
        .iter()
        .map(|(st, i)| {
            assert_eq!(*st, StatusCode::OK, "{i}");
            i["number"].as_str().unwrap().rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=200).collect::<Vec<i64>>(), "no gap, no duplicate");
}

#[tokio::test]
async fn an_order_is_invoiced_in_parts_and_never_beyond_what_it_holds() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = order_draft(&app, &s).await;
    let path = format!("/api/v1/sales-orders/{}/invoice", o["id"]);
    let (status, _) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a draft order is not invoiced");
    order_event(&app, &s.token, &o["id"], "confirm").await;
    let l0 = o["lines"][0]["id"].clone();
    let (status, body) =
        app.api(Method::POST, &path, Some(&s.token), Some(json!({"lines": [{"line_id": l0, "quantity": "4"}]}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["fields"]["lines[0].quantity"][0],
        "is more than can be invoiced: 3 is ordered and not yet invoiced"
    );
    let (status, first) =
        app.api(Method::POST, &path, Some(&s.token), Some(json!({"lines": [{"line_id": l0, "quantity": "2"}]}))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // 2 × 199.99 × 0.9 = 359.982 → 359.98, tax 20 % = 72.00
    assert_eq!((first["total"].as_str(), first["sales_order_id"].clone()), (Some("431.98"), o["id"].clone()));
    let (_, now) = app.api(Method::GET, &format!("/api/v1/sales-orders/{}", o["id"]), Some(&s.token), None).await;
    assert_eq!(
        (now["invoicing_status"].as_str(), now["lines"][0]["invoiced_quantity"].as_str()),
        (Some("partially_invoiced"), Some("2"))
    );
    let (status, rest) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CREATED, "the rest: 1 server and the installation");
    assert_eq!(rest["lines"].as_array().unwrap().len(), 2);
    let (_, now) = app.api(Method::GET, &format!("/api/v1/sales-orders/{}", o["id"]), Some(&s.token), None).await;
    assert_eq!(now["invoicing_status"], "fully_invoiced");
    let (status, body) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("nothing is left to invoice on this order"))
    );
    // Deleting a draft gives its quantities back; so does voiding.
    app.api(Method::DELETE, &format!("/api/v1/invoices/{}", rest["id"]), Some(&s.token), None).await;
    invoice_event(&app, &s.token, &first["id"], "issue").await;
    invoice_event(&app, &s.token, &first["id"], "void").await;
    let (_, now) = app.api(Method::GET, &format!("/api/v1/sales-orders/{}", o["id"]), Some(&s.token), None).await;
    assert_eq!(
        (now["invoicing_status"].as_str(), now["lines"][0]["invoiced_quantity"].as_str()),
        (Some("not_invoiced"), Some("0"))
    );
}

#[tokio::test]
async fn only_shipped_quantities_are_invoiced_when_the_company_says_so() {
    let app = spawn().await;
    let s = setup(&app).await;
    sqlx::query("UPDATE company_settings SET invoice_quantities = 'shipped'").execute(&app.state.pool).await.unwrap();
    let o = order_draft(&app, &s).await;
    order_event(&app, &s.token, &o["id"], "confirm").await;
    let path = format!("/api/v1/sales-orders/{}/invoice", o["id"]);
    let (status, _) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing shipped yet");
    let ship = json!({"lines": [{"line_id": o["lines"][0]["id"], "quantity": "1"}]});
    app.api(Method::POST, &format!("/api/v1/sales-orders/{}/shipments", o["id"]), Some(&s.token), Some(ship)).await;
    let (status, i) = app.api(Method::POST, &path, Some(&s.token), None).await;
    assert_eq!((status, i["lines"].as_array().map(Vec::len)), (StatusCode::CREATED, Some(1)), "{i}");
    assert_eq!(i["lines"][0]["quantity"], "1");
}

#[tokio::test]
async fn credit_notes_lower_the_balance_and_never_credit_more_than_the_invoice() {
    let app = spawn().await;
    let s = setup(&app).await;
    let d = invoice_draft(&app, &s, 2).await;
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/credit-notes",
            Some(&s.token),
            Some(json!({"invoice_id": d["id"], "reason": "x", "whole": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "drafts are edited, not credited");
    let (_, i) = invoice_event(&app, &s.token, &d["id"], "issue").await;
    let l0 = i["lines"][0]["id"].clone();
    let (status, cn) = app
        .api(
            Method::POST,
            "/api/v1/credit-notes",
            Some(&s.token),
            Some(json!({"invoice_id": d["id"], "reason": "Damaged",
            "lines": [{"invoice_line_id": l0, "quantity": "1"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{cn}");
    let year = chrono::Utc::now().format("%Y");
    assert_eq!((cn["number"].clone(), cn["total"].as_str()), (json!(format!("CN-{year}-000001")), Some("96.00")));
    let (_, now) = app.api(Method::GET, &format!("/api/v1/invoices/{}", d["id"]), Some(&s.token), None).await;
    assert_eq!((now["balance"].as_str(), now["status"].as_str()), (Some("288.00"), Some("partially_paid")));
    assert_eq!(now["lines"][0]["credited_quantity"], "1");
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/credit-notes",
            Some(&s.token),
            Some(json!({"invoice_id": d["id"], "reason": "Again",
            "lines": [{"invoice_line_id": l0, "quantity": "2"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["lines[0].quantity"][0], "is more than remains to credit: 1");
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/credit-notes",
            Some(&s.token),
            Some(json!({"invoice_id": d["id"], "reason": "Goodwill",
            "lines": [{"description": "Goodwill", "quantity": "1", "unit_price": "500", "tax_rate_id": s.standard}]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "more than the invoice has left: {body}");
    let (status, _) = invoice_event(&app, &s.token, &d["id"], "void").await;
    assert_eq!(status, StatusCode::CONFLICT, "credited invoices are not voided");
    let (status, rest) = app
        .api(
            Method::POST,
            "/api/v1/credit-notes",
            Some(&s.token),
            Some(json!({"invoice_id": d["id"], "reason": "Cancelled", "whole": true})),
        )
        .await;
    assert_eq!((status, rest["total"].as_str()), (StatusCode::CREATED, Some("288.00")));
    let (_, now) = app.api(Method::GET, &format!("/api/v1/invoices/{}", d["id"]), Some(&s.token), None).await;
    assert_eq!(
        (now["balance"].as_str(), now["status"].as_str(), now["credit_notes"].as_array().map(Vec::len)),
        (Some("0.00"), Some("paid"), Some(2))
    );
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/credit-notes/{}/pdf", cn["id"])))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    let text = pdf_text(&res.bytes().await.unwrap());
    assert!(
        text.contains("Credit note") && text.contains(&format!("CN-{year}-000001")) && text.contains("Damaged"),
        "{text}"
    );
}

#[tokio::test]
async fn the_pdf_prints_unicode_and_flows_two_hundred_lines_over_pages() {
    let app = spawn().await;
    let s = setup(&app).await;
    let d = invoice_draft(&app, &s, 200).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let draft_pdf =
        web.get(app.url(&format!("/invoices/{}/pdf", d["id"]))).send().await.unwrap().bytes().await.unwrap();
    assert!(pdf_text(&draft_pdf).contains("DRAFT"), "a draft is marked");
    let (_, i) = invoice_event(&app, &s.token, &d["id"], "issue").await;
    let res = web.get(app.url(&format!("/invoices/{}/pdf", d["id"]))).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let number = i["number"].as_str().unwrap().to_string();
    assert_eq!(res.headers()["content-disposition"], format!("inline; filename=\"{number}.pdf\""));
    let bytes = res.bytes().await.unwrap();
    let text = pdf_text(&bytes);
    for expected in [
        number.as_str(),
        "Ørsted Zoë Łukasiewicz Straße",
        "Hafenstraße 1",
        "København",
        "Ørsted turbine service, part 199 — Straße",
        "Page 1 of",
        "Page 2 of",
    ] {
        assert!(text.contains(expected), "{expected} in the PDF");
    }
    let pages = text.matches('\u{c}').count() + 1;
    assert!(pages >= 4, "200 lines take several pages, got {pages}");
    assert!(
        text.contains(&format!("Page {pages} of {pages}"))
            || text.contains(&format!("Page {} of {}", pages - 1, pages - 1))
    );
    assert!(!text.contains("DRAFT"));
}

#[tokio::test]
async fn the_selected_invoices_come_as_one_zip() {
    let app = spawn().await;
    let s = setup(&app).await;
    let mut ids = vec![];
    for _ in 0..3 {
        let d = invoice_draft(&app, &s, 1).await;
        invoice_event(&app, &s.token, &d["id"], "issue").await;
        ids.push(d["id"].as_i64().unwrap());
    }
    let web = app.logged_in(ADMIN_EMAIL).await;
    let q = ids.iter().map(|i| format!("ids={i}")).collect::<Vec<_>>().join("&");
    let res = web.get(app.url(&format!("/invoices.zip?{q}"))).send().await.unwrap();
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "application/zip"));
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(zip.len(), 3);
    let year = chrono::Utc::now().format("%Y");
    let names: Vec<String> = (0..3).map(|i| zip.by_index(i).unwrap().name().to_string()).collect();
    assert!(names.contains(&format!("INV-{year}-000002.pdf")), "{names:?}");
    let res = web.get(app.url("/invoices.zip")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "nothing chosen");
}

#[tokio::test]
async fn finance_issues_invoices_and_sales_only_read_them() {
    let app = spawn().await;
    let s = setup(&app).await;
    app.create_user("sam@test.example", "Sam", "sales").await;
    app.create_user("fin@test.example", "Fin", "finance").await;
    let (sam, fin) = (app.token("sam@test.example").await, app.token("fin@test.example").await);
    let d = invoice_draft(&app, &s, 1).await;
    let (status, _) = app.api(Method::GET, &format!("/api/v1/invoices/{}", d["id"]), Some(&sam), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = invoice_event(&app, &sam, &d["id"], "issue").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = invoice_event(&app, &fin, &d["id"], "issue").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        app.api(Method::POST, "/api/v1/invoices", Some(&sam), Some(json!({"account_id": s.account}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_drafts_are_refused_field_by_field_and_write_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    for (body, field) in [
        (json!({"lines": []}), "account_id"),
        (json!({"account_id": 999}), "account_id"),
        (json!({"account_id": s.account, "due_date": "soon"}), "due_date"),
        (
            json!({"account_id": s.account, "lines": [{"description": "x", "quantity": "0", "unit_price": "1", "tax_rate_id": s.standard}]}),
            "lines[0].quantity",
        ),
        (
            json!({"account_id": s.account, "lines": [{"description": "x", "quantity": "1", "unit_price": "abc", "tax_rate_id": s.standard}]}),
            "lines[0].unit_price",
        ),
    ] {
        let (status, answer) = app.api(Method::POST, "/api/v1/invoices", Some(&s.token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(answer["fields"][field].is_array(), "{field}: {answer}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(n, 0);
    let d = invoice_draft(&app, &s, 1).await;
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    app.api(
        Method::PATCH,
        &format!("/api/v1/invoices/{}", d["id"]),
        Some(&s.token),
        Some(json!({"due_date": yesterday})),
    )
    .await;
    let (status, body) = invoice_event(&app, &s.token, &d["id"], "issue").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a due date in the past: {body}");
    let (_, still) = app.api(Method::GET, &format!("/api/v1/invoices/{}", d["id"]), Some(&s.token), None).await;
    assert_eq!((still["status"].as_str(), still["number"].clone()), (Some("draft"), Value::Null));
}

#[tokio::test]
async fn an_invoice_row_with_an_unknown_currency_is_an_error_not_eur() {
    let app = spawn().await;
    let s = setup(&app).await;
    let d = invoice_draft(&app, &s, 1).await;
    let path = format!("/api/v1/invoices/{}", d["id"]);
    let (status, _) = app.api(Method::GET, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("UPDATE invoices SET currency = 'E1' WHERE id = $1")
        .bind(d["id"].as_i64().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
    let (status, body) = app.api(Method::GET, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "read in EUR instead: {body}");
}
