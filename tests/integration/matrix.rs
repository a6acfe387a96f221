//! The authorization matrix: every role against every admin server fn and REST route, with the
//! expected answer read from the permission table itself (so a new row there is tested here).
use crate::common::*;
use aftersale::model::permissions::{Permission, Role};
use reqwest::{Method, StatusCode};

/// A server fn's name, its form fields, and the permission it needs.
type ServerFnCase = (&'static str, &'static [(&'static str, &'static str)], Permission);

const SERVER_FNS: &[ServerFnCase] = &[
    ("list_users", &[], Permission::ManageUsers),
    ("get_user", &[("id", "1")], Permission::ManageUsers),
    ("update_user", &[("id", "1"), ("field", "name"), ("value", "Test Admin")], Permission::ManageUsers),
    ("list_tokens", &[], Permission::ManageApiTokens),
    ("list_outbox", &[], Permission::ViewSystem),
    ("list_job_runs", &[], Permission::ViewSystem),
    ("system_overview", &[], Permission::ViewSystem),
    ("list_accounts", &[], Permission::ViewCrm),
    ("get_account", &[("id", "1")], Permission::ViewCrm),
    ("new_account_data", &[], Permission::EditOwnCrm),
    ("create_account", &[("form[name]", "Matrix Co")], Permission::EditOwnCrm),
    // Account 1 belongs to the admin: only roles that edit every account may change it.
    ("update_account", &[("id", "1"), ("form[name]", "Matrix One")], Permission::EditAllCrm),
    ("save_contact", &[("account_id", "1"), ("form[name]", "Matrix Person")], Permission::EditAllCrm),
    ("get_settings", &[], Permission::ManageSettings),
    (
        "save_settings",
        &[
            ("form[company_name]", "Matrix GmbH"),
            ("form[default_currency]", "EUR"),
            ("form[default_payment_terms_days]", "30"),
        ],
        Permission::ManageSettings,
    ),
    ("list_products", &[], Permission::ViewCrm),
    ("get_product", &[("id", "1")], Permission::ViewCrm),
    (
        "save_product",
        &[
            ("id", "1"),
            ("form[sku]", "M-1"),
            ("form[name]", "Matrix"),
            ("form[unit_price]", "1"),
            ("form[tax_rate_id]", "1"),
        ],
        Permission::ManageCatalog,
    ),
    ("list_tax_rates", &[], Permission::ViewCrm),
    ("save_tax_rate", &[("id", "1"), ("form[name]", "Matrix rate"), ("form[rate]", "20")], Permission::ManageCatalog),
    ("list_opportunities", &[], Permission::ViewCrm),
    ("get_opportunity", &[("id", "1")], Permission::ViewCrm),
    ("opportunity_form_data", &[], Permission::EditOwnCrm),
    (
        "save_opportunity",
        &[("id", "1"), ("form[name]", "Matrix deal"), ("form[account_id]", "1"), ("form[amount]", "10")],
        Permission::EditAllCrm,
    ),
    ("quote_lines", &[("currency", "EUR")], Permission::ViewCrm),
    ("get_assignments", &[("kind", "accounts")], Permission::Reassign),
    ("reassign", &[("kind", "accounts"), ("ids[0]", "1"), ("to", "1")], Permission::Reassign),
    ("list_orders", &[], Permission::ViewOrders),
    ("get_order", &[("id", "1")], Permission::ViewOrders),
    ("new_order_data", &[], Permission::EditOwnOrders),
    ("orders_by_status", &[], Permission::ViewOrders),
    // Order 1 is the admin's draft: only roles that change every order may save it.
    (
        "save_order",
        &[("id", "1"), ("form[account_id]", "1"), ("lines[0][product_id]", "1"), ("lines[0][quantity]", "2")],
        Permission::EditAllOrders,
    ),
    ("list_invoices", &[], Permission::ViewInvoices),
    ("get_invoice", &[("id", "1")], Permission::ViewInvoices),
    ("new_invoice_data", &[], Permission::ManageInvoices),
    ("invoice_aging", &[], Permission::ViewInvoices),
    (
        "save_invoice",
        &[("id", "1"), ("form[account_id]", "1"), ("lines[0][product_id]", "1"), ("lines[0][quantity]", "3")],
        Permission::ManageInvoices,
    ),
    ("list_payments", &[], Permission::ViewPayments),
    ("record_payment_data", &[], Permission::ManagePayments),
    ("cash_by_month", &[], Permission::ViewPayments),
    ("reconcile_workbench", &[], Permission::ViewPayments),
];

/// Pages and the permission that opens them (everyone else gets 403).
const PAGES: &[(&str, Permission)] = &[
    ("/admin/users", Permission::ManageUsers),
    ("/admin/tokens", Permission::ManageApiTokens),
    ("/admin/outbox", Permission::ViewSystem),
    ("/admin/jobs", Permission::ViewSystem),
    ("/admin/settings", Permission::ManageSettings),
    ("/accounts", Permission::ViewCrm),
    ("/accounts/1", Permission::ViewCrm),
    ("/accounts/new", Permission::EditOwnCrm),
    ("/assignments", Permission::Reassign),
    ("/products", Permission::ViewCrm),
    ("/products/1", Permission::ViewCrm),
    ("/products/new", Permission::ManageCatalog),
    ("/tax-rates", Permission::ViewCrm),
    ("/opportunities", Permission::ViewCrm),
    ("/opportunities/1", Permission::ViewCrm),
    ("/opportunities/new", Permission::EditOwnCrm),
    ("/orders", Permission::ViewOrders),
    ("/orders/1", Permission::ViewOrders),
    ("/orders/new", Permission::EditOwnOrders),
    ("/invoices", Permission::ViewInvoices),
    ("/invoices/1", Permission::ViewInvoices),
    ("/invoices/new", Permission::ManageInvoices),
    ("/payments", Permission::ViewPayments),
    ("/payments/new", Permission::ManagePayments),
    ("/accounts/1/statement", Permission::ViewPayments),
    ("/payments/reconcile", Permission::ViewPayments),
];

