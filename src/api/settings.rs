//! Admin → company settings: read with the tax rates to choose from, and save.
use crate::error::AppError;
use crate::model::settings::{SettingsDto, SettingsForm};
use crate::model::timeline::TimelineEvent;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: SettingsDto,
    /// Active tax rates: (id, "name (rate %)").
    pub tax_rates: Vec<(i64, String)>,
    pub events: Vec<TimelineEvent>,
}

#[server(prefix = "/fn", endpoint = "get_settings")]
pub async fn get_settings() -> Result<SettingsView, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::{settings, timeline};
    super::ssr::as_employee(|state, actor| async move {
        actor.require(Permission::ManageSettings)?;
        let tax_rates = crate::server::service::pickers::tax_rates(&state.pool).await?;
        Ok(SettingsView {
            settings: settings::get(&state.pool).await?,
            tax_rates,
            events: timeline::for_entity(&state.pool, settings::ENTITY, 1).await?,
        })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "save_settings")]
pub async fn save_settings(#[server(default)] form: SettingsForm) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::settings::update(&state.pool, &actor, &form).await?;
        super::ssr::set_flash("Settings saved.".into()).await?;
        leptos_axum::redirect("/admin/settings");
        Ok(())
    })
    .await
}
