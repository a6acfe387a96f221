//! The workbench's statement upload: a multipart form post, so it works without JavaScript. A
//! good file goes on to its preview; problems go back to the workbench under the file field.
use crate::error::AppError;
use crate::model::list::query_string;
use crate::server::auth::{Actor, AuthSession};
use crate::server::flash::FLASH_KEY;
use crate::server::service::bank;
use crate::server::service::bank::statement_csv::{too_large, MAX_BYTES};
use crate::server::state::AppState;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

pub async fn upload(
    State(state): State<AppState>,
    auth: AuthSession,
    session: Session,
    multipart: Multipart,
) -> Response {
    let Some(actor) = auth.user.as_ref().map(Actor::from) else {
        return Redirect::to("/login?next=/payments/reconcile").into_response();
    };
    if let Err(e) = actor.require(crate::model::permissions::Permission::ManagePayments) {
        return super::documents::refuse(e); // a refusal is a 403, not a message on the workbench
    }
    let (bank, file_name, bytes) = match read(multipart).await {
        Ok(parts) => parts,
        Err((bank, message)) => return back(bank, &message),
    };
    let Some(bank) = bank else { return back(None, "choose a bank account") };
    match bank::statements::stage(&state.pool, &actor, bank, &file_name, &bytes).await {
        Ok(s) => {
            let note = format!("{} checked: look through the preview, then import it.", s.file_name);
            if let Err(e) = session.insert(FLASH_KEY, note).await {
                tracing::warn!("flash not stored: {e}");
            }
            Redirect::to(&format!("/payments/reconcile/statements/{}", s.id)).into_response()
        }
        Err(AppError::Validation { fields }) => {
            back(Some(bank), &fields.0.into_values().flatten().collect::<Vec<_>>().join("; "))
        }
        Err(e) => back(Some(bank), &e.to_string()),
    }
}

/// The workbench again with the problem under the file field.
fn back(bank: Option<i64>, message: &str) -> Response {
    let q = query_string(&[
        ("bank_account", bank.map(|b| b.to_string()).unwrap_or_default()),
        ("upload_error", message.chars().take(1500).collect()),
    ]);
    Redirect::to(&format!("/payments/reconcile?{q}#upload")).into_response()
}

type Parts = (Option<i64>, String, Vec<u8>);

/// The bank account and the file; a file over the limit stops reading at once.
async fn read(mut multipart: Multipart) -> Result<Parts, (Option<i64>, String)> {
    let (mut bank, mut name, mut bytes) = (None, String::new(), None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err((bank, format!("the upload could not be read: {e}"))),
        };
        match field.name() {
            Some("bank_account_id") => bank = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
            Some("file") => {
                name = field.file_name().unwrap_or_default().to_string();
                let mut field = field;
                let mut data = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            data.extend_from_slice(&chunk);
                            if data.len() > MAX_BYTES {
                                return Err((bank, too_large(None)));
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return Err((bank, format!("the file could not be read: {e}"))),
                    }
                }
                bytes = Some(data);
            }
            _ => {}
        }
    }
    match bytes {
        Some(b) => Ok((bank, name, b)),
        None => Err((bank, "choose the statement file".into())),
    }
}
