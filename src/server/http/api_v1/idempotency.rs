//! `Idempotency-Key` on POST: the same key and body returns the first result and creates nothing
//! new; the same key with a different body is refused.
use super::errors::ApiError;
use crate::error::AppError;
use crate::server::db;
use crate::server::state::AppState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::future::Future;

/// Runs `handler` once per (user, key); replays its stored response for repeats.
/// Without the header, simply runs `handler`.
pub async fn once<F, Fut>(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
    path: &str,
    body: &[u8],
    handler: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, serde_json::Value), AppError>>,
{
    let key = match headers.get("idempotency-key").map(|v| v.to_str().map(str::trim)) {
        None => return respond(handler().await),
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => k.to_string(),
        Some(_) => {
            return ApiError(AppError::field("idempotency_key", "must be 1 to 200 visible characters")).into_response()
        }
    };
    let hash =
        hex::encode(Sha256::new().chain_update(path.as_bytes()).chain_update(b"\n").chain_update(body).finalize());
    let pool = &state.pool;
    match db::idempotency::claim(pool, user_id, &key, &hash).await {
        Err(e) => ApiError(e.into()).into_response(),
        Ok(db::idempotency::Claim::Done { request_hash, status, body }) if request_hash == hash => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut res = (status, [("content-type", "application/json")], body).into_response();
            res.headers_mut().insert("idempotent-replayed", "true".parse().expect("static header"));
            res
        }
        Ok(db::idempotency::Claim::InFlight { request_hash }) if request_hash == hash => ApiError(AppError::Conflict {
            message: "a request with this Idempotency-Key is still in progress".into(),
            code: "idempotency_in_progress".into(),
        })
        .into_response(),
        Ok(db::idempotency::Claim::Done { .. } | db::idempotency::Claim::InFlight { .. }) => {
            ApiError(AppError::field("idempotency_key", "was already used with a different request")).into_response()
        }
        Ok(db::idempotency::Claim::New) => {
            let result = handler().await;
            let (status, json) = match &result {
                Ok((s, v)) => (*s, v.clone()),
                Err(e) => (
                    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    super::errors::body(e),
                ),
            };
            // Server failures are not final: let the client retry with the same key.
            let stored = if status.is_server_error() {
                db::idempotency::release(pool, user_id, &key).await
            } else {
                db::idempotency::store(pool, user_id, &key, status.as_u16(), &json.to_string()).await
            };
            if let Err(e) = stored {
                tracing::error!("idempotency bookkeeping failed: {e}");
            }
            respond(result)
        }
    }
}

fn respond(result: Result<(StatusCode, serde_json::Value), AppError>) -> Response {
    match result {
        Ok((status, json)) => (status, axum::Json(json)).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}
