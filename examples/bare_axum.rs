//! The benchmark's anchor: a bare axum handler that returns a fixed HTML page of the given size,
//! with no session, database or rendering. `scripts/bench.sh` loads it side by side with the app.
//! Usage: bare_axum ADDR BYTES
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use axum::{response::Html, routing::get, Router};
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3901".into());
    let bytes: usize = args.next().and_then(|b| b.parse().ok()).unwrap_or(4096);
    let page: &'static str =
        Box::leak(format!("<!DOCTYPE html><html><body>{}</body></html>", "x".repeat(bytes)).into_boxed_str());
    let app = Router::new().route("/login", get(move || async move { Html(page) }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

#[cfg(not(feature = "ssr"))]
fn main() {}
