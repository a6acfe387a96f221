//! The page loader: a page awaits its one server fn, then shows its data or the error panel; and
//! the record id a detail page's route carries.
use crate::components::notice::ErrorPanel;
use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// Awaits `load` (a page's server fn) and shows `show(data)`, or the error panel when it failed.
/// The error arm is one non-generic function so each page adds only its own view to the wasm.
pub fn loaded<T, V, Fut, Show>(load: Fut, show: Show) -> impl IntoView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    Show: FnOnce(T) -> V + Send + 'static,
    V: IntoView + 'static,
{
    Suspend::new(async move {
        match load.await {
            Err(e) => error_view(e),
            Ok(data) => show(data).into_any(),
        }
    })
}

fn error_view(error: AppError) -> AnyView {
    view! { <ErrorPanel error/> }.into_any()
}

/// The `:id` of a detail page's route (0, which no record has, when it is missing or not a number:
/// the server fn then answers 404).
pub fn id_param() -> i64 {
    leptos_router::hooks::use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0)
}
