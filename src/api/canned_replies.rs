//! Canned replies: the admin page's list, saving one (new or changed) and deleting one.
use crate::error::AppError;
use crate::model::canned_reply::{CannedReplyDto, CannedReplyForm};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "canned_replies")]
pub async fn canned_replies() -> Result<Vec<CannedReplyDto>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::canned::list(&state.pool, &actor).await
    })
    .await
}

/// Saves a canned reply: `id` empty for a new one; posted as `form[title]`, `form[body]`.
#[server(prefix = "/fn", endpoint = "save_canned_reply")]
pub async fn save_canned_reply(
    #[server(default)] id: String,
    #[server(default)] form: CannedReplyForm,
) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let id = match id.trim() {
            "" => None,
            v => Some(v.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        let saved = crate::server::service::tickets::canned::save(&state.pool, &actor, id, &form).await?;
        super::ssr::done(format!("Canned reply \"{}\" saved.", form.title.trim()), "/admin/canned-replies").await?;
        Ok(saved)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "delete_canned_reply")]
pub async fn delete_canned_reply(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::canned::delete(&state.pool, &actor, id).await?;
        super::ssr::done("Canned reply deleted.".to_string(), "/admin/canned-replies").await
    })
    .await
}
