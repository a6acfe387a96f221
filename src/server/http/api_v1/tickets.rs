//! `/api/v1/tickets`: the queues, read, open (channel `api`; no `assignee_id` → automatic
//! assignment), PATCH, status events (`start`, `wait`, `resolve` {note}, `close`, `reopen`; 409 when
//! the machine refuses), `assign`, the timeline (`/events`), the conversation (`/comments`) and a
//! new customer link (`/customer-link`), and merging a duplicate into another ticket (`/merge`).
use super::bodies::{overlay, overlay_number};
use super::errors::{parse_json, ApiError};
use super::invoices::CustomerLink;
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::ticket::{Channel, CommentDto, CommentForm, TicketDto, TicketEvent, TicketFilter, TicketForm};
use crate::model::timeline::TimelineEvent;
use crate::server::service::tickets;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// Part of the number, the subject or the account's name.
    pub q: Option<String>,
    /// mine, unassigned, open (default), at_risk, waiting or all.
    pub queue: Option<String>,
    /// open, in_progress, waiting, resolved or closed.
    pub status: Option<String>,
    /// low, medium, high or urgent.
    pub priority: Option<String>,
    /// An assignee's user id, or "me".
    pub assignee: Option<String>,
    /// An account id.
    pub account: Option<String>,
    /// on_track, at_risk, breached, paused or met.
    pub sla: Option<String>,
}

/// A ticket as sent; `account_id`, `subject` and `description` are required on create, and
/// `account_id` cannot change afterwards. `priority` defaults to medium.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketBody {
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub subject: Option<String>,
    pub description: Option<String>,
    /// low, medium, high or urgent
    pub priority: Option<String>,
    pub invoice_id: Option<i64>,
    pub sales_order_id: Option<i64>,
    pub product_id: Option<i64>,
    /// On create only; omitted: automatic assignment by the company's rule.
    pub assignee_id: Option<i64>,
}

impl TicketBody {
    fn over(self, mut f: TicketForm) -> TicketForm {
        overlay_number(&mut f.account_id, self.account_id);
        overlay_number(&mut f.contact_id, self.contact_id);
        overlay(&mut f.subject, self.subject);
        overlay(&mut f.description, self.description);
        overlay(&mut f.priority, self.priority);
        overlay_number(&mut f.invoice_id, self.invoice_id);
        overlay_number(&mut f.sales_order_id, self.sales_order_id);
        overlay_number(&mut f.product_id, self.product_id);
        overlay_number(&mut f.assignee_id, self.assignee_id);
        f
    }
}

/// The body of `resolve`: the resolution note (required).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    pub note: Option<String>,
}

/// The body of `assign`: a user who works tickets, or null to unassign.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    pub assignee_id: Option<i64>,
}

/// The body of `merge`: the ticket this one duplicates, by number (`TCK-2026-000042`) or id.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    #[schema(value_type = String, example = "TCK-2026-000042")]
    pub into: serde_json::Value,
}

/// A comment as sent: `public` true is a reply the customer sees; false (default) an internal note.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    pub body: String,
    #[serde(default)]
    pub public: bool,
}

#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", security(("bearer" = [])),
    params(PageQuery, TicketQuery),
    responses((status = 200, body = Page<TicketDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<TicketQuery>,
) -> Result<Json<Page<TicketDto>>, ApiError> {
    let filter = TicketFilter {
        q: q.q.unwrap_or_default(),
        queue: q.queue.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        priority: q.priority.unwrap_or_default(),
        assignee: q.assignee.unwrap_or_default(),
        account: q.account.unwrap_or_default(),
        sla: q.sla.unwrap_or_default(),
    };
    Ok(Json(tickets::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = TicketDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<TicketDto>, ApiError> {
    Ok(Json(tickets::get(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = TicketBody,
    responses((status = 201, body = TicketDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: TicketBody = parse_json(&body)?;
        let t = tickets::create::create(&state.pool, &actor, &input.over(TicketForm::default()), Channel::Api).await?;
        json(StatusCode::CREATED, &t)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = TicketBody,
    responses((status = 200, body = TicketDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<TicketDto>, ApiError> {
    let input: TicketBody = parse_json(&body)?;
    if input.assignee_id.is_some() {
        return Err(AppError::field("assignee_id", "use POST /api/v1/tickets/{id}/assign").into());
    }
    let current = tickets::get(&state.pool, &actor, id).await?;
    let form = input.over(tickets::events::form_of(&current));
    Ok(Json(tickets::events::update(&state.pool, &actor, id, &form).await?))
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/assign", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AssignBody,
    responses((status = 200, body = TicketDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn assign(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<TicketDto>, ApiError> {
    let input: AssignBody = parse_json(&body)?;
    Ok(Json(tickets::create::assign(&state.pool, &actor, id, input.assignee_id).await?))
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/merge", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MergeBody,
    responses((status = 200, body = TicketDto, description = "the ticket it went into"), (status = 401), (status = 403),
        (status = 404), (status = 409), (status = 422)))]
pub async fn merge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<TicketDto>, ApiError> {
    let input: MergeBody = parse_json(&body)?;
    let into = match input.into {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(AppError::field("into", "must be a ticket number or id").into()),
    };
    Ok(Json(tickets::merge::merge(&state.pool, &actor, id, &into).await?))
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/{event}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "start, wait, resolve, close or reopen")),
    request_body(content = EventBody, description = "resolve: the resolution note (required); other events: no body"),
    responses((status = 200, body = TicketDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<TicketDto>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let e = TicketEvent::parse_manual(&event).map_err(|_| AppError::NotFound)?;
    let note = if body.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        parse_json::<EventBody>(&body)?.note.unwrap_or_default()
    };
    Ok(Json(tickets::events::apply(&state.pool, &actor, id, e, &note).await?))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}/events", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<TimelineEvent>), (status = 401), (status = 403), (status = 404)))]
pub async fn events(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<TimelineEvent>>, ApiError> {
    Ok(Json(tickets::timeline(&state.pool, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}/comments", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn comments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<CommentDto>>, ApiError> {
    Ok(Json(tickets::comments(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/comments", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = CommentBody,
    responses((status = 201, body = CommentDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_comment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Response {
    respond(async {
        let input: CommentBody = parse_json(&body)?;
        let form = CommentForm { body: input.body, public: input.public.to_string() };
        let c = tickets::comments::add(&state, &actor, id, &form, Channel::Api).await?;
        json(StatusCode::CREATED, &c)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/customer-link", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 201, body = CustomerLink), (status = 401), (status = 403), (status = 404)))]
pub async fn customer_link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<(StatusCode, Json<CustomerLink>), ApiError> {
    let (url, expires_at) = tickets::links::create(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(CustomerLink { url, expires_at })))
}
