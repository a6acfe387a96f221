//! What the company-settings page shows, in one call (`page`): the settings, the tax rates to
//! choose a default from, and the settings' timeline.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::settings_view::SettingsView;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{pickers, settings, timeline};

/// The settings page, for those who manage the settings.
pub async fn page(pool: &Pool, actor: &Actor) -> Result<SettingsView, AppError> {
    actor.require(Permission::ManageSettings)?;
    let tax_rates = pickers::tax_rates(pool).await?;
    Ok(SettingsView {
        settings: settings::get(pool).await?,
        tax_rates,
        events: timeline::for_entity(pool, settings::ENTITY, 1).await?,
    })
}
