//! `/api/v1/bank-accounts`, `/api/v1/bank-statements` and `/api/v1/bank-statement-lines`: bank
//! accounts with their statement layout and reconciliation report, statement upload (CSV body,
//! staged with its preview), import, lines, candidates, and accept / reject / reopen / create
//! payments for a line.
use super::errors::{parse_json, ApiError};
use super::{ApiActor, IdPath};
use crate::error::AppError;
use crate::model::bank::{
    BankAccountDto, BankAccountForm, CandidateDto, CandidateKind, LineStatus, ReconcileReport, SplitForm, SplitRow,
    StatementDto, StatementLineDto, StatementPreview,
};
use crate::server::service::bank;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// A bank account and the layout of its statement CSVs.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BankAccountBody {
    pub name: String,
    /// ISO 4217, e.g. EUR.
    pub currency: String,
    pub iban: Option<String>,
    /// The header of the booking-date column.
    pub date_column: String,
    /// One signed amount column; or give `debit_column` and `credit_column`.
    pub amount_column: Option<String>,
    pub debit_column: Option<String>,
    pub credit_column: Option<String>,
    pub description_column: String,
    pub counterparty_column: Option<String>,
    pub reference_column: Option<String>,
    /// %Y-%m-%d (default), %d/%m/%Y, %d.%m.%Y or %m/%d/%Y.
    pub date_format: Option<String>,
    /// Amounts written 1.234,56.
    pub decimal_comma: Option<bool>,
    /// , (default) ; | or tab.
    pub delimiter: Option<String>,
}

impl From<BankAccountBody> for BankAccountForm {
    fn from(b: BankAccountBody) -> BankAccountForm {
        let d = |v: Option<String>| v.unwrap_or_default();
        BankAccountForm {
            name: b.name,
            currency: b.currency,
            iban: d(b.iban),
            date_column: b.date_column,
            amount_column: d(b.amount_column),
            debit_column: d(b.debit_column),
            credit_column: d(b.credit_column),
            description_column: b.description_column,
            counterparty_column: d(b.counterparty_column),
            reference_column: d(b.reference_column),
            date_format: d(b.date_format),
            decimal_comma: if b.decimal_comma.unwrap_or(false) { "true".into() } else { String::new() },
            delimiter: d(b.delimiter),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/bank-accounts", tag = "reconciliation", security(("bearer" = [])),
    responses((status = 200, body = Vec<BankAccountDto>), (status = 401), (status = 403)))]
pub async fn list_accounts(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<BankAccountDto>>, ApiError> {
    Ok(Json(bank::statements::bank_accounts(&state.pool, &actor).await?))
}

#[utoipa::path(post, path = "/api/v1/bank-accounts", tag = "reconciliation", security(("bearer" = [])),
    request_body = BankAccountBody,
    responses((status = 201, body = BankAccountDto), (status = 401), (status = 403), (status = 422)))]
