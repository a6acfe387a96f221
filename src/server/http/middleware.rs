//! The layers every request passes: request id, tracing, metrics, compression, timeout, body
//! limit and security headers.
use crate::server::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::time::{Duration, Instant};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Inline scripts are Leptos' island loader; wasm needs 'wasm-unsafe-eval'.
const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

pub fn apply(router: Router<()>, state: &AppState) -> Router<()> {
    let mut router = router
        .layer(axum::middleware::from_fn_with_state(state.clone(), count_requests))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    if state.config.secure_cookies() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let id =
                    req.extensions().get::<RequestId>().and_then(|r| r.header_value().to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CompressionLayer::new())
            .layer(axum::middleware::from_fn_with_state(state.clone(), explain_too_large))
            .layer(RequestBodyLimitLayer::new(state.config.body_limit_bytes))
            // axum's extractors stop at 2 MB by default; the configured limit is the one limit.
            .layer(axum::extract::DefaultBodyLimit::max(state.config.body_limit_bytes))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                Duration::from_secs(state.config.request_timeout_secs),
            )),
    )
}

/// The methods counted under their own name; any other is counted as `other`.
const METRIC_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// Counts requests and records their duration by method, route template and status.
async fn count_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // A fixed label set: a client inventing methods must not grow the metrics without bound.
    let method = METRIC_METHODS.iter().copied().find(|m| *m == req.method().as_str()).unwrap_or("other");
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let res = next.run(req).await;
    let route =
        route.unwrap_or_else(|| if res.status() == StatusCode::NOT_FOUND { "unmatched" } else { "other" }.into());
    state.metrics.http_request(method, route, res.status().as_u16(), started.elapsed());
    res
}

/// The body limit answers 413 with a bare "length limit exceeded": say what the limit is — as
/// JSON (`message`, `fields.file`) for the API, as a short page with a way back for browsers.
async fn explain_too_large(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let back = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("/").to_string();
    let res = next.run(req).await;
    if res.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return res;
    }
    let mb = state.config.body_limit_bytes / 1_048_576;
    let message = format!("the upload is larger than {mb} MB, the most this server takes in one request");
    let (kind, body) = if api {
        ("application/json", serde_json::json!({ "message": message, "fields": { "file": [message] } }).to_string())
    } else {
        let back = if back.starts_with('/') || back.starts_with("http") { back } else { "/".into() };
        let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
        (
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><title>Too large</title><h1>The file is too large</h1><p>{}.</p><p><a href=\"{}\">Back</a></p>",
                esc(&message),
                esc(&back)
            ),
        )
    };
    (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, kind)], body).into_response()
}
