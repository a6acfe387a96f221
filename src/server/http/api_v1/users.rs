//! `/api/v1/users` (admins; users may PATCH their own availability and away dates) and `/api/v1/me`.
use super::errors::{parse_json, ApiError};
use super::pagination::{encode, Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::model::user::{NewUser, UserChanges, UserDto};
use crate::server::service::users;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Part of the email or name, case-insensitive.
    pub q: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    /// One of admin, manager, sales, finance, support.
    pub role: String,
    /// At least 10 characters.
    pub password: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UpdateUser {
    pub name: Option<String>,
    pub role: Option<String>,
    /// false deactivates the user: their sessions and API tokens stop working.
    pub active: Option<bool>,
    /// A new password (a reset); other sessions of the user end.
    pub password: Option<String>,
    /// false: automatic ticket assignment skips the user. Users may change their own.
    pub available: Option<bool>,
    /// First day out of office (YYYY-MM-DD; "" for none). Sent with or without `away_until`, the
    /// two are replaced together: one left out is cleared. Users may change their own.
    pub away_from: Option<String>,
    /// Last day out of office (inclusive; needs `away_from`); left out or "": until further notice.
    pub away_until: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub role: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, description = "missing or invalid token")))]
pub async fn me(ApiActor(actor): ApiActor) -> Json<Me> {
    Json(Me { id: actor.id, name: actor.name, role: actor.role.as_str().into() })
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    params(PageQuery, UserFilter),
    responses((status = 200, body = Page<UserDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(filter): Query<UserFilter>,
) -> Result<Json<Page<UserDto>>, ApiError> {
    let p = users::list(&state.pool, &actor, filter.q.as_deref(), page.after()?, page.limit()?).await?;
    Ok(Json(Page { items: p.items, next_cursor: p.next.map(|(at, id)| encode(at, id)) }))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = UserDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<UserDto>, ApiError> {
    Ok(Json(users::get(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = CreateUser,
    responses((status = 201, body = UserDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: CreateUser = parse_json(&body)?;
        let new = NewUser::parse(&input.email, &input.name, &input.role, &input.password)?;
        let user = users::create(&state.pool, Some(&actor), new).await?;
        json(StatusCode::CREATED, &user)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = UpdateUser,
    responses((status = 200, body = UserDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<UserDto>, ApiError> {
    let input: UpdateUser = parse_json(&body)?;
    let away = (input.away_from.is_some() || input.away_until.is_some())
        .then(|| (input.away_from.as_deref().unwrap_or(""), input.away_until.as_deref().unwrap_or("")));
    let changes = UserChanges::parse(
        input.name.as_deref(),
        input.role.as_deref(),
        input.active,
        input.password.as_deref(),
        input.available,
        away,
    )?;
    Ok(Json(users::update(&state.pool, &actor, id, changes).await?))
}
