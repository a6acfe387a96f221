//! `GET /healthz` (the database answers) and `GET /metrics` (Prometheus text).
use crate::server::db;
use crate::server::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;

#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, description = "ok"), (status = 503, description = "database unavailable")))]
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match db::health::ping(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[utoipa::path(get, path = "/metrics", tag = "system", responses(
    (status = 200, description = "Prometheus text format"),
    (status = 401, description = "AFTERSALE_METRICS_TOKEN is set and the bearer token does not match")))]
pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> axum::response::Response {
    if let Some(expected) = &state.config.metrics_token {
        let given = super::bearer_token(&headers).unwrap_or_default();
        if !crate::server::auth::same_secret(given, expected) {
            return (StatusCode::UNAUTHORIZED, "metrics need the bearer token set in AFTERSALE_METRICS_TOKEN")
                .into_response();
        }
    }
    let size = u64::from(state.pool.size());
    let idle = state.pool.num_idle() as u64;
    let body = state.metrics.render(db::ENGINE, idle, size.saturating_sub(idle));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
