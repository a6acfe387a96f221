//! Aftersale: the post-sales system in one crate — shared model, Leptos UI, and (with `ssr`) the server.
#![recursion_limit = "512"]

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// mimalloc for everything the server build links (the server, its tests and examples): many
/// small allocations made on sqlx's SQLite worker thread and freed on tokio's, which glibc's
/// allocator serializes on its arena lock.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Islands mode: the island loader script calls this once, then hydrates each `<leptos-island>`.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
