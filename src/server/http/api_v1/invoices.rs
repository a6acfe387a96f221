//! `/api/v1/invoices`: drafts (create, PATCH, DELETE), events `issue`, `send` and `void` (409 when
//! the machine refuses), PDFs, customer links and invoicing an order (`POST /sales-orders/{id}/invoice`).
//! Credit notes are in `credit_notes.rs`.
use super::bodies::{overlay, overlay_lines, overlay_number, LineBody, LineQuantityBody};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::invoice::{
    CreditNoteDto, InvoiceDto, InvoiceEvent, InvoiceFilter, InvoiceForm, InvoiceLineDto, LineQuantityForm, TaxLineDto,
};
use crate::model::lines::LineForm;
use crate::server::auth::Actor;
use crate::server::http::documents;
use crate::server::service::invoices;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceQuery {
    /// Part of the number or the account's name.
    pub q: Option<String>,
    /// A status, or open.
    pub status: Option<String>,
    /// true: past due with a balance.
    pub overdue: Option<String>,
    /// true: questioned by the customer.
    pub disputed: Option<String>,
    pub account: Option<String>,
    /// A sales order id.
    pub order: Option<String>,
    /// Issued on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Issued on or before (YYYY-MM-DD).
    pub to: Option<String>,
    /// Total at least (decimal).
    pub min: Option<String>,
    /// Total at most (decimal).
    pub max: Option<String>,
}

/// An invoice with its lines, tax summary and credit notes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvoiceDetail {
    #[serde(flatten)]
    pub invoice: InvoiceDto,
    pub lines: Vec<InvoiceLineDto>,
    pub taxes: Vec<TaxLineDto>,
    pub credit_notes: Vec<CreditNoteDto>,
    /// A new customer link, only in the answer to `issue`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_link: Option<CustomerLink>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CustomerLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A draft as sent; `account_id` is required on create. `lines` replace all lines.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceBody {
    pub account_id: Option<i64>,
    pub owner_id: Option<i64>,
    /// YYYY-MM-DD; empty: the issue date plus the payment terms.
    pub due_date: Option<String>,
    pub payment_terms_days: Option<i64>,
    pub billing_address: Option<String>,
    pub customer_reference: Option<String>,
    pub notes: Option<String>,
    pub terms_text: Option<String>,
    pub lines: Option<Vec<LineBody>>,
}

impl InvoiceBody {
    fn over(self, mut f: InvoiceForm, lines: Vec<LineForm>) -> (InvoiceForm, Vec<LineForm>) {
        overlay_number(&mut f.account_id, self.account_id);
        overlay_number(&mut f.owner_id, self.owner_id);
        overlay(&mut f.due_date, self.due_date);
        overlay_number(&mut f.payment_terms_days, self.payment_terms_days);
        overlay(&mut f.billing_address, self.billing_address);
        overlay(&mut f.customer_reference, self.customer_reference);
        overlay(&mut f.notes, self.notes);
        overlay(&mut f.terms_text, self.terms_text);
        let lines = overlay_lines(self.lines, lines);
        (f, lines)
    }
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    /// Contacts of the account to send to as well as its invoice email.
    #[serde(default)]
    pub contacts: Vec<i64>,
}

/// Invoice an order: chosen quantities per order line, or (no `lines`) all that is left.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct OrderInvoiceBody {
    pub lines: Option<Vec<LineQuantityBody>>,
}

async fn detail(state: &AppState, actor: &Actor, id: i64) -> Result<InvoiceDetail, AppError> {
    let d = invoices::get(&state.pool, actor, id).await?;
    Ok(InvoiceDetail {
        taxes: d
            .totals
            .taxes
            .iter()
            .map(|t| TaxLineDto {
                rate_percent: t.rate_percent.normalize().to_string(),
                base: t.base.to_string(),
                tax: t.tax.to_string(),
            })
            .collect(),
        credit_notes: invoices::credit_notes::for_invoice(&state.pool, actor, id).await?,
        lines: d.lines,
        invoice: d.invoice,
        customer_link: None,
    })
}

