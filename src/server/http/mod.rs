//! Plain axum routes (no Leptos): health, metrics, the REST API, and the middleware stack.
pub mod api_v1;
pub mod health;
pub mod middleware;
pub mod shell;
