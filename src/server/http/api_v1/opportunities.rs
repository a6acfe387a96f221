//! `/api/v1/opportunities`: list, read (with lines and totals), create, PATCH, and stage events
//! `POST /opportunities/{id}/{stage}` through the stage machine (409 when it refuses).
use super::bodies::{overlay, overlay_lines, overlay_number, DecimalText, LineBody};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::opportunity::{
    LineForm, OpportunityDto, OpportunityFilter, OpportunityForm, OpportunityLineDto, Stage,
};
use crate::server::service::opportunities;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpportunityQuery {
    /// Part of the name.
    pub q: Option<String>,
    /// A stage, or open / closed.
    pub stage: Option<String>,
    /// Owner's user id, or "me".
    pub owner: Option<String>,
    /// An account id.
    pub account: Option<String>,
    /// newest (default) or name.
    pub sort: Option<String>,
}

/// A deal with its lines and totals, as the API returns it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OpportunityDetail {
    #[serde(flatten)]
    pub opportunity: OpportunityDto,
    pub lines: Vec<OpportunityLineDto>,
    pub subtotal: String,
    pub tax_total: String,
    pub total: String,
}

/// A deal as sent; `name` and `account_id` are required on create. `lines` replace all lines.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityBody {
    pub name: Option<String>,
    pub account_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub currency: Option<String>,
    pub probability: Option<i64>,
    /// YYYY-MM-DD.
    pub expected_close_date: Option<String>,
    /// The amount of a deal without lines.
    pub amount: Option<DecimalText>,
    pub lines: Option<Vec<LineBody>>,
}

impl OpportunityBody {
    fn over(self, mut f: OpportunityForm, lines: Vec<LineForm>) -> (OpportunityForm, Vec<LineForm>) {
        overlay(&mut f.name, self.name);
        overlay_number(&mut f.account_id, self.account_id);
        overlay_number(&mut f.owner_id, self.owner_id);
        overlay(&mut f.currency, self.currency);
        overlay_number(&mut f.probability, self.probability);
        overlay(&mut f.expected_close_date, self.expected_close_date);
        overlay(&mut f.amount, self.amount.map(DecimalText::text));
        let lines = overlay_lines(self.lines, lines);
        (f, lines)
    }
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    /// Required when the event is `lost`.
    pub lost_reason: Option<String>,
}

async fn detail(state: &AppState, actor: &crate::server::auth::Actor, id: i64) -> Result<OpportunityDetail, AppError> {
    let d = opportunities::get(&state.pool, actor, id).await?;
    Ok(OpportunityDetail {
        subtotal: d.totals.subtotal.to_string(),
        tax_total: d.totals.tax_total.to_string(),
        total: d.totals.total.to_string(),
        lines: d.lines,
        opportunity: d.opportunity,
    })
}

#[utoipa::path(get, path = "/api/v1/opportunities", tag = "opportunities", security(("bearer" = [])),
    params(PageQuery, OpportunityQuery),
    responses((status = 200, body = Page<OpportunityDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<OpportunityQuery>,
) -> Result<Json<Page<OpportunityDto>>, ApiError> {
    let filter = OpportunityFilter {
        q: q.q.unwrap_or_default(),
        stage: q.stage.unwrap_or_default(),
        owner: q.owner.unwrap_or_default(),
        account: q.account.unwrap_or_default(),
        sort: q.sort.unwrap_or_default(),
    };
    Ok(Json(opportunities::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/opportunities/{id}", tag = "opportunities", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = OpportunityDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<OpportunityDetail>, ApiError> {
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/opportunities", tag = "opportunities", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = OpportunityBody,
    responses((status = 201, body = OpportunityDetail), (status = 401), (status = 403), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: OpportunityBody = parse_json(&body)?;
        let (form, lines) = input.over(OpportunityForm::default(), vec![]);
        let o = opportunities::create(&state.pool, &actor, &form, &lines).await?;
        let d = detail(&state, &actor, o.id).await?;
        json(StatusCode::CREATED, &d)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/opportunities/{id}", tag = "opportunities", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = OpportunityBody,
    responses((status = 200, body = OpportunityDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<OpportunityDetail>, ApiError> {
    let input: OpportunityBody = parse_json(&body)?;
    let current = detail(&state, &actor, id).await?;
    // Without `lines` in the body the stored lines stay (and the typed amount is kept for none).
    let form = OpportunityForm::from_dto(&current.opportunity, false);
    let lines = current.lines.iter().map(LineForm::from).collect();
    let (form, lines) = input.over(form, lines);
    opportunities::update(&state.pool, &actor, id, &form, &lines).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/opportunities/{id}/{event}", tag = "opportunities", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "the target stage: qualification, proposal, negotiation, won, lost, or prospecting to reopen")),
    request_body(content = StageBody, description = "lost_reason for lost"),
    responses((status = 200, body = OpportunityDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<OpportunityDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let to = Stage::parse(&event).map_err(|_| AppError::NotFound)?;
    let input: StageBody = if body.is_empty() { StageBody::default() } else { parse_json(&body)? };
    opportunities::move_stage(&state.pool, &actor, id, to, input.lost_reason.as_deref()).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}
