//! REST API: bearer tokens, users, 401/403/404/409/422, cursors, Idempotency-Key, OpenAPI.
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_api_token_lists_users_while_no_token_gets_401() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (status, body) = app.api(Method::GET, "/api/v1/users", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["items"][0]["email"], ADMIN_EMAIL);
    assert_eq!(body["items"][0]["role"], "admin");
    assert_eq!(body["items"][0]["active"], true);
    assert!(body["next_cursor"].is_null());
    assert_eq!(app.api(Method::GET, "/api/v1/users", None, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.api(Method::GET, "/api/v1/users", Some("ast_forged"), None).await.0, StatusCode::UNAUTHORIZED);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM api_tokens").fetch_all(&app.state.pool).await.unwrap();
    assert!(!stored.iter().any(|h| h == &token || h.contains(&token[4..])), "only a hash is stored");
}

#[tokio::test]
async fn a_token_acts_with_its_users_role() {
    let app = spawn().await;
    app.create_user("sam@test.example", "Sam", "sales").await;
    let token = app.token("sam@test.example").await;
    let (status, body) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!((status, body["role"].as_str()), (StatusCode::OK, Some("sales")));
    let (status, body) = app.api(Method::GET, "/api/v1/users", Some(&token), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "you do not have permission to do that");
}

