//! `/api/v1/payments`: list, record with allocations (`Idempotency-Key` honoured), read, events
//! `complete`, `fail` and `refund`, allocations (add, remove), and the receipt PDF.
use super::bodies::DecimalText;
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::payment::{
    AllocationDto, AllocationForm, PaymentDto, PaymentFilter, PaymentForm, RefundDto, RefundForm,
};
use crate::server::auth::Actor;
use crate::server::service::payments;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentQuery {
    /// Part of the number, the reference or the account's name.
    pub q: Option<String>,
    /// cash, card, bank_transfer or cheque.
    pub method: Option<String>,
    /// pending, completed, failed, partially_refunded or refunded.
    pub status: Option<String>,
    pub account: Option<String>,
    /// Received on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Received on or before (YYYY-MM-DD).
    pub to: Option<String>,
    /// true or false.
    pub reconciled: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PaymentDetail {
    #[serde(flatten)]
    pub payment: PaymentDto,
    pub allocations: Vec<AllocationDto>,
    pub refunds: Vec<RefundDto>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationBody {
    pub invoice_id: i64,
    pub amount: DecimalText,
}

/// A payment as sent. `status` defaults by method (a cheque is pending until it clears).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBody {
    pub account_id: i64,
    /// YYYY-MM-DD; default today.
    pub date: Option<String>,
    pub amount: DecimalText,
    /// cash, card, bank_transfer or cheque.
    pub method: String,
    /// pending or completed.
    pub status: Option<String>,
    pub cheque_number: Option<String>,
    pub cheque_bank: Option<String>,
    pub cheque_date: Option<String>,
    pub card_reference: Option<String>,
    pub card_last4: Option<String>,
    pub transfer_reference: Option<String>,
    pub reference: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub allocations: Vec<AllocationBody>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationsBody {
    pub allocations: Vec<AllocationBody>,
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// For `fail`: why.
    pub reason: Option<String>,
    /// For `refund`: how much.
    pub amount: Option<DecimalText>,
    /// For `refund`: YYYY-MM-DD, default today.
    pub date: Option<String>,
}

fn allocation_forms(rows: Vec<AllocationBody>) -> Vec<AllocationForm> {
    rows.into_iter().map(|a| AllocationForm { invoice_id: a.invoice_id.to_string(), amount: a.amount.text() }).collect()
}

async fn detail(state: &AppState, actor: &Actor, id: i64) -> Result<PaymentDetail, AppError> {
    let d = payments::get(&state.pool, actor, id).await?;
    Ok(PaymentDetail { payment: d.payment, allocations: d.allocations, refunds: d.refunds })
}

#[utoipa::path(get, path = "/api/v1/payments", tag = "payments", security(("bearer" = [])),
    params(PageQuery, PaymentQuery),
    responses((status = 200, body = Page<PaymentDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<PaymentQuery>,
) -> Result<Json<Page<PaymentDto>>, ApiError> {
    let d = |v: Option<String>| v.unwrap_or_default();
    let filter = PaymentFilter {
        q: d(q.q),
        method: d(q.method),
        status: d(q.status),
        account: d(q.account),
        from: d(q.from),
        to: d(q.to),
        reconciled: d(q.reconciled),
    };
    Ok(Json(payments::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/payments/{id}", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PaymentDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<PaymentDetail>, ApiError> {
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/payments", tag = "payments", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = PaymentBody,
    responses((status = 201, body = PaymentDetail), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let b: PaymentBody = parse_json(&body)?;
        let d = |v: Option<String>| v.unwrap_or_default();
        let form = PaymentForm {
            account_id: b.account_id.to_string(),
            date: d(b.date),
            amount: b.amount.text(),
            method: b.method,
            status: d(b.status),
            cheque_number: d(b.cheque_number),
            cheque_bank: d(b.cheque_bank),
            cheque_date: d(b.cheque_date),
            card_reference: d(b.card_reference),
            card_last4: d(b.card_last4),
            transfer_reference: d(b.transfer_reference),
            reference: d(b.reference),
            notes: d(b.notes),
            form_key: String::new(),
        };
        let p = payments::record(&state.pool, &actor, &form, &allocation_forms(b.allocations)).await?;
        let d = detail(&state, &actor, p.id).await?;
        json(StatusCode::CREATED, &d)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/payments/{id}/{event}", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "complete, fail (with reason) or refund (with amount and reason)")),
    request_body = EventBody,
    responses((status = 200, body = PaymentDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<PaymentDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let b: EventBody = if body.is_empty() { EventBody::default() } else { parse_json(&body)? };
    match event.as_str() {
        "complete" => payments::complete(&state.pool, &actor, id).await?,
        "fail" => payments::fail(&state.pool, &actor, id, b.reason.as_deref().unwrap_or_default()).await?,
        "refund" => {
            let form = RefundForm {
                date: b.date.unwrap_or_default(),
                amount: b.amount.map(DecimalText::text).unwrap_or_default(),
                reason: b.reason.unwrap_or_default(),
            };
            payments::refund(&state.pool, &actor, id, &form).await?
        }
        _ => return Err(AppError::NotFound.into()),
    };
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/payments/{id}/allocations", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AllocationDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn allocations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<AllocationDto>>, ApiError> {
    Ok(Json(payments::get(&state.pool, &actor, id).await?.allocations))
}

#[utoipa::path(post, path = "/api/v1/payments/{id}/allocations", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AllocationsBody,
    responses((status = 200, body = PaymentDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn allocate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<PaymentDetail>, ApiError> {
    let b: AllocationsBody = parse_json(&body)?;
    payments::allocate(&state.pool, &actor, id, &allocation_forms(b.allocations)).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(delete, path = "/api/v1/payments/{id}/allocations/{allocation_id}", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path), ("allocation_id" = i64, Path)),
    responses((status = 200, body = PaymentDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn remove_allocation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, allocation)): Path<(String, String)>,
) -> Result<Json<PaymentDetail>, ApiError> {
    let (Ok(id), Ok(allocation)) = (id.parse::<i64>(), allocation.parse::<i64>()) else {
        return Err(AppError::NotFound.into());
    };
    payments::remove_allocation(&state.pool, &actor, id, allocation).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/payments/{id}/receipt.pdf", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the receipt"), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn receipt(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Response, ApiError> {
    Ok(crate::server::http::documents::receipt_for(&state, &actor, id).await?)
}
