//! Admin → company settings: read with the tax rates to choose from, and save.
use crate::error::AppError;
use crate::model::settings::SettingsForm;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "get_settings")]
pub async fn get_settings() -> Result<crate::model::settings_view::SettingsView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::settings_views::page(&state.pool, &actor).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "save_settings")]
pub async fn save_settings(#[server(default)] form: SettingsForm) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::settings::update(&state.pool, &actor, &form).await?;
        super::ssr::done("Settings saved.".into(), "/admin/settings").await?;
        Ok(())
    })
    .await
}
