//! Admin → support settings: read with their history, and save.
use crate::error::AppError;
use crate::model::support_settings::{SupportSettingsForm, SupportSettingsView};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "get_support_settings")]
pub async fn get_support_settings() -> Result<SupportSettingsView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::settings::page(&state.pool, &actor).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "save_support_settings")]
pub async fn save_support_settings(#[server(default)] form: SupportSettingsForm) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::settings::update(&state.pool, &actor, &form).await?;
        super::ssr::done("Support settings saved.".into(), "/admin/support").await?;
        Ok(())
    })
    .await
}
