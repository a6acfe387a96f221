//! `/api/v1/contracts`: list, read (with covered lines and terms), enter (with lines), PATCH,
//! events (`activate`, `renew` — the next term and its invoice once, 409 while a renewed term
//! waits for its start — and `cancel` {reason, effective}), the terms, the timeline (`/events`)
//! the renewal preview, and changes within the running term (`change-preview`, `changes`: the
//! prorated invoice and credit note).
use super::bodies::{overlay, overlay_lines, overlay_number, LineBody, LineQuantityBody};
use super::errors::{parse_json, ApiError};
use super::pagination::{Page, PageQuery};
use super::{json, respond, ApiActor, IdPath};
use crate::error::AppError;
use crate::model::contract::{
    CancelForm, ContractDto, ContractEvent, ContractFilter, ContractForm, ContractLineDto, RenewalPreviewDto, TermDto,
};
use crate::model::contract_change::{ChangeForm, ChangePreviewDto};
use crate::model::lines::LineForm;
use crate::model::timeline::TimelineEvent;
use crate::server::auth::Actor;
use crate::server::service::{contracts, timeline};
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// Part of the number, the title or the account's name.
    pub q: Option<String>,
    /// A status, or live (pending or active).
    pub status: Option<String>,
    /// 30, 60 or 90: active contracts whose term ends within that many days.
    pub due: Option<String>,
    /// 1: active contracts whose notice deadline passed.
    pub notice_passed: Option<String>,
    /// 1 or 0.
    pub auto_renew: Option<String>,
    /// An account id.
    pub account: Option<String>,
    /// Owner's user id, or "me".
    pub owner: Option<String>,
    /// newest (default) or end (the current term's end, soonest first).
    pub sort: Option<String>,
}

/// A contract with its covered lines and its terms (first to last), as the API returns it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ContractDetail {
    #[serde(flatten)]
    pub contract: ContractDto,
    pub lines: Vec<ContractLineDto>,
    pub terms: Vec<TermDto>,
}

/// A contract as sent; `account_id`, `title` and `start_date` are required on enter. `lines`
/// replace all covered lines (the next term's). Percentages are decimal strings ("5.00").
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractBody {
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub title: Option<String>,
    /// YYYY-MM-DD; may lie in the past (a running contract entered with its history).
    pub start_date: Option<String>,
    /// YYYY-MM-DD: periods starting before it were invoiced elsewhere. Default: the start, or the
    /// running term's start for a contract that began earlier.
    pub bill_from: Option<String>,
    pub term_months: Option<i64>,
    /// per_term (default), quarterly or monthly.
    pub billing: Option<String>,
    pub auto_renew: Option<bool>,
    pub notice_days: Option<i64>,
    /// none, percent or index; a `uplift_percent` alone means percent.
    pub uplift_kind: Option<String>,
    pub uplift_percent: Option<String>,
    pub uplift_cap: Option<String>,
    pub uplift_floor: Option<String>,
    /// low, medium, high or urgent: the SLA policy the account's covered tickets get.
    pub sla_tier: Option<String>,
    pub sales_order_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub notes: Option<String>,
    pub lines: Option<Vec<LineBody>>,
}

impl ContractBody {
    fn over(self, mut f: ContractForm, lines: Vec<LineForm>) -> (ContractForm, Vec<LineForm>) {
        overlay_number(&mut f.account_id, self.account_id);
        overlay_number(&mut f.contact_id, self.contact_id);
        overlay_number(&mut f.owner_id, self.owner_id);
        overlay(&mut f.title, self.title);
        overlay(&mut f.start_date, self.start_date);
        overlay(&mut f.bill_from, self.bill_from);
        overlay_number(&mut f.term_months, self.term_months);
        overlay(&mut f.billing, self.billing);
        overlay(&mut f.auto_renew, self.auto_renew.map(|b| b.to_string()));
        overlay_number(&mut f.notice_days, self.notice_days);
        overlay(&mut f.uplift_kind, self.uplift_kind);
        overlay(&mut f.uplift_percent, self.uplift_percent);
        overlay(&mut f.uplift_cap, self.uplift_cap);
        overlay(&mut f.uplift_floor, self.uplift_floor);
        overlay(&mut f.sla_tier, self.sla_tier);
        overlay_number(&mut f.sales_order_id, self.sales_order_id);
        overlay_number(&mut f.opportunity_id, self.opportunity_id);
        overlay(&mut f.notes, self.notes);
        let lines = overlay_lines(self.lines, lines);
        (f, lines)
    }
}

/// The body of `cancel`: why, and when (`now`, the default, or `term_end`).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    pub reason: Option<String>,
    pub effective: Option<String>,
}

/// A change within the running term: from which day, new quantities of the term's lines (0
/// removes one; the line ids are the running term's `lines[].id`), and lines to add.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeBody {
    /// YYYY-MM-DD, within the running term.
    pub effective_date: Option<String>,
    pub quantities: Option<Vec<LineQuantityBody>>,
    pub add: Option<Vec<LineBody>>,
}

