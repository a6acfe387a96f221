//! AppState: what every handler and server fn needs, provided to server fns as Leptos context.
use super::config::Config;
use super::db::Pool;
use super::mail::Mailer;
use super::metrics::Metrics;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub metrics: Arc<Metrics>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos_options.clone()
    }
}
