//! Plain axum routes (no Leptos): health, metrics, the REST API, and the middleware stack.
pub mod api_v1;
pub mod bank_upload;
pub mod csrf;
pub mod documents;
pub mod export;
pub mod files;
pub mod health;
pub mod idempotency;
pub mod middleware;
pub mod shell;

/// The token of an `Authorization: Bearer <token>` header (scheme name case-insensitive).
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}