impl ChangeBody {
    fn form(self) -> (ChangeForm, Vec<LineForm>) {
        let quantities = self.quantities.unwrap_or_default().into_iter().map(Into::into).collect();
        let form = ChangeForm { effective_date: self.effective_date.unwrap_or_default(), quantities };
        (form, overlay_lines(self.add, vec![]))
    }
}

async fn detail(state: &AppState, actor: &Actor, id: i64) -> Result<ContractDetail, AppError> {
    let d = contracts::get(&state.pool, actor, id).await?;
    Ok(ContractDetail { contract: d.contract, lines: d.lines, terms: d.terms })
}

#[utoipa::path(get, path = "/api/v1/contracts", tag = "contracts", security(("bearer" = [])),
    params(PageQuery, ContractQuery),
    responses((status = 200, body = Page<ContractDto>), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(page): Query<PageQuery>,
    Query(q): Query<ContractQuery>,
) -> Result<Json<Page<ContractDto>>, ApiError> {
    let filter = ContractFilter {
        q: q.q.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        due: q.due.unwrap_or_default(),
        notice_passed: q.notice_passed.unwrap_or_default(),
        auto_renew: q.auto_renew.unwrap_or_default(),
        account: q.account.unwrap_or_default(),
        owner: q.owner.unwrap_or_default(),
        sort: q.sort.unwrap_or_default(),
    };
    Ok(Json(contracts::list(&state.pool, &actor, &filter, &page.position()?, page.size()?).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ContractDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<ContractDetail>, ApiError> {
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/contracts", tag = "contracts", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe creation")),
    request_body = ContractBody,
    responses((status = 201, body = ContractDetail), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn create(State(state): State<AppState>, ApiActor(actor): ApiActor, body: Bytes) -> Response {
    respond(async {
        let input: ContractBody = parse_json(&body)?;
        let (form, lines) = input.over(ContractForm::default(), vec![]);
        let c = contracts::edit::create(&state.pool, &actor, &form, &lines).await?;
        json(StatusCode::CREATED, &detail(&state, &actor, c.id).await?)
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ContractBody,
    responses((status = 200, body = ContractDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<ContractDetail>, ApiError> {
    let input: ContractBody = parse_json(&body)?;
    let current = detail(&state, &actor, id).await?;
    let lines = current.lines.iter().map(LineForm::from).collect();
    let (form, lines) = input.over(ContractForm::from(&current.contract), lines);
    contracts::edit::update(&state.pool, &actor, id, &form, &lines).await?;
    Ok(Json(detail(&state, &actor, id).await?))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/terms", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<TermDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn terms(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<TermDto>>, ApiError> {
    Ok(Json(contracts::get(&state.pool, &actor, id).await?.terms))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/renewal-preview", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = RenewalPreviewDto), (status = 401), (status = 403), (status = 404)))]
pub async fn renewal_preview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<RenewalPreviewDto>, ApiError> {
    Ok(Json(contracts::renewal::preview(&state.pool, &actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/change-preview", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ChangeBody,
    responses((status = 200, body = ChangePreviewDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn change_preview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<ChangePreviewDto>, ApiError> {
    let (form, lines) = parse_json::<ChangeBody>(&body)?.form();
    Ok(Json(contracts::changes::preview(&state.pool, &actor, id, &form, &lines).await?))
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/changes", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ChangeBody,
    responses((status = 201, body = ContractDetail, description = "the contract; the change is on its term's `changes`"),
        (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn change(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Response {
    respond(async {
        let (form, lines) = parse_json::<ChangeBody>(&body)?.form();
        contracts::changes::apply(&state, &actor, id, &form, &lines).await?;
        json(StatusCode::CREATED, &detail(&state, &actor, id).await?)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/events", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<TimelineEvent>), (status = 401), (status = 403), (status = 404)))]
pub async fn events(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<TimelineEvent>>, ApiError> {
    contracts::get(&state.pool, &actor, id).await?;
    Ok(Json(timeline::for_entity(&state.pool, contracts::ENTITY, id).await?))
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/{event}", tag = "contracts", security(("bearer" = [])),
    params(("id" = i64, Path), ("event" = String, Path, description = "activate, renew or cancel")),
    request_body(content = CancelBody, description = "cancel: the reason (required) and when; other events: no body"),
    responses((status = 200, body = ContractDetail), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, event)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<ContractDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let e = ContractEvent::parse_manual(&event).map_err(|_| AppError::NotFound)?;
    match e {
        ContractEvent::Activate => {
            contracts::renewal::activate(&state, &actor, id).await?;
        }
        ContractEvent::Renew => {
            contracts::renewal::renew(&state, &actor, id).await?;
        }
        _ => {
            let b = if body.iter().all(u8::is_ascii_whitespace) {
                CancelBody { reason: None, effective: None }
            } else {
                parse_json::<CancelBody>(&body)?
            };
            let form = CancelForm { reason: b.reason.unwrap_or_default(), effective: b.effective.unwrap_or_default() };
            contracts::renewal::cancel(&state.pool, &actor, id, &form).await?;
        }
    }
    Ok(Json(detail(&state, &actor, id).await?))
}