#[utoipa::path(get, path = "/api/v1/invoices", tag = "invoices", security(("bearer" = [])),
    params(PageQuery, InvoiceQuery),
    responses((status = 200, body = Page<InvoiceDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<InvoiceQuery>,
) -> Result<Json<Page<InvoiceDto>>, ApiError> {
    let d = |v: Option<String>| v.unwrap_or_default();
    let filter = InvoiceFilter {
        q: d(q.q),
        status: d(q.status),
        overdue: d(q.overdue),
        disputed: d(q.disputed),
        account: d(q.account),
        order: d(q.order),
        from: d(q.from),
        to: d(q.to),
        min: d(q.min),
        max: d(q.max),
    };
    Ok(Json(invoices::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/invoices/{id}", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = InvoiceDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<InvoiceDetail>, ApiError> {
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/invoices", tag = "invoices", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = InvoiceBody,
    responses((status = 201, body = InvoiceDetail), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: InvoiceBody = parse_json(&body)?;
        let (form, lines) = input.over(InvoiceForm::default(), vec![]);
        let i = invoices::create(&state.pool, &actor, &form, &lines).await?;
        json(StatusCode::CREATED, &detail(&state, &actor, i.id).await?)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/invoices/{id}", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = InvoiceBody,
    responses((status = 200, body = InvoiceDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<InvoiceDetail>, ApiError> {
    let input: InvoiceBody = parse_json(&body)?;
    let current = detail(&state, &actor, id).await?;
    let lines = current.lines.iter().map(LineForm::from).collect();
    let (form, lines) = input.over(InvoiceForm::from(&current.invoice), lines);
    invoices::update(&state.pool, &actor, id, &form, &lines).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(delete, path = "/api/v1/invoices/{id}", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "the draft is gone"), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiError> {
    invoices::delete_draft(&state.pool, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/invoices/{id}/{event}", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "issue, send or void")),
    request_body(content = SendBody, description = "for send: contacts besides the account's invoice email"),
    responses((status = 200, body = InvoiceDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<InvoiceDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut link = None;
    match InvoiceEvent::parse(&event).map_err(|_| AppError::NotFound)? {
        InvoiceEvent::Issue => {
            let (_, url, expires_at) = invoices::issue_with_link(&state, &actor, id).await?;
            link = Some(CustomerLink { url, expires_at });
        }
        InvoiceEvent::Send => {
            let input: SendBody = if body.is_empty() { SendBody::default() } else { parse_json(&body)? };
            invoices::mail::send(&state, &actor, id, &input.contacts).await?;
        }
        InvoiceEvent::Void => {
            invoices::void(&state.pool, &actor, id).await?;
        }
    }
    let mut d = detail(&state, &actor, id).await?;
    d.customer_link = link;
    Ok(Json(d))
}

#[utoipa::path(get, path = "/api/v1/invoices/{id}/pdf", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the invoice"), (status = 401), (status = 403), (status = 404)))]
pub async fn pdf(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Response, ApiError> {
    Ok(documents::invoice_for(&state, &actor, id).await?)
}

/// Optional body of `POST /invoices/{id}/customer-link`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CustomerLinkBody {
    /// Revoke every earlier link of the invoice in the same step (default false: they stay valid).
    #[serde(default)]
    pub revoke_earlier: bool,
}

#[utoipa::path(post, path = "/api/v1/invoices/{id}/customer-link", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body(content = Option<CustomerLinkBody>, description = "optional: revoke the earlier links"),
    responses((status = 201, body = CustomerLink), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn customer_link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<(StatusCode, Json<CustomerLink>), ApiError> {
    let b: CustomerLinkBody = if body.is_empty() { CustomerLinkBody::default() } else { parse_json(&body)? };
    let (url, expires_at) = invoices::links::create(&state, &actor, id, b.revoke_earlier).await?;
    Ok((StatusCode::CREATED, Json(CustomerLink { url, expires_at })))
}

#[utoipa::path(post, path = "/api/v1/sales-orders/{id}/invoice", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = OrderInvoiceBody,
    responses((status = 201, body = InvoiceDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn from_order(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Response {
    respond(async {
        let input: OrderInvoiceBody = if body.is_empty() { OrderInvoiceBody::default() } else { parse_json(&body)? };
        let chosen: Option<Vec<LineQuantityForm>> =
            input.lines.map(|ls| ls.into_iter().map(LineQuantityForm::from).collect());
        let i = invoices::from_order(&state.pool, &actor, id, chosen.as_deref()).await?;
        json(StatusCode::CREATED, &detail(&state, &actor, i.id).await?)
    })
    .await
}
