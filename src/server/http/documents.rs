//! Printed documents over HTTP: PDFs rendered off the async threads (spawn_blocking) and sent
//! with their type, file name and length. Employees with a session only.
use crate::error::AppError;
use crate::server::auth::{Actor, AuthSession};
use crate::server::pdf::delivery_note;
use crate::server::service::shipments;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// A PDF answer: `inline` so browsers preview it, with the document number as the file name.
pub fn pdf_response(file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
            (header::CONTENT_LENGTH, bytes.len().to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// An error as a short plain page (the browser opened a link, not the app).
pub fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

/// Renders a document off the async threads: PDF layout is CPU work.
pub async fn render<T: Send + 'static>(doc: T, render: fn(&T) -> Result<Vec<u8>, String>) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || render(&doc)).await.map_err(AppError::internal)?.map_err(AppError::internal)
}

/// The delivery note of a shipment, for the signed-in employee.
pub async fn delivery_note_pdf(State(state): State<AppState>, auth: AuthSession, Path(id): Path<String>) -> Response {
    let Some(actor) = auth.user.as_ref().map(Actor::from) else { return refuse(AppError::Unauthorized) };
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    delivery_note_for(&state, &actor, id).await.unwrap_or_else(refuse)
}

/// The delivery note of shipment `id` as a response, for whichever way the actor came in.
pub async fn delivery_note_for(state: &AppState, actor: &Actor, id: i64) -> Result<Response, AppError> {
    let (file, note, created) = shipments::delivery_note(&state.pool, actor, id).await?;
    let bytes = render((note, created), |(n, c)| delivery_note::render(n, *c)).await?;
    Ok(pdf_response(&file, bytes))
}
