//! Printed documents over HTTP: PDFs rendered off the async threads (spawn_blocking) and sent
//! with their type, file name and length. Employees with a session only.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::server::auth::{Actor, AuthSession};
use crate::server::pdf::{delivery_note, invoice};
use crate::server::service::{invoices, shipments};
use crate::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// A PDF answer: `inline` so browsers preview it, with the document number as the file name.
/// Our own pages may frame it (the invoice page's preview); nobody else may.
pub fn pdf_response(file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
            (header::CONTENT_LENGTH, bytes.len().to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_FRAME_OPTIONS, "SAMEORIGIN".to_string()),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'self'".to_string()),
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

async fn printable_response(p: invoices::pdf::Printable) -> Result<Response, AppError> {
    let bytes = render((p.document, p.created), |(d, c)| invoice::render(d, *c)).await?;
    Ok(pdf_response(&p.file, bytes))
}

/// An invoice's PDF for an employee (drafts print with a DRAFT mark).
pub async fn invoice_for(state: &AppState, actor: &Actor, id: i64) -> Result<Response, AppError> {
    actor.require(Permission::ViewInvoices)?;
    printable_response(invoices::pdf::invoice(&state.pool, id).await?).await
}

/// A credit note's PDF for an employee.
pub async fn credit_note_for(state: &AppState, actor: &Actor, id: i64) -> Result<Response, AppError> {
    actor.require(Permission::ViewInvoices)?;
    printable_response(invoices::pdf::credit_note(&state.pool, id).await?).await
}

fn session_actor(auth: &AuthSession) -> Result<Actor, AppError> {
    auth.user.as_ref().map(Actor::from).ok_or(AppError::Unauthorized)
}

/// `GET /invoices/{id}/pdf`
pub async fn invoice_pdf(State(state): State<AppState>, auth: AuthSession, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    match session_actor(&auth) {
        Ok(actor) => invoice_for(&state, &actor, id).await.unwrap_or_else(refuse),
        Err(e) => refuse(e),
    }
}

/// `GET /credit-notes/{id}/pdf`
pub async fn credit_note_pdf(State(state): State<AppState>, auth: AuthSession, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    match session_actor(&auth) {
        Ok(actor) => credit_note_for(&state, &actor, id).await.unwrap_or_else(refuse),
        Err(e) => refuse(e),
    }
}

/// `GET /i/{token}/pdf`: the customer's download, no sign-in; anything wrong is the same 404.
pub async fn customer_pdf(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match invoices::links::pdf(&state, &token).await {
        Ok(p) => printable_response(p).await.unwrap_or_else(refuse),
        Err(_) => refuse(AppError::NotFound),
    }
}

/// The most invoices one ZIP holds.
pub const ZIP_LIMIT: usize = 200;

/// `GET /invoices.zip?ids=1&ids=2…`: the chosen invoices' PDFs in one ZIP, each rendered off the
/// async threads, stored uncompressed (PDF streams are compressed already).
pub async fn invoices_zip(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(e) = session_actor(&auth).and_then(|a| a.require(Permission::ViewInvoices)) {
        return refuse(e);
    }
    let ids: Vec<i64> =
        query.iter().filter(|(k, _)| k == "ids" || k == "ids[]").filter_map(|(_, v)| v.parse().ok()).collect();
    if ids.is_empty() || ids.len() > ZIP_LIMIT {
        let e = AppError::field("ids", format!("choose 1 to {ZIP_LIMIT} invoices"));
        return (StatusCode::UNPROCESSABLE_ENTITY, e.field_errors("ids").join("")).into_response();
    }
    let mut docs = Vec::with_capacity(ids.len());
    for id in ids {
        match invoices::pdf::invoice(&state.pool, id).await {
            Ok(p) => docs.push(p),
            Err(e) => return refuse(e),
        }
    }
    let zipped = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let mut names = std::collections::HashSet::new();
        for p in docs {
            let bytes = invoice::render(&p.document, p.created)?;
            let mut name = p.file.clone();
            while !names.insert(name.clone()) {
                name = format!("copy-{name}");
            }
            zip.start_file(name, options).map_err(|e| e.to_string())?;
            zip.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
    })
    .await;
    match zipped {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"invoices.zip\"".to_string()),
                (header::CONTENT_LENGTH, bytes.len().to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => refuse(AppError::internal(e)),
        Err(e) => refuse(AppError::internal(e)),
    }
}

/// A payment's receipt for whichever way the actor came in.
pub async fn receipt_for(state: &AppState, actor: &Actor, id: i64) -> Result<Response, AppError> {
    let (file, receipt, created) = crate::server::service::payments::documents::receipt(&state.pool, actor, id).await?;
    let bytes = render((receipt, created), |(r, c)| crate::server::pdf::receipt::render_receipt(r, *c)).await?;
    Ok(pdf_response(&file, bytes))
}

/// `GET /payments/{id}/receipt.pdf`
pub async fn receipt_pdf(State(state): State<AppState>, auth: AuthSession, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    match session_actor(&auth) {
        Ok(actor) => receipt_for(&state, &actor, id).await.unwrap_or_else(refuse),
        Err(e) => refuse(e),
    }
}

#[derive(serde::Deserialize)]
pub struct Period {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `GET /accounts/{id}/statement.pdf?from=&to=`
pub async fn statement_pdf(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(id): Path<String>,
    Query(period): Query<Period>,
) -> Response {
    use crate::model::sales_order::optional_date;
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    let actor = match session_actor(&auth) {
        Ok(a) => a,
        Err(e) => return refuse(e),
    };
    let mut e = crate::model::validate::FieldErrors::default();
    let today = chrono::Utc::now().date_naive();
    let from = optional_date(&mut e, "from", period.from.as_deref().unwrap_or_default())
        .unwrap_or(today - chrono::Duration::days(90));
    let to = optional_date(&mut e, "to", period.to.as_deref().unwrap_or_default()).unwrap_or(today);
    if !e.is_empty() {
        return refuse(e.into());
    }
    let made = crate::server::service::payments::documents::statement_document(&state.pool, &actor, id, from, to).await;
    match made {
        Ok((file, doc)) => match render((doc, chrono::Utc::now().timestamp()), |(d, c)| {
            crate::server::pdf::receipt::render_statement(d, *c)
        })
        .await
        {
            Ok(bytes) => pdf_response(&file, bytes),
            Err(e) => refuse(e),
        },
        Err(e) => refuse(e),
    }
}
