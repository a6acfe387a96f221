//! What the company-settings page shows, assembled by one service call (`service::settings_views`).
use crate::model::settings::SettingsDto;
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: SettingsDto,
    /// Active tax rates: (id, "name (rate %)").
    pub tax_rates: Vec<(i64, String)>,
    pub events: Vec<TimelineEvent>,
}
