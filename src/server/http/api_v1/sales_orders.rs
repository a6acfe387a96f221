//! `/api/v1/sales-orders`: list, read (with lines and shipments), create (with lines, or the won
//! opportunity's lines), PATCH drafts, lines, status events (`confirm`, `hold`, `release`,
//! `cancel`, `close`; 409 when the machine refuses), shipments and their delivery notes.
use super::bodies::{overlay, overlay_lines, overlay_number, LineBody, ShipmentLineBody};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::lines::{LineForm, LineQuantityForm};
use crate::model::sales_order::{
    OrderEvent, OrderFilter, OrderForm, SalesOrderDto, SalesOrderLineDto, ShipmentDto, ShipmentForm,
};
use crate::server::auth::Actor;
use crate::server::service::{sales_orders, sales_orders_from_opportunity, shipments};
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// Part of the number, the account's name or the customer reference.
    pub q: Option<String>,
    /// A status, or open.
    pub status: Option<String>,
    /// An account id.
    pub account: Option<String>,
    /// Owner's user id, or "me".
    pub owner: Option<String>,
    /// Ordered on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Ordered on or before (YYYY-MM-DD).
    pub to: Option<String>,
    /// An opportunity id.
    pub opportunity: Option<String>,
}

/// An order with its lines and shipments, as the API returns it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SalesOrderDetail {
    #[serde(flatten)]
    pub order: SalesOrderDto,
    pub lines: Vec<SalesOrderLineDto>,
    pub shipments: Vec<ShipmentDto>,
}

/// An order as sent; `account_id` is required on create. Empty fields take the account's values
/// (addresses, payment terms) or today (order date). `lines` replace all lines; on create without
/// `lines`, a won `opportunity_id` gives its lines.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesOrderBody {
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub owner_id: Option<i64>,
    /// YYYY-MM-DD
    pub order_date: Option<String>,
    /// YYYY-MM-DD
    pub expected_delivery_date: Option<String>,
    pub payment_terms_days: Option<i64>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    /// The customer's purchase order number.
    pub customer_reference: Option<String>,
    pub notes: Option<String>,
    pub lines: Option<Vec<LineBody>>,
}

impl SalesOrderBody {
    fn over(self, mut f: OrderForm, lines: Vec<LineForm>) -> (OrderForm, Vec<LineForm>, bool) {
        overlay_number(&mut f.account_id, self.account_id);
        overlay_number(&mut f.contact_id, self.contact_id);
        overlay_number(&mut f.opportunity_id, self.opportunity_id);
        overlay_number(&mut f.owner_id, self.owner_id);
        overlay(&mut f.order_date, self.order_date);
        overlay(&mut f.expected_delivery_date, self.expected_delivery_date);
        overlay_number(&mut f.payment_terms_days, self.payment_terms_days);
        overlay(&mut f.billing_address, self.billing_address);
        overlay(&mut f.shipping_address, self.shipping_address);
        overlay(&mut f.customer_reference, self.customer_reference);
        overlay(&mut f.notes, self.notes);
        let sent = self.lines.is_some();
        let lines = overlay_lines(self.lines, lines);
        (f, lines, sent)
    }
}

/// A shipment as sent: a quantity per order line (never more than remains). `date` defaults to today.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentBody {
    /// YYYY-MM-DD
    pub date: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub lines: Vec<ShipmentLineBody>,
}

impl From<ShipmentBody> for ShipmentForm {
    fn from(b: ShipmentBody) -> ShipmentForm {
        ShipmentForm {
            date: b.date.unwrap_or_default(),
            carrier: b.carrier.unwrap_or_default(),
            tracking_number: b.tracking_number.unwrap_or_default(),
            lines: b.lines.into_iter().map(LineQuantityForm::from).collect(),
        }
    }
}

async fn detail(state: &AppState, actor: &Actor, id: i64) -> Result<SalesOrderDetail, AppError> {
    let d = sales_orders::get(&state.pool, actor, id).await?;
    Ok(SalesOrderDetail {
        shipments: shipments::for_order(&state.pool, actor, id).await?,
        lines: d.lines,
        order: d.order,
    })
}

