//! The one place requests become exactly-once (`server::idempotency`): every REST `POST` that
//! carries an `Idempotency-Key` header, and every server-fn form post that carries a one-time
//! `form_key` field (the hidden input of the money and status forms, so a double-clicked Refund
//! refunds once). Handlers know nothing of it; their transactions mark the key through `db::commit`.
use crate::error::AppError;
use crate::server::auth::AuthSession;
use crate::server::http::api_v1::errors::ApiError;
use crate::server::idempotency::{run_once, Answer, Outcome};
use crate::server::service;
use crate::server::state::AppState;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The response headers a replay gives back (the rest are the middleware stack's own).
const REPLAYED_HEADERS: [&str; 4] = ["content-type", "location", "serverfnredirect", "content-disposition"];

/// The largest answer kept for replay; larger ones are not expected from a POST.
const MAX_ANSWER: usize = 64 * 1024 * 1024;

pub async fn exactly_once(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let path = req.uri().path();
    if path.starts_with("/api/") {
        let Some(key) = req.headers().get("idempotency-key") else {
            return next.run(req).await;
        };
        let Some(key) = valid_key(key.to_str().unwrap_or_default()) else {
            return ApiError(AppError::field("idempotency_key", "must be 1 to 200 visible characters")).into_response();
        };
        let token = super::bearer_token(req.headers()).map(str::to_string);
        let user = match token {
            Some(t) => service::tokens::authenticate(&state, &t).await.ok().flatten().map(|a| a.id),
            None => None,
        };
        match user {
            // The handler answers 401 itself.
            None => next.run(req).await,
            Some(user_id) => keyed(&state, user_id, format!("api:{key}"), req, next).await,
        }
    } else if path.starts_with("/fn/") && is_form(req.headers()) {
        let Some(user_id) = req.extensions().get::<AuthSession>().and_then(|a| a.user.as_ref()).map(|u| u.id) else {
            return next.run(req).await;
        };
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, usize::MAX).await {
            Ok(b) => b,
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        };
        let req = Request::from_parts(parts, Body::from(bytes.clone()));
        match form_key(&bytes) {
            None => next.run(req).await,
            Some(key) => keyed(&state, user_id, format!("form:{key}"), req, next).await,
        }
    } else {
        next.run(req).await
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn valid_key(key: &str) -> Option<&str> {
    let key = key.trim();
    (!key.is_empty() && key.len() <= 200 && key.bytes().all(|b| b.is_ascii_graphic())).then_some(key)
}

/// The `form_key` field of a url-encoded form body (keys are made of letters, digits, `-` and `_`).
fn form_key(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let value = text.split('&').find_map(|pair| pair.strip_prefix("form_key="))?;
    let ok = !value.is_empty()
        && value.len() <= 200
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| value.to_string())
}

async fn keyed(state: &AppState, user_id: i64, key: String, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let hash = request_hash(parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"), &bytes);
    let req = Request::from_parts(parts, Body::from(bytes));
    let lease = Duration::from_secs(state.config.request_timeout_secs + 5);
    // The handler's own cookies (a sealed flash's pad) go to this answer only, never to a replay.
    let cookies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let slot = cookies.clone();
    let run = async move {
        let res = next.run(req).await;
        *slot.lock().unwrap_or_else(|p| p.into_inner()) =
            res.headers().get_all(header::SET_COOKIE).iter().cloned().collect();
        capture(res).await
    };
    match run_once(&state.pool, user_id, &key, &hash, lease, run, answer_lost).await {
        Ok(Outcome::Ran(answer)) => {
            let mut res = respond(answer, false);
            for cookie in cookies.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
                res.headers_mut().append(header::SET_COOKIE, cookie);
            }
            res
        }
        Ok(Outcome::Replayed(answer)) => respond(answer, true),
        Err(e) => ApiError(e).into_response(),
    }
}

/// What makes two keyed requests "the same request": the target (path and query) and the body.
pub fn request_hash(target: &str, body: &[u8]) -> String {
    hex::encode(Sha256::new().chain_update(format!("POST {target}\n").as_bytes()).chain_update(body).finalize())
}

/// The status, replayable headers and body of a handler's response.
async fn capture(res: Response) -> Answer {
    let (parts, body) = res.into_parts();
    let mut headers = serde_json::Map::new();
    for name in REPLAYED_HEADERS {
        if let Some(v) = parts.headers.get(name).and_then(|v| v.to_str().ok()) {
            headers.insert(name.into(), v.into());
        }
    }
    let body = match to_bytes(body, MAX_ANSWER).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            tracing::error!("idempotency: the answer could not be read: {e}");
            return answer_lost();
        }
    };
    Answer { status: parts.status.as_u16(), headers: serde_json::Value::Object(headers).to_string(), body }
}

/// What every repeat of a request gets whose write committed but whose answer was lost: the
/// write must not run again, and a 5xx would invite the client to retry it.
pub fn answer_lost() -> Answer {
    let e = AppError::Conflict {
        message: "this request was carried out, but its answer was lost: read the record instead of retrying".into(),
        code: "idempotency_committed".into(),
    };
    let body = crate::server::http::api_v1::errors::body(&e).to_string();
    Answer { status: 409, headers: r#"{"content-type":"application/json"}"#.into(), body }
}

fn respond(answer: Answer, replayed: bool) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut res = (status, Bytes::from(answer.body)).into_response();
    let headers: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&answer.headers).unwrap_or_default();
    for (name, value) in headers {
        if let (Ok(n), Some(Ok(v))) = (HeaderName::try_from(name.as_str()), value.as_str().map(HeaderValue::from_str)) {
            res.headers_mut().insert(n, v);
        }
    }
    if replayed {
        res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_form_key_is_read_only_when_it_is_a_plain_token() {
        assert_eq!(super::form_key(b"id=4&form_key=ab12-CD_9&form%5Bamount%5D=5").as_deref(), Some("ab12-CD_9"));
        assert_eq!(super::form_key(b"id=4&form%5Bform_key%5D=x"), None);
        assert_eq!(super::form_key(b"form_key=a%0Db"), None);
        assert_eq!(super::form_key(b"form_key="), None);
    }
}
