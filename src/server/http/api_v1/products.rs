//! `/api/v1/products` and `/api/v1/tax-rates`: list, read, create, PATCH (only the fields sent).
//! Prices and rates are decimal strings; a JSON number is accepted too and taken as its shortest
//! decimal text (no float arithmetic), but strings are what clients should send.
use super::bodies::{overlay, overlay_number, DecimalText};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::model::product::{ProductDto, ProductFilter, ProductForm, TaxRateDto, TaxRateForm};
use crate::server::service::catalog;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Part of the name or SKU.
    pub q: Option<String>,
    /// goods, service or subscription.
    pub kind: Option<String>,
    /// active (default), inactive or all.
    pub status: Option<String>,
    /// name (default) or newest.
    pub sort: Option<String>,
}

/// A product as sent; on create `sku`, `name` and `unit_price` are required, currency and tax
/// rate default to the company settings.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductBody {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// goods, service or subscription.
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub unit_price: Option<DecimalText>,
    pub currency: Option<String>,
    pub tax_rate_id: Option<i64>,
    pub active: Option<bool>,
}

impl ProductBody {
    fn over(self, mut f: ProductForm) -> ProductForm {
        overlay(&mut f.sku, self.sku);
        overlay(&mut f.name, self.name);
        overlay(&mut f.description, self.description);
        overlay(&mut f.kind, self.kind);
        overlay(&mut f.unit, self.unit);
        overlay(&mut f.unit_price, self.unit_price.map(DecimalText::text));
        overlay(&mut f.currency, self.currency);
        overlay_number(&mut f.tax_rate_id, self.tax_rate_id);
        overlay(&mut f.active, self.active.map(|b| b.to_string()));
        f
    }
}

#[utoipa::path(get, path = "/api/v1/products", tag = "products", security(("bearer" = [])),
    params(PageQuery, ProductQuery),
    responses((status = 200, body = Page<ProductDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<ProductQuery>,
) -> Result<Json<Page<ProductDto>>, ApiError> {
    let filter = ProductFilter {
        q: q.q.unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        sort: q.sort.unwrap_or_default(),
    };
    Ok(Json(catalog::list_products(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ProductDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<ProductDto>, ApiError> {
    Ok(Json(catalog::get_product(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/products", tag = "products", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = ProductBody,
    responses((status = 201, body = ProductDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: ProductBody = parse_json(&body)?;
        let p = catalog::create_product(&state.pool, &actor, &input.over(ProductForm::default())).await?;
        json(StatusCode::CREATED, &p)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ProductBody,
    responses((status = 200, body = ProductDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<ProductDto>, ApiError> {
    let input: ProductBody = parse_json(&body)?;
    let current = catalog::get_product(&state.pool, &actor, id).await?;
    Ok(Json(catalog::update_product(&state.pool, &actor, id, &input.over(ProductForm::from(&current))).await?))
}

/// A tax rate as sent; `name` and `rate` (percentage, "20.00") are required on create.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxRateBody {
    pub name: Option<String>,
    pub rate: Option<DecimalText>,
    pub active: Option<bool>,
}

impl TaxRateBody {
    fn over(self, mut f: TaxRateForm) -> TaxRateForm {
        overlay(&mut f.name, self.name);
        overlay(&mut f.rate, self.rate.map(DecimalText::text));
        overlay(&mut f.active, self.active.map(|b| b.to_string()));
        f
    }
}

#[utoipa::path(get, path = "/api/v1/tax-rates", tag = "products", security(("bearer" = [])),
    responses((status = 200, body = Page<TaxRateDto>), (status = 401), (status = 403)))]
pub async fn list_rates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Page<TaxRateDto>>, ApiError> {
    Ok(Json(Page { items: catalog::list_rates(&state.pool, &actor).await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/tax-rates/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = TaxRateDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get_rate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<TaxRateDto>, ApiError> {
    Ok(Json(catalog::get_rate(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/tax-rates", tag = "products", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = TaxRateBody,
    responses((status = 201, body = TaxRateDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create_rate(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: TaxRateBody = parse_json(&body)?;
        let t = catalog::create_rate(&state.pool, &actor, &input.over(TaxRateForm::default())).await?;
        json(StatusCode::CREATED, &t)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/tax-rates/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = TaxRateBody,
    responses((status = 200, body = TaxRateDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update_rate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<TaxRateDto>, ApiError> {
    let input: TaxRateBody = parse_json(&body)?;
    let current = catalog::get_rate(&state.pool, &actor, id).await?;
    let form = TaxRateForm { name: current.name, rate: current.rate, active: current.active.to_string() };
    Ok(Json(catalog::update_rate(&state.pool, &actor, id, &input.over(form)).await?))
}
