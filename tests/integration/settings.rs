//! Company settings: admins change them, bad values are named per field, new accounts take the
//! defaults, and document numbers follow the configured prefix and padding.
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

fn settings_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("form[company_name]", "Northwind Services GmbH"),
        ("form[default_currency]", "GBP"),
        ("form[default_payment_terms_days]", "14"),
        ("form[iban]", "GB82 WEST 1234 5698 7654 32"),
        ("form[bic]", "westgb2l"),
        ("form[series][0][series]", "invoice"),
        ("form[series][0][prefix]", "rech"),
        ("form[series][0][padding]", "4"),
    ];
    for (k, v) in extra {
        form.retain(|(fk, _)| fk != k);
        form.push((k, v));
    }
    form
}

#[tokio::test]
async fn an_admin_saves_the_settings_and_new_accounts_and_numbers_follow_them() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, body) = app.call(&web, "save_settings", &settings_form(&[])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, view) = app.call(&web, "get_settings", &[]).await;
    assert_eq!(view["settings"]["iban"], "GB82WEST12345698765432", "stored without spaces");
    assert_eq!(view["settings"]["bic"], "WESTGB2L");
    let token = app.token(ADMIN_EMAIL).await;
    let (_, a) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "Defaults Ltd"}))).await;
    assert_eq!((a["currency"].as_str(), a["payment_terms_days"].as_i64()), (Some("GBP"), Some(14)));
    let mut tx = aftersale::server::db::begin_write(&app.state.pool).await.unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let number = aftersale::server::service::numbering::next_number(&mut tx, "invoice", date).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(number, "RECH-2026-0001");
    let (_, html) = app.get_html(&web, "/admin/settings").await;
    assert!(html.contains("Northwind Services GmbH") && html.contains("Edited"));
}

#[tokio::test]
async fn bad_settings_are_refused_field_by_field_and_nothing_changes() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let form = settings_form(&[
        ("form[company_name]", ""),
        ("form[iban]", "DE89 3704 0044 0532 0130 01"),
        ("form[default_currency]", "euro"),
        ("form[default_payment_terms_days]", "abc"),
        ("form[series][0][padding]", "20"),
        ("form[default_tax_rate_id]", "999"),
    ]);
    let (status, body) = app.call(&web, "save_settings", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["company_name", "iban", "default_currency", "default_payment_terms_days", "padding_invoice"] {
        assert!(body["fields"][field].is_array(), "{field}: {body}");
    }
    let (status, body) = app.call(&web, "save_settings", &settings_form(&[("form[default_tax_rate_id]", "999")])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["default_tax_rate_id"][0], "must be chosen from the list");
    let (_, view) = app.call(&web, "get_settings", &[]).await;
    assert_eq!(view["settings"]["company_name"], "Your Company Ltd");
    assert_eq!(view["settings"]["default_currency"], "EUR");
}

#[tokio::test]
async fn only_admins_change_settings() {
    let app = spawn().await;
    app.create_user("max@test.example", "Max Manager", "manager").await;
    let web = app.logged_in("max@test.example").await;
    let (status, _) = app.call(&web, "save_settings", &settings_form(&[])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get_html(&web, "/admin/settings").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
