//! REST API `/api/v1` (docs/api.md): bearer tokens, JSON, decimal strings, cursor pages, 401/403/404/
//! 409/422 conventions, `Idempotency-Key` on POST. Handlers call the same services as server fns.
pub mod accounts;
pub mod bank;
pub mod bodies;
pub mod contacts;
pub mod contracts;
pub mod credit_notes;
pub mod errors;
pub mod inbound_email;
pub mod invoices;
pub mod openapi;
pub mod opportunities;
pub mod pagination;
pub mod payments;
pub mod products;
pub mod sales_orders;
pub mod tickets;
pub mod users;

use crate::error::AppError;
use crate::server::auth::Actor;
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use axum::Router;

/// The answer of a create-style handler: its status and JSON, or the error as the API shows it.
pub async fn respond(
    run: impl std::future::Future<Output = Result<(axum::http::StatusCode, serde_json::Value), AppError>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match run.await {
        Ok((status, json)) => (status, axum::Json(json)).into_response(),
        Err(e) => errors::ApiError(e).into_response(),
    }
}

/// `v` as the JSON a create-style handler hands to [`respond`], with its status.
pub fn json<T: serde::Serialize>(
    status: axum::http::StatusCode,
    v: &T,
) -> Result<(axum::http::StatusCode, serde_json::Value), AppError> {
    Ok((status, serde_json::to_value(v).map_err(AppError::internal)?))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/me", get(users::me))
        .route("/api/v1/users", get(users::list).post(users::create))
        .route("/api/v1/users/{id}", get(users::get).patch(users::update))
        .route("/api/v1/accounts", get(accounts::list).post(accounts::create))
        .route("/api/v1/accounts/{id}", get(accounts::get).patch(accounts::update))
        .route("/api/v1/contacts", get(contacts::list).post(contacts::create))
        .route("/api/v1/products", get(products::list).post(products::create))
        .route("/api/v1/products/{id}", get(products::get).patch(products::update))
        .route("/api/v1/tax-rates", get(products::list_rates).post(products::create_rate))
        .route("/api/v1/tax-rates/{id}", get(products::get_rate).patch(products::update_rate))
        .route("/api/v1/opportunities", get(opportunities::list).post(opportunities::create))
        .route("/api/v1/opportunities/{id}", get(opportunities::get).patch(opportunities::update))
        .route("/api/v1/opportunities/{id}/{event}", axum::routing::post(opportunities::event))
        .route("/api/v1/contacts/{id}", get(contacts::get).patch(contacts::update).delete(contacts::delete))
        .route("/api/v1/sales-orders", get(sales_orders::list).post(sales_orders::create))
        .route("/api/v1/sales-orders/{id}", get(sales_orders::get).patch(sales_orders::update))
        .route("/api/v1/sales-orders/{id}/lines", get(sales_orders::lines).post(sales_orders::add_line))
        .route(
            "/api/v1/sales-orders/{id}/shipments",
            get(sales_orders::list_shipments).post(sales_orders::create_shipment),
        )
        .route(
            "/api/v1/sales-orders/{id}/shipments/{shipment_id}/cancel",
            axum::routing::post(sales_orders::cancel_shipment),
        )
        .route("/api/v1/sales-orders/{id}/shipments/{shipment_id}/delivery-note.pdf", get(sales_orders::delivery_note))
        .route("/api/v1/sales-orders/{id}/invoice", axum::routing::post(invoices::from_order))
        .route("/api/v1/sales-orders/{id}/{event}", axum::routing::post(sales_orders::event))
        .route("/api/v1/invoices", get(invoices::list).post(invoices::create))
        .route("/api/v1/invoices/{id}", get(invoices::get).patch(invoices::update).delete(invoices::delete))
        .route("/api/v1/invoices/{id}/pdf", get(invoices::pdf))
        .route("/api/v1/invoices/{id}/customer-link", axum::routing::post(invoices::customer_link))
        .route("/api/v1/invoices/{id}/{event}", axum::routing::post(invoices::event))
        .route("/api/v1/credit-notes", get(credit_notes::list_credit_notes).post(credit_notes::create_credit_note))
        .route("/api/v1/credit-notes/{id}", get(credit_notes::get_credit_note))
        .route("/api/v1/credit-notes/{id}/pdf", get(credit_notes::credit_note_pdf))
        .route("/api/v1/payments", get(payments::list).post(payments::create))
        .route("/api/v1/bank-accounts", get(bank::list_accounts).post(bank::create_account))
        .route("/api/v1/bank-accounts/{id}", axum::routing::put(bank::update_account))
        .route("/api/v1/bank-accounts/{id}/report", get(bank::report))
        .route("/api/v1/bank-statements", axum::routing::post(bank::upload))
        .route("/api/v1/bank-statements/{id}", get(bank::get_statement).delete(bank::discard))
        .route("/api/v1/bank-statements/{id}/import", axum::routing::post(bank::import))
        .route("/api/v1/bank-statements/{id}/rematch", axum::routing::post(bank::rematch))
        .route("/api/v1/bank-statements/{id}/lines", get(bank::lines))
        .route("/api/v1/bank-statement-lines/{id}/candidates", get(bank::candidates))
        .route("/api/v1/bank-statement-lines/{id}/accept", axum::routing::post(bank::accept))
        .route("/api/v1/bank-statement-lines/{id}/reject", axum::routing::post(bank::reject))
        .route("/api/v1/bank-statement-lines/{id}/reopen", axum::routing::post(bank::reopen))
        .route("/api/v1/bank-statement-lines/{id}/payments", axum::routing::post(bank::create_payments))
        .route("/api/v1/payments/{id}", get(payments::get))
        .route("/api/v1/payments/{id}/allocations", get(payments::allocations).post(payments::allocate))
        .route("/api/v1/payments/{id}/allocations/{allocation_id}", axum::routing::delete(payments::remove_allocation))
        .route("/api/v1/payments/{id}/receipt.pdf", get(payments::receipt))
        .route("/api/v1/payments/{id}/{event}", axum::routing::post(payments::event))
        .route("/api/v1/tickets", get(tickets::list).post(tickets::create))
        .route("/api/v1/tickets/{id}", get(tickets::get).patch(tickets::update))
        .route("/api/v1/tickets/{id}/assign", axum::routing::post(tickets::assign))
        .route("/api/v1/tickets/{id}/events", get(tickets::events))
        .route("/api/v1/tickets/{id}/comments", get(tickets::comments).post(tickets::add_comment))
        .route("/api/v1/tickets/{id}/customer-link", axum::routing::post(tickets::customer_link))
        .route("/api/v1/tickets/{id}/merge", axum::routing::post(tickets::merge))
        .route("/api/v1/inbound-email", axum::routing::post(inbound_email::receive))
        .route("/api/v1/contracts", get(contracts::list).post(contracts::create))
        .route("/api/v1/contracts/{id}", get(contracts::get).patch(contracts::update))
        .route("/api/v1/contracts/{id}/terms", get(contracts::terms))
        .route("/api/v1/contracts/{id}/events", get(contracts::events))
        .route("/api/v1/contracts/{id}/renewal-preview", get(contracts::renewal_preview))
        .route("/api/v1/contracts/{id}/change-preview", axum::routing::post(contracts::change_preview))
        .route("/api/v1/contracts/{id}/changes", axum::routing::post(contracts::change))
        .route("/api/v1/contracts/{id}/{event}", axum::routing::post(contracts::event))
        .route("/api/v1/tickets/{id}/{event}", axum::routing::post(tickets::event))
        .fallback(|| async { errors::ApiError(AppError::NotFound) })
}

/// A record id from the path. An id that is not a number names no record: 404, like any unknown id.
pub struct IdPath(pub i64);

impl FromRequestParts<AppState> for IdPath {
    type Rejection = errors::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| errors::ApiError(AppError::NotFound))?;
        raw.parse().map(IdPath).map_err(|_| errors::ApiError(AppError::NotFound))
    }
}

/// The user behind the request's `Authorization: Bearer` token; 401 when missing or invalid.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = errors::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = super::bearer_token(&parts.headers).ok_or(errors::ApiError(AppError::Unauthorized))?;
        match service::tokens::authenticate(state, token).await? {
            Some(actor) => Ok(ApiActor(actor)),
            None => Err(errors::ApiError(AppError::Unauthorized)),
        }
    }
}
