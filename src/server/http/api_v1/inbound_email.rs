//! `POST /api/v1/inbound-email`: one raw RFC 822 message as the body (any content type: mail
//! providers' inbound webhooks send `message/rfc822`, `text/plain` or `application/octet-stream`),
//! authenticated by an API token of a user who works tickets. The answer says where it went:
//! a reply on a ticket, a new ticket, the unmatched list, or a duplicate of a message taken before
//! (same Message-ID: a provider's retry is answered, not taken twice).
use super::errors::ApiError;
use super::ApiActor;
use crate::model::inbound_email::InboundResult;
use crate::server::service::tickets;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(post, path = "/api/v1/inbound-email", tag = "tickets", security(("bearer" = [])),
    request_body(content = String, content_type = "text/plain",
        description = "the raw RFC 822 message, headers and body (sent as message/rfc822, text/plain or any other type)"),
    responses((status = 201, body = InboundResult, description = "taken: a reply, a ticket or unmatched"),
        (status = 200, body = InboundResult, description = "a duplicate of a message taken before"),
        (status = 401), (status = 403), (status = 413), (status = 422)))]
pub async fn receive(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<InboundResult>), ApiError> {
    let r = tickets::email::receive(&state.pool, &actor, &body).await?;
    let status = if r.outcome == "duplicate" { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(r)))
}
