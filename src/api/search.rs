//! The shell's search box: accounts by name and documents by number, as the actor may read them.
use crate::error::AppError;
use crate::model::search_view::SearchView;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "search")]
pub async fn search(#[server(default)] q: String) -> Result<SearchView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::search::search(&state.pool, &actor, &q).await
    })
    .await
}
