//! The page loader: a page awaits its one server fn, then shows its data or the error panel.
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