/// (method, path, the permission it needs); PATCH sends `{"name": "Test Admin"}` unless `BODIES` names another.
const ROUTES: &[(&str, &str, Permission)] = &[
    ("GET", "/api/v1/me", Permission::UseApp),
    ("GET", "/api/v1/users", Permission::ManageUsers),
    ("GET", "/api/v1/users/1", Permission::ManageUsers),
    ("PATCH", "/api/v1/users/1", Permission::ManageUsers),
    ("GET", "/api/v1/accounts", Permission::ViewCrm),
    ("GET", "/api/v1/accounts/1", Permission::ViewCrm),
    ("PATCH", "/api/v1/accounts/1", Permission::EditAllCrm),
    ("GET", "/api/v1/contacts", Permission::ViewCrm),
    ("GET", "/api/v1/products", Permission::ViewCrm),
    ("GET", "/api/v1/products/1", Permission::ViewCrm),
    ("PATCH", "/api/v1/products/1", Permission::ManageCatalog),
    ("GET", "/api/v1/tax-rates", Permission::ViewCrm),
    ("PATCH", "/api/v1/tax-rates/1", Permission::ManageCatalog),
    ("GET", "/api/v1/opportunities", Permission::ViewCrm),
    ("GET", "/api/v1/opportunities/1", Permission::ViewCrm),
    ("PATCH", "/api/v1/opportunities/1", Permission::EditAllCrm),
    ("GET", "/api/v1/sales-orders", Permission::ViewOrders),
    ("GET", "/api/v1/sales-orders/1", Permission::ViewOrders),
    ("GET", "/api/v1/sales-orders/1/lines", Permission::ViewOrders),
    ("GET", "/api/v1/sales-orders/1/shipments", Permission::ViewOrders),
    ("PATCH", "/api/v1/sales-orders/1", Permission::EditAllOrders),
    ("GET", "/api/v1/invoices", Permission::ViewInvoices),
    ("GET", "/api/v1/invoices/1", Permission::ViewInvoices),
    ("PATCH", "/api/v1/invoices/1", Permission::ManageInvoices),
    ("GET", "/api/v1/credit-notes", Permission::ViewInvoices),
    ("GET", "/api/v1/payments", Permission::ViewPayments),
    ("GET", "/api/v1/bank-accounts", Permission::ViewPayments),
];

/// PATCH bodies of routes whose records have no `name`.
const BODIES: &[(&str, &str)] =
    &[("/api/v1/sales-orders/1", r#"{"notes": "Matrix"}"#), ("/api/v1/invoices/1", r#"{"notes": "Matrix"}"#)];

#[tokio::test]
async fn every_role_gets_exactly_what_the_permission_table_gives_it() {
    let app = spawn().await;
    // Record 1 of each kind exists and belongs to the admin (user 1).
    let admin = app.token(ADMIN_EMAIL).await;
    let (status, _) =
        app.api(Method::POST, "/api/v1/accounts", Some(&admin), Some(serde_json::json!({"name": "Matrix One"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    for (path, body) in [
        ("/api/v1/tax-rates", serde_json::json!({"name": "Matrix rate", "rate": "20"})),
        ("/api/v1/products", serde_json::json!({"sku": "M-1", "name": "Matrix", "unit_price": "1", "tax_rate_id": 1})),
        ("/api/v1/opportunities", serde_json::json!({"name": "Matrix deal", "account_id": 1, "amount": "10"})),
        ("/api/v1/sales-orders", serde_json::json!({"account_id": 1, "lines": [{"product_id": 1, "quantity": "1"}]})),
        ("/api/v1/invoices", serde_json::json!({"account_id": 1, "lines": [{"product_id": 1, "quantity": "1"}]})),
    ] {
        let (status, answer) = app.api(Method::POST, path, Some(&admin), Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
    }
    for role in Role::ALL {
        let email = format!("{}@matrix.example", role.as_str());
        app.create_user(&email, role.label(), role.as_str()).await;
        let web = app.logged_in(&email).await;
        for (name, form, needs) in SERVER_FNS {
            let (status, body) = app.call(&web, name, form).await;
            let expected = if role.can(*needs) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} calling {name}: {body}");
        }
        let token = app.token(&email).await;
        for (method, path, needs) in ROUTES {
            let body = (*method == "PATCH").then(|| match BODIES.iter().find(|(p, _)| p == path) {
                Some((_, b)) => serde_json::from_str(b).unwrap(),
                None => serde_json::json!({"name": "Test Admin"}),
            });
            let (status, answer) =
                app.api(Method::from_bytes(method.as_bytes()).unwrap(), path, Some(&token), body).await;
            let expected = if role.can(*needs) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} {method} {path}: {answer}");
        }
        for (page, needs) in PAGES {
            let (status, _) = app.get_html(&web, page).await;
            let expected = if role.can(*needs) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} opening {page}");
        }
    }
}

#[tokio::test]
async fn every_rest_route_refuses_a_missing_token_with_401() {
    let app = spawn().await;
    for (method, path, _) in ROUTES {
        let (status, body) = app.api(Method::from_bytes(method.as_bytes()).unwrap(), path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(body["error"], "missing or invalid bearer token");
    }
    let (status, _) = app.api(Method::POST, "/api/v1/users", None, Some(serde_json::json!({}))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "POST is checked before the body is read");
}