#[utoipa::path(get, path = "/api/v1/sales-orders", tag = "sales-orders", security(("bearer" = [])),
    params(PageQuery, OrderQuery),
    responses((status = 200, body = Page<SalesOrderDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<OrderQuery>,
) -> Result<Json<Page<SalesOrderDto>>, ApiError> {
    let filter = OrderFilter {
        q: q.q.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        account: q.account.unwrap_or_default(),
        owner: q.owner.unwrap_or_default(),
        from: q.from.unwrap_or_default(),
        to: q.to.unwrap_or_default(),
        opportunity: q.opportunity.unwrap_or_default(),
    };
    Ok(Json(sales_orders::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/sales-orders/{id}", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = SalesOrderDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<SalesOrderDetail>, ApiError> {
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/sales-orders", tag = "sales-orders", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = SalesOrderBody,
    responses((status = 201, body = SalesOrderDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: SalesOrderBody = parse_json(&body)?;
        let (form, lines, sent) = input.over(OrderForm::default(), vec![]);
        let o = sales_orders_from_opportunity::create(&state.pool, &actor, &form, sent.then_some(lines)).await?;
        json(StatusCode::CREATED, &detail(&state, &actor, o.id).await?)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/sales-orders/{id}", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = SalesOrderBody,
    responses((status = 200, body = SalesOrderDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<SalesOrderDetail>, ApiError> {
    let input: SalesOrderBody = parse_json(&body)?;
    let current = detail(&state, &actor, id).await?;
    let lines = current.lines.iter().map(LineForm::from).collect();
    let (form, lines, _) = input.over(OrderForm::from(&current.order), lines);
    sales_orders::update(&state.pool, &actor, id, &form, &lines).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/sales-orders/{id}/lines", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<SalesOrderLineDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn lines(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<SalesOrderLineDto>>, ApiError> {
    Ok(Json(sales_orders::get(&state.pool, &actor, id).await?.lines))
}

#[utoipa::path(post, path = "/api/v1/sales-orders/{id}/lines", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = LineBody,
    responses((status = 201, body = SalesOrderDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_line(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<(StatusCode, Json<SalesOrderDetail>), ApiError> {
    let line: LineBody = parse_json(&body)?;
    let current = detail(&state, &actor, id).await?;
    let mut lines: Vec<LineForm> = current.lines.iter().map(LineForm::from).collect();
    lines.push(line.into());
    sales_orders::update(&state.pool, &actor, id, &OrderForm::from(&current.order), &lines).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &actor, id).await?)))
}

#[utoipa::path(post, path = "/api/v1/sales-orders/{id}/{event}", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "confirm, hold, release, cancel or close")),
    responses((status = 200, body = SalesOrderDetail), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
) -> Result<Json<SalesOrderDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let e = OrderEvent::parse(&event).map_err(|_| AppError::NotFound)?;
    sales_orders::apply(&state.pool, &actor, id, e).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/sales-orders/{id}/shipments", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ShipmentDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn list_shipments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<ShipmentDto>>, ApiError> {
    sales_orders::get(&state.pool, &actor, id).await?;
    Ok(Json(shipments::for_order(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/sales-orders/{id}/shipments", tag = "sales-orders", security(("bearer" = [])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = ShipmentBody,
    responses((status = 201, body = ShipmentDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn create_shipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Response {
    respond(async {
        let input: ShipmentBody = parse_json(&body)?;
        let s = shipments::create(&state.pool, &actor, id, &input.into()).await?;
        json(StatusCode::CREATED, &s)
    })
    .await
}

/// The shipment `sid` of order `id`, or 404 when it belongs to another order.
async fn own_shipment(state: &AppState, actor: &Actor, id: &str, sid: &str) -> Result<i64, AppError> {
    let (Ok(id), Ok(sid)) = (id.parse::<i64>(), sid.parse::<i64>()) else { return Err(AppError::NotFound) };
    let list = shipments::for_order(&state.pool, actor, id).await?;
    list.iter().find(|s| s.id == sid).map(|s| s.id).ok_or(AppError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/sales-orders/{id}/shipments/{shipment_id}/cancel", tag = "sales-orders",
    security(("bearer" = [])), params(("id" = i64, Path), ("shipment_id" = i64, Path)),
    responses((status = 200, body = ShipmentDto), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn cancel_shipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, sid)): Path<(String, String)>,
) -> Result<Json<ShipmentDto>, ApiError> {
    let sid = own_shipment(&state, &actor, &id, &sid).await?;
    Ok(Json(shipments::cancel(&state.pool, &actor, sid).await?))
}

#[utoipa::path(get, path = "/api/v1/sales-orders/{id}/shipments/{shipment_id}/delivery-note.pdf", tag = "sales-orders",
    security(("bearer" = [])), params(("id" = i64, Path), ("shipment_id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the delivery note"), (status = 401), (status = 403), (status = 404)))]
pub async fn delivery_note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, sid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let sid = own_shipment(&state, &actor, &id, &sid).await?;
    Ok(crate::server::http::documents::delivery_note_for(&state, &actor, sid).await?)
}