pub async fn create_account(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<BankAccountDto>), ApiError> {
    let b: BankAccountBody = parse_json(&body)?;
    let a = bank::statements::save_bank_account(&state.pool, &actor, None, &b.into()).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(put, path = "/api/v1/bank-accounts/{id}", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = BankAccountBody,
    responses((status = 200, body = BankAccountDto), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update_account(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<BankAccountDto>, ApiError> {
    let b: BankAccountBody = parse_json(&body)?;
    Ok(Json(bank::statements::save_bank_account(&state.pool, &actor, Some(id), &b.into()).await?))
}

#[utoipa::path(get, path = "/api/v1/bank-accounts/{id}/report", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ReconcileReport), (status = 401), (status = 403), (status = 404)))]
pub async fn report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<ReconcileReport>, ApiError> {
    Ok(Json(bank::statements::report(&state.pool, &actor, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    pub bank_account_id: Option<String>,
    /// The file's name, kept with the statement.
    pub file_name: Option<String>,
}

/// Uploads a statement CSV (the body) for a bank account. It is checked in full — a problem
/// anywhere is a 422 naming its line, and nothing is kept — then staged: the answer is its
/// preview; `POST …/{id}/import` imports it.
#[utoipa::path(post, path = "/api/v1/bank-statements", tag = "reconciliation", security(("bearer" = [])),
    params(UploadQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = StatementPreview), (status = 401), (status = 403), (status = 404), (status = 413), (status = 422)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<StatementPreview>), ApiError> {
    let bank: i64 = q
        .bank_account_id
        .as_deref()
        .unwrap_or_default()
        .parse()
        .map_err(|_| AppError::field("bank_account_id", "must be a bank account's id"))?;
    let s =
        bank::statements::stage(&state.pool, &actor, bank, q.file_name.as_deref().unwrap_or_default(), &body).await?;
    Ok((StatusCode::CREATED, Json(bank::statements::preview(&state.pool, &actor, s.id).await?)))
}

#[utoipa::path(get, path = "/api/v1/bank-statements/{id}", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = StatementDto), (status = 401), (status = 403), (status = 404)))]
pub async fn get_statement(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<StatementDto>, ApiError> {
    Ok(Json(bank::statements::statement(&state.pool, &actor, id).await?))
}

#[utoipa::path(delete, path = "/api/v1/bank-statements/{id}", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "the staged statement is gone"), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn discard(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiError> {
    bank::statements::discard(&state.pool, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/bank-statements/{id}/import", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = StatementDto), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<StatementDto>, ApiError> {
    Ok(Json(bank::statements::import(&state.pool, &actor, id).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RematchResult {
    /// Lines with a clear suggestion now.
    pub suggested: usize,
}

#[utoipa::path(post, path = "/api/v1/bank-statements/{id}/rematch", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = RematchResult), (status = 401), (status = 403), (status = 404)))]
pub async fn rematch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<RematchResult>, ApiError> {
    Ok(Json(RematchResult { suggested: bank::matching::rematch(&state.pool, &actor, id).await? }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinesQuery {
    /// unmatched, reconciled or ignored.
    pub status: Option<String>,
    /// At most this many (default 1000, at most 10000).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/bank-statements/{id}/lines", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path), LinesQuery),
    responses((status = 200, body = Vec<StatementLineDto>), (status = 400, description = "limit is not a number"), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn lines(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    Query(q): Query<LinesQuery>,
) -> Result<Json<Vec<StatementLineDto>>, ApiError> {
    let status = match q.status.as_deref().unwrap_or_default() {
        "" => None,
        s => Some(LineStatus::parse(s).map_err(|m| AppError::field("status", m))?),
    };
    let limit = q.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(AppError::field("limit", "must be between 1 and 10000").into());
    }
    Ok(Json(bank::lines::lines(&state.pool, &actor, id, status, limit).await?))
}

#[utoipa::path(get, path = "/api/v1/bank-statement-lines/{id}/candidates", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CandidateDto>), (status = 401), (status = 403), (status = 404)))]
pub async fn candidates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<Vec<CandidateDto>>, ApiError> {
    Ok(Json(bank::lines::line_detail(&state.pool, &actor, id).await?.1))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    /// payment or invoice.
    pub kind: String,
    pub target_id: i64,
}

#[utoipa::path(post, path = "/api/v1/bank-statement-lines/{id}/accept", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AcceptBody,
    responses((status = 200, body = StatementLineDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn accept(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<StatementLineDto>, ApiError> {
    let b: AcceptBody = parse_json(&body)?;
    let kind = CandidateKind::parse(&b.kind).map_err(|m| AppError::field("kind", m))?;
    Ok(Json(bank::resolve::accept(&state.pool, &actor, id, kind, b.target_id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    /// Why the line is not a customer payment (a bank fee, interest…).
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/bank-statement-lines/{id}/reject", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RejectBody,
    responses((status = 200, body = StatementLineDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn reject(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<StatementLineDto>, ApiError> {
    let b: RejectBody = parse_json(&body)?;
    Ok(Json(bank::resolve::ignore(&state.pool, &actor, id, &b.reason).await?))
}

#[utoipa::path(post, path = "/api/v1/bank-statement-lines/{id}/reopen", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = StatementLineDto), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn reopen(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
) -> Result<Json<StatementLineDto>, ApiError> {
    Ok(Json(bank::resolve::reopen(&state.pool, &actor, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRowBody {
    /// The invoice's number, e.g. INV-2026-000123.
    pub invoice: String,
    pub amount: super::bodies::DecimalText,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePaymentsBody {
    #[serde(default)]
    pub rows: Vec<SplitRowBody>,
    /// The account that keeps what the rows leave of the line as credit.
    pub credit_account_id: Option<i64>,
}

/// Creates payments from a line: one per account of the invoices in `rows` (a deposit split
/// across customers), the rest as credit of `credit_account_id`; all reconciled with the line.
#[utoipa::path(post, path = "/api/v1/bank-statement-lines/{id}/payments", tag = "reconciliation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = CreatePaymentsBody,
    responses((status = 200, body = StatementLineDto), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn create_payments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<StatementLineDto>, ApiError> {
    let b: CreatePaymentsBody = parse_json(&body)?;
    let form = SplitForm {
        rows: b.rows.into_iter().map(|r| SplitRow { invoice: r.invoice, amount: r.amount.text() }).collect(),
        credit_account_id: b.credit_account_id.map(|a| a.to_string()).unwrap_or_default(),
    };
    Ok(Json(bank::resolve::split(&state.pool, &actor, id, &form).await?))
}