#[tokio::test]
async fn a_revoked_token_and_a_deactivated_users_token_get_401() {
    let app = spawn().await;
    let id = app.create_user("ops@test.example", "Ops", "admin").await;
    let token = app.token("ops@test.example").await;
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&token), None).await.0, StatusCode::OK);
    let admin = app.token(ADMIN_EMAIL).await;
    let (status, _) =
        app.api(Method::PATCH, &format!("/api/v1/users/{id}"), Some(&admin), Some(json!({"active": false}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&token), None).await.0, StatusCode::UNAUTHORIZED);

    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, tokens) = app.call(&web, "list_tokens", &[]).await;
    let admin_token_id =
        tokens.as_array().unwrap().iter().find(|t| t["user_email"] == ADMIN_EMAIL).unwrap()["id"].to_string();
    let (status, _) = app.call(&web, "revoke_token", &[("id", &admin_token_id)]).await;
    assert!(status.is_success());
    assert_eq!(app.api(Method::GET, "/api/v1/me", Some(&admin), None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn creating_a_user_returns_201_and_bad_input_gets_422_with_every_field_and_writes_nothing() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let good = json!({"email": "new@test.example", "name": "New Person", "role": "finance", "password": PASSWORD});
    let (status, body) = app.api(Method::POST, "/api/v1/users", Some(&token), Some(good)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (body["email"].as_str(), body["role"].as_str(), body["active"].as_bool()),
        (Some("new@test.example"), Some("finance"), Some(true))
    );
    assert!(body.get("password_hash").is_none());

    let bad = json!({"email": "not-an-email", "name": "", "role": "root", "password": "short"});
    let (status, body) = app.api(Method::POST, "/api/v1/users", Some(&token), Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "validation failed");
    for f in ["email", "name", "role", "password"] {
        assert!(body["fields"][f][0].is_string(), "{f} named: {body}");
    }
    let (status, body) = app.api(Method::POST, "/api/v1/users", Some(&token), Some(json!({"name": "x"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["email"][0], "is required");
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let huge = json!({"email": "big@test.example", "name": "x".repeat(10_000), "role": "sales", "password": PASSWORD});
    assert_eq!(
        app.api(Method::POST, "/api/v1/users", Some(&token), Some(huge)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(count, 2, "only the admin and the good user exist");
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let dup = json!({"email": "ADMIN@TEST.example", "name": "Dup", "role": "sales", "password": PASSWORD});
    let (status, body) = app.api(Method::POST, "/api/v1/users", Some(&token), Some(dup)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["email"][0], "is already used by another user");
}

#[tokio::test]
async fn the_same_idempotency_key_returns_the_first_result_and_creates_nothing_new() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let body = json!({"email": "once@test.example", "name": "Once", "role": "support", "password": PASSWORD});
    let send = |b: serde_json::Value| {
        reqwest::Client::new()
            .post(app.url("/api/v1/users"))
            .bearer_auth(&token)
            .header("idempotency-key", "k-123")
            .json(&b)
            .send()
    };
    let first = send(body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: serde_json::Value = first.json().await.unwrap();
    let again = send(body.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
    let other = send(json!({"email": "twice@test.example", "name": "T", "role": "support", "password": PASSWORD}))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY, "a key reused with another body is refused");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn cursor_pages_walk_every_user_exactly_once() {
    let app = spawn().await;
    for i in 0..7 {
        app.create_user(&format!("u{i}@test.example"), &format!("User {i}"), "sales").await;
    }
    let token = app.token(ADMIN_EMAIL).await;
    let (mut seen, mut cursor, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let (status, body) =
            app.api(Method::GET, &format!("/api/v1/users?limit=3&cursor={cursor}"), Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        pages += 1;
        seen.extend(body["items"].as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!((seen.len(), sorted.len()), (8, 8));
    assert_eq!(
        app.api(Method::GET, "/api/v1/users?limit=0", Some(&token), None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/users?cursor=zzz", Some(&token), None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, body) = app.api(Method::GET, "/api/v1/users?q=user%203", Some(&token), None).await;
    assert_eq!(body["items"].as_array().unwrap().len(), 1, "search narrows the list");
}

#[tokio::test]
async fn unknown_ids_are_404_and_the_last_admin_cannot_be_demoted_409() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    assert_eq!(app.api(Method::GET, "/api/v1/users/999999", Some(&token), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.api(Method::GET, "/api/v1/nothing-here", Some(&token), None).await.0, StatusCode::NOT_FOUND);
    let (status, body) = app.api(Method::PATCH, "/api/v1/users/1", Some(&token), Some(json!({"role": "sales"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "last_admin");
    let (status, body) = app.api(Method::PATCH, "/api/v1/users/1", Some(&token), Some(json!({"role": "wizard"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["role"][0].as_str().unwrap().contains("must be one of"));
}

#[tokio::test]
async fn the_openapi_document_parses_and_lists_every_route() {
    let app = spawn().await;
    let (status, doc) = app.api(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let known = [
        ("/healthz", vec!["get"]),
        ("/metrics", vec!["get"]),
        ("/api/v1/openapi.json", vec!["get"]),
        ("/api/v1/me", vec!["get"]),
        ("/api/v1/users", vec!["get", "post"]),
        ("/api/v1/users/{id}", vec!["get", "patch"]),
        ("/api/v1/accounts", vec!["get", "post"]),
        ("/api/v1/accounts/{id}", vec!["get", "patch"]),
        ("/api/v1/contacts", vec!["get", "post"]),
        ("/api/v1/contacts/{id}", vec!["get", "patch", "delete"]),
        ("/api/v1/products", vec!["get", "post"]),
        ("/api/v1/products/{id}", vec!["get", "patch"]),
        ("/api/v1/tax-rates", vec!["get", "post"]),
        ("/api/v1/tax-rates/{id}", vec!["get", "patch"]),
        ("/api/v1/opportunities", vec!["get", "post"]),
        ("/api/v1/opportunities/{id}", vec!["get", "patch"]),
        ("/api/v1/opportunities/{id}/{event}", vec!["post"]),
        ("/api/v1/sales-orders", vec!["get", "post"]),
        ("/api/v1/sales-orders/{id}", vec!["get", "patch"]),
        ("/api/v1/sales-orders/{id}/lines", vec!["get", "post"]),
        ("/api/v1/sales-orders/{id}/{event}", vec!["post"]),
        ("/api/v1/sales-orders/{id}/shipments", vec!["get", "post"]),
        ("/api/v1/sales-orders/{id}/shipments/{shipment_id}/cancel", vec!["post"]),
        ("/api/v1/sales-orders/{id}/shipments/{shipment_id}/delivery-note.pdf", vec!["get"]),
        ("/api/v1/sales-orders/{id}/invoice", vec!["post"]),
        ("/api/v1/invoices", vec!["get", "post"]),
        ("/api/v1/invoices/{id}", vec!["get", "patch", "delete"]),
        ("/api/v1/invoices/{id}/{event}", vec!["post"]),
        ("/api/v1/invoices/{id}/pdf", vec!["get"]),
        ("/api/v1/invoices/{id}/customer-link", vec!["post"]),
        ("/api/v1/credit-notes", vec!["get", "post"]),
        ("/api/v1/credit-notes/{id}", vec!["get"]),
        ("/api/v1/credit-notes/{id}/pdf", vec!["get"]),
        ("/api/v1/payments", vec!["get", "post"]),
        ("/api/v1/payments/{id}", vec!["get"]),
        ("/api/v1/payments/{id}/allocations", vec!["get", "post"]),
        ("/api/v1/payments/{id}/allocations/{allocation_id}", vec!["delete"]),
        ("/api/v1/payments/{id}/receipt.pdf", vec!["get"]),
        ("/api/v1/payments/{id}/{event}", vec!["post"]),
        ("/api/v1/bank-accounts", vec!["get", "post"]),
        ("/api/v1/bank-accounts/{id}", vec!["put"]),
        ("/api/v1/bank-accounts/{id}/report", vec!["get"]),
        ("/api/v1/bank-statements", vec!["post"]),
        ("/api/v1/bank-statements/{id}", vec!["get", "delete"]),
        ("/api/v1/bank-statements/{id}/import", vec!["post"]),
        ("/api/v1/bank-statements/{id}/rematch", vec!["post"]),
        ("/api/v1/bank-statements/{id}/lines", vec!["get"]),
        ("/api/v1/bank-statement-lines/{id}/candidates", vec!["get"]),
        ("/api/v1/bank-statement-lines/{id}/accept", vec!["post"]),
        ("/api/v1/bank-statement-lines/{id}/reject", vec!["post"]),
        ("/api/v1/bank-statement-lines/{id}/reopen", vec!["post"]),
        ("/api/v1/bank-statement-lines/{id}/payments", vec!["post"]),
        ("/api/v1/tickets", vec!["get", "post"]),
        ("/api/v1/tickets/{id}", vec!["get", "patch"]),
        ("/api/v1/tickets/{id}/assign", vec!["post"]),
        ("/api/v1/tickets/{id}/events", vec!["get"]),
        ("/api/v1/tickets/{id}/comments", vec!["get", "post"]),
        ("/api/v1/tickets/{id}/customer-link", vec!["post"]),
        ("/api/v1/tickets/{id}/merge", vec!["post"]),
        ("/api/v1/tickets/{id}/{event}", vec!["post"]),
        ("/api/v1/inbound-email", vec!["post"]),
        ("/api/v1/contracts", vec!["get", "post"]),
        ("/api/v1/contracts/{id}", vec!["get", "patch"]),
        ("/api/v1/contracts/{id}/terms", vec!["get"]),
        ("/api/v1/contracts/{id}/events", vec!["get"]),
        ("/api/v1/contracts/{id}/renewal-preview", vec!["get"]),
        ("/api/v1/contracts/{id}/change-preview", vec!["post"]),
        ("/api/v1/contracts/{id}/changes", vec!["post"]),
        ("/api/v1/contracts/{id}/{event}", vec!["post"]),
    ];
    for (path, methods) in &known {
        for m in methods {
            assert!(paths[*path].get(*m).is_some(), "{m} {path} documented");
        }
    }
    assert_eq!(paths.len(), known.len(), "every documented route is one the tests know: {:?}", paths.keys());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["UserDto"]["properties"]["email"].is_object());
}

#[tokio::test]
async fn an_id_that_is_not_a_number_is_an_unknown_record() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    for path in ["/api/v1/users/abc", "/api/v1/users/9223372036854775808"] {
        let (status, body) = app.api(Method::GET, path, Some(&token), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["error"], "not found");
    }
}
