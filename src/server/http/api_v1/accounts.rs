//! `/api/v1/accounts`: list with filters, read, create, and PATCH (only the fields sent change).
use super::bodies::{overlay, overlay_number};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::model::account::{AccountDto, AccountFilter, AccountForm};
use crate::server::service::accounts;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Part of the name, case-insensitive.
    pub q: Option<String>,
    /// Owner's user id, or "me".
    pub owner: Option<String>,
    /// active (default), inactive or all.
    pub status: Option<String>,
    /// One tag.
    pub tag: Option<String>,
    /// name (default) or newest.
    pub sort: Option<String>,
}

impl From<AccountQuery> for AccountFilter {
    fn from(q: AccountQuery) -> AccountFilter {
        AccountFilter {
            q: q.q.unwrap_or_default(),
            owner: q.owner.unwrap_or_default(),
            status: q.status.unwrap_or_default(),
            tag: q.tag.unwrap_or_default(),
            sort: q.sort.unwrap_or_default(),
        }
    }
}

/// An account as sent to the API. On create, `name` is required; currency and payment terms
/// default to the company settings and the owner to the token's user. On PATCH every field is optional.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AccountBody {
    pub name: Option<String>,
    pub legal_name: Option<String>,
    pub tax_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub invoice_email: Option<String>,
    pub phone: Option<String>,
    /// ISO 4217, e.g. "EUR".
    pub currency: Option<String>,
    pub payment_terms_days: Option<i64>,
    pub owner_id: Option<i64>,
    pub active: Option<bool>,
    pub tags: Option<Vec<String>>,
}

impl AccountBody {
    /// The stored form with the sent fields laid over it.
    fn over(self, mut f: AccountForm) -> AccountForm {
        overlay(&mut f.name, self.name);
        overlay(&mut f.legal_name, self.legal_name);
        overlay(&mut f.tax_id, self.tax_id);
        overlay(&mut f.billing_address, self.billing_address);
        overlay(&mut f.shipping_address, self.shipping_address);
        overlay(&mut f.invoice_email, self.invoice_email);
        overlay(&mut f.phone, self.phone);
        overlay(&mut f.currency, self.currency);
        overlay_number(&mut f.payment_terms_days, self.payment_terms_days);
        overlay_number(&mut f.owner_id, self.owner_id);
        overlay(&mut f.active, self.active.map(|d| d.to_string()));
        overlay(&mut f.tags, self.tags.map(|t| t.join(",")));
        f
    }
}

#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", security(("bearer" = [])),
    params(PageQuery, AccountQuery),
    responses((status = 200, body = Page<AccountDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<AccountQuery>,
) -> Result<Json<Page<AccountDto>>, ApiError> {
    let p = accounts::list(&state.pool, &actor, &q.into(), &page.position()?, page.size()?).await?;
    Ok(Json(p.into()))
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = AccountDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<AccountDto>, ApiError> {
    Ok(Json(accounts::get(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = AccountBody,
    responses((status = 201, body = AccountDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: AccountBody = parse_json(&body)?;
        let account = accounts::create(&state.pool, &actor, &input.over(AccountForm::default())).await?;
        json(StatusCode::CREATED, &account)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AccountBody,
    responses((status = 200, body = AccountDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<AccountDto>, ApiError> {
    let input: AccountBody = parse_json(&body)?;
    let current = accounts::get(&state.pool, &actor, id).await?;
    let form = input.over(AccountForm::from(&current));
    Ok(Json(accounts::update(&state.pool, &actor, id, &form).await?))
}
