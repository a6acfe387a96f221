//! `/api/v1/contacts`: an account's people — list (by account), read, create, PATCH, DELETE.
use super::bodies::overlay;
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::contact::{ContactDto, ContactForm};
use crate::server::service::contacts;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    /// Only this account's contacts.
    pub account_id: Option<String>,
}

/// A contact as sent to the API; `account_id` and `name` are required on create.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    pub account_id: Option<i64>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    /// true makes this the account's primary contact (the previous one stops being primary).
    pub is_primary: Option<bool>,
}

impl ContactBody {
    fn over(self, mut f: ContactForm) -> ContactForm {
        for (dst, v) in [
            (&mut f.name, self.name),
            (&mut f.email, self.email),
            (&mut f.phone, self.phone),
            (&mut f.job_title, self.job_title),
            (&mut f.is_primary, self.is_primary.map(|b| b.to_string())),
        ] {
            overlay(dst, v);
        }
        f
    }
}

#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])),
    params(PageQuery, ContactQuery),
    responses((status = 200, body = Page<ContactDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<ContactQuery>,
) -> Result<Json<Page<ContactDto>>, ApiError> {
    let account_id = match q.account_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::field("account_id", "must be an account id"))?),
    };
    let p = contacts::list(&state.pool, &actor, account_id, &page.position()?, page.size()?).await?;
    Ok(Json(p.into()))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ContactDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<ContactDto>, ApiError> {
    Ok(Json(contacts::get(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = ContactBody,
    responses((status = 201, body = ContactDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: ContactBody = parse_json(&body)?;
        let account_id = input.account_id.ok_or_else(|| AppError::field("account_id", "is required"))?;
        let contact = contacts::create(&state.pool, &actor, account_id, &input.over(ContactForm::default())).await?;
        json(StatusCode::CREATED, &contact)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ContactBody,
    responses((status = 200, body = ContactDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<ContactDto>, ApiError> {
    let input: ContactBody = parse_json(&body)?;
    if input.account_id.is_some() {
        return Err(AppError::field("account_id", "cannot change: add the contact to the other account instead").into());
    }
    let current = contacts::get(&state.pool, &actor, id).await?;
    Ok(Json(contacts::update(&state.pool, &actor, id, &input.over(ContactForm::from(&current))).await?))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiError> {
    contacts::delete(&state.pool, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
