//! Ticket files over HTTP, always as downloads: `application/octet-stream` with `attachment`
//! disposition, `nosniff` and a CSP that allows nothing, so a file a customer mailed in can never
//! run as a page of ours. `GET /tickets/{id}/files/{file}` for employees with a session;
//! `GET /t/{token}/files/{file}` for the customer (public files only; anything wrong is one 404).
//! `POST /tickets/{id}/files` attaches one (a multipart form, so it works without JavaScript).
use super::documents::refuse;
use crate::error::AppError;
use crate::model::inbound_email::MAX_ATTACHMENT_BYTES;
use crate::server::auth::{Actor, AuthSession};
use crate::server::service::tickets;
use crate::server::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

/// The file name for `Content-Disposition`: a plain ASCII fallback and the UTF-8 original (RFC 6266).
fn disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ()".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn download(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_DISPOSITION, disposition(name)),
            (header::CONTENT_LENGTH, bytes.len().to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /tickets/{id}/files/{file}`
pub async fn employee(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let Some(actor) = auth.user.as_ref().map(Actor::from) else { return refuse(AppError::Unauthorized) };
    let (Ok(id), Ok(file)) = (id.parse::<i64>(), file.parse::<i64>()) else { return refuse(AppError::NotFound) };
    match tickets::files::download(&state.pool, &actor, id, file).await {
        Ok((name, bytes)) => download(&name, bytes),
        Err(e) => refuse(e),
    }
}

/// `GET /t/{token}/files/{file}`
pub async fn customer(State(state): State<AppState>, Path((token, file)): Path<(String, String)>) -> Response {
    let Ok(file) = file.parse::<i64>() else { return refuse(AppError::NotFound) };
    match tickets::links::file(&state, &token, file).await {
        Ok((name, bytes)) => download(&name, bytes),
        Err(_) => refuse(AppError::NotFound),
    }
}

/// `POST /tickets/{id}/files` (fields `file`, `public`): back to the ticket, with a flash note or
/// the problem under the file field (`?file_error=`).
pub async fn upload(
    State(state): State<AppState>,
    auth: AuthSession,
    session: tower_sessions::Session,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    let Some(actor) = auth.user.as_ref().map(Actor::from) else { return refuse(AppError::Unauthorized) };
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    let back = |problem: &str| {
        let q = crate::model::list::query_string(&[("file_error", problem.chars().take(300).collect())]);
        Redirect::to(&format!("/tickets/{id}?{q}#files")).into_response()
    };
    let (mut name, mut data, mut public) = (String::new(), Vec::new(), false);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return back("the upload could not be read (at most 10 MB)"),
        };
        match field.name() {
            Some("public") => public = true,
            Some("file") => {
                name = field.file_name().unwrap_or_default().to_string();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if data.len() + chunk.len() <= MAX_ATTACHMENT_BYTES => {
                            data.extend_from_slice(&chunk)
                        }
                        Ok(Some(_)) => return back("is larger than 10 MB"),
                        Ok(None) => break,
                        Err(_) => return back("the upload could not be read (at most 10 MB)"),
                    }
                }
            }
            _ => {}
        }
    }
    match tickets::files::attach(&state.pool, &actor, id, &name, &data, public).await {
        Ok(_) => {
            if let Err(e) = session.insert(crate::server::flash::FLASH_KEY, format!("{name} attached.")).await {
                tracing::warn!("flash not stored: {e}");
            }
            Redirect::to(&format!("/tickets/{id}#files")).into_response()
        }
        Err(AppError::Validation { fields }) => back(&fields.0.into_values().flatten().collect::<Vec<_>>().join("; ")),
        Err(e) => refuse(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_survive_in_both_forms() {
        assert_eq!(
            super::disposition("Łódź report.pdf"),
            "attachment; filename=\"__d_ report.pdf\"; filename*=UTF-8''%C5%81%C3%B3d%C5%BA%20report.pdf"
        );
        assert!(super::disposition("a\"b\r\n.txt").starts_with("attachment; filename=\"a_b__.txt\""));
    }
}
