//! `/api/v1/credit-notes`: list, read, PDF and create credit notes for whole invoices, chosen
//! invoice lines or free lines. Handler names stay `*_credit_note*`: they are the OpenAPI operation ids.
use super::bodies::{DecimalText, LineBody};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::invoice::{CreditNoteDto, CreditNoteForm, LineQuantityForm};
use crate::model::lines::LineForm;
use crate::server::http::documents;
use crate::server::service::invoices;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

/// A credited quantity of an invoice line.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditedLineBody {
    pub invoice_line_id: i64,
    pub quantity: DecimalText,
}

/// A credit note line: a quantity of an invoice line, or a free line like an order line.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum CreditLineBody {
    Invoiced(CreditedLineBody),
    Free(LineBody),
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditNoteBody {
    pub invoice_id: i64,
    pub reason: String,
    /// true: credit everything not yet credited (then `lines` is ignored).
    pub whole: Option<bool>,
    #[serde(default)]
    pub lines: Vec<CreditLineBody>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreditNoteQuery {
    pub invoice_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/credit-notes", tag = "invoices", security(("bearer" = [])),
    params(PageQuery, CreditNoteQuery),
    responses((status = 200, body = Page<CreditNoteDto>), (status = 400, description = "invoice_id is not a number"), (status = 401), (status = 403), (status = 422)))]
pub async fn list_credit_notes(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<CreditNoteQuery>,
) -> Result<Json<Page<CreditNoteDto>>, ApiError> {
    let before = match page.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| AppError::field("cursor", "is not a cursor this API returned"))?),
    };
    let (items, next) = invoices::credit_notes::list(&state.pool, &actor, q.invoice_id, before, page.limit()?).await?;
    Ok(Json(Page { items, next_cursor: next.map(|n| n.to_string()) }))
}

#[utoipa::path(get, path = "/api/v1/credit-notes/{id}", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CreditNoteDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get_credit_note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<CreditNoteDto>, ApiError> {
    Ok(Json(invoices::credit_notes::get(&state.pool, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/credit-notes/{id}/pdf", tag = "invoices", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the credit note"), (status = 401), (status = 403), (status = 404)))]
pub async fn credit_note_pdf(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Response, ApiError> {
    Ok(documents::credit_note_for(&state, &actor, id).await?)
}

#[utoipa::path(post, path = "/api/v1/credit-notes", tag = "invoices", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = CreditNoteBody,
    responses((status = 201, body = CreditNoteDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn create_credit_note(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: CreditNoteBody = parse_json(&body)?;
        let mut form =
            CreditNoteForm { reason: input.reason, whole: input.whole.unwrap_or(false).to_string(), lines: vec![] };
        let mut extra = vec![];
        for l in input.lines {
            match l {
                CreditLineBody::Invoiced(c) => form
                    .lines
                    .push(LineQuantityForm { line_id: c.invoice_line_id.to_string(), quantity: c.quantity.text() }),
                CreditLineBody::Free(f) => extra.push(LineForm::from(f)),
            }
        }
        let cn = invoices::credit_notes::create(&state.pool, &actor, input.invoice_id, &form, &extra).await?;
        json(StatusCode::CREATED, &cn)
    })
    .await
    .into_response()
}
