//! The OpenAPI document describes the routes as they are: its path parameters are the template's
//! `{...}` segments and nothing else, its query parameters never name a path segment, and the
//! parameters it promises are the ones the handlers read.
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

/// The `{name}` segments of a path template.
fn template_params(path: &str) -> BTreeSet<String> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).map(str::to_string).collect()
}

async fn document(app: &TestApp) -> Value {
    let (status, doc) = app.api(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    doc
}

/// (method, path, parameter) of every declared parameter, path-level ones included.
fn parameters(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = vec![];
    for (path, item) in doc["paths"].as_object().unwrap() {
        let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for p in shared.iter().chain(own.iter()) {
                out.push((method.clone(), path.clone(), p.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn every_path_parameter_is_in_its_template_and_every_query_parameter_is_not() {
    let app = spawn().await;
    let doc = document(&app).await;
    let mut wrong = vec![];
    let mut path_params = 0;
    for (method, path, p) in parameters(&doc) {
        let name = p["name"].as_str().unwrap().to_string();
        let segments = template_params(&path);
        match p["in"].as_str().unwrap() {
            "path" => {
                path_params += 1;
                if !segments.contains(&name) {
                    wrong.push(format!(
                        "{method} {path}: `{name}` is declared in the path but the path has no {{{name}}}"
                    ));
                }
                if p["required"] != true {
                    wrong.push(format!("{method} {path}: path parameter `{name}` must be required"));
                }
            }
            "query" | "header" | "cookie" if segments.contains(&name) => {
                wrong.push(format!("{method} {path}: `{name}` is a path segment but declared in {}", p["in"]));
            }
            _ => {}
        }
    }
    // And the other way round: each `{segment}` of each operation is declared as a path parameter.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys().filter(|m| *m != "parameters") {
            let declared: BTreeSet<String> = parameters(&doc)
                .into_iter()
                .filter(|(m, p, q)| m == method && p == path && q["in"] == "path")
                .map(|(_, _, q)| q["name"].as_str().unwrap().to_string())
                .collect();
            for seg in template_params(path) {
                if !declared.contains(&seg) {
                    wrong.push(format!("{method} {path}: {{{seg}}} is not declared as a path parameter"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "the document's parameters do not match the routes:\n{}", wrong.join("\n"));
    assert!(path_params >= 50, "read the path parameters: {path_params}");
}

#[tokio::test]
async fn list_filters_and_paging_are_query_parameters_the_routes_honour() {
    let app = spawn().await;
    let doc = document(&app).await;
    let params = parameters(&doc);
    let find = |path: &str, name: &str| {
        params
            .iter()
            .find(|(m, p, q)| m == "get" && p == path && q["name"] == name)
            .unwrap_or_else(|| panic!("GET {path} declares `{name}`"))
            .2
            .clone()
    };
    for (path, name) in [
        ("/api/v1/credit-notes", "invoice_id"),
        ("/api/v1/invoices", "status"),
        ("/api/v1/invoices", "limit"),
        ("/api/v1/users", "cursor"),
        ("/api/v1/bank-statements/{id}/lines", "status"),
    ] {
        assert_eq!(find(path, name)["in"], "query", "{name} of GET {path}");
    }
    // `invoice_id` really filters the credit note list when sent as a query parameter.
    let token = app.token(ADMIN_EMAIL).await;
    let (status, page) = app.api(Method::GET, "/api/v1/credit-notes?invoice_id=999999", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"], serde_json::json!([]));
}
