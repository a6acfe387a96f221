//! The server (ssr only): startup, the router, and everything behind it.
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod flash;
pub mod http;
pub mod idempotency;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod pdf;
pub mod seed;
pub mod service;
pub mod sessions;
pub mod state;

use crate::app::{shell, App};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use axum_login::tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use axum_login::AuthManagerLayerBuilder;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The schema migrations, then the data steps that need the application's rules (the invoice
/// questions from before tickets become tickets, their clocks computed by `model::sla`). Each
/// step is idempotent and safe with several instances starting at once.
pub async fn migrate(pool: &db::Pool) -> Result<(), String> {
    db::migrate(pool).await.map_err(|e| format!("migrations failed: {e}"))?;
    let turned = service::tickets::questions::adopt_legacy(pool)
        .await
        .map_err(|e| format!("turning invoice questions into tickets failed: {e}"))?;
    if turned > 0 {
        tracing::info!("{turned} invoice questions became support tickets");
    }
    Ok(())
}

/// Connects, migrates and assembles the state the app runs on.
pub async fn prepare(config: Config) -> Result<AppState, String> {
    let pool = db::connect(&config).await?;
    migrate(&pool).await?;
    let mailer = mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?;
    let leptos_options = LeptosOptions::builder()
        .output_name("aftersale")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    Ok(AppState { pool, config: Arc::new(config), mailer, metrics: Default::default(), leptos_options })
}

/// The whole HTTP application: Leptos pages and server fns, plain routes, sessions and auth.
pub async fn router(state: AppState) -> Result<Router, String> {
    let store = sessions::store(&state.pool).await.map_err(|e| format!("session table: {e}"))?;
    let session_layer = SessionManagerLayer::new(store)
        .with_name("aftersale_session")
        .with_secure(state.config.secure_cookies())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(state.config.session_idle_hours)));
    let auth_layer = AuthManagerLayerBuilder::new(auth::Backend { pool: state.pool.clone() }, session_layer).build();

    let routes = generate_route_list(App);
    let app = Router::new()
        .route("/healthz", get(http::health::healthz))
        .route("/metrics", get(http::health::metrics))
        .route("/accounts.csv", get(http::export::accounts_csv))
        .route("/products.csv", get(http::export::products_csv))
        .route("/opportunities.csv", get(http::export::opportunities_csv))
        .route("/orders.csv", get(http::export::orders_csv))
        .route("/tickets.csv", get(http::export::tickets_csv))
        .route("/contracts.csv", get(http::export::contracts_csv))
        .route("/tickets/{id}/files", post(http::files::upload))
        .route("/tickets/{id}/files/{file}", get(http::files::employee))
        .route("/t/{token}/files/{file}", get(http::files::customer))
        .route("/shipments/{id}/delivery-note.pdf", get(http::documents::delivery_note_pdf))
        .route("/invoices.csv", get(http::export::invoices_csv))
        .route("/invoices.zip", get(http::documents::invoices_zip))
        .route("/invoices/{id}/pdf", get(http::documents::invoice_pdf))
        .route("/credit-notes/{id}/pdf", get(http::documents::credit_note_pdf))
        .route("/i/{token}/pdf", get(http::documents::customer_pdf))
        .route("/payments.csv", get(http::export::payments_csv))
        .route("/payments/reconcile/upload", post(http::bank_upload::upload))
        .route("/payments/{id}/receipt.pdf", get(http::documents::receipt_pdf))
        .route("/accounts/{id}/statement.pdf", get(http::documents::statement_pdf))
        .route("/fn/{*name}", post(server_fn_handler).get(server_fn_handler))
        .merge(http::api_v1::router())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            shell,
        ))
        .layer(axum::middleware::from_fn(http::shell::provide))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::idempotency::exactly_once))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::csrf::same_origin_only))
        .layer(auth_layer)
        .with_state(state.clone());
    Ok(http::middleware::apply(app, &state))
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// Serves `router` on `listener` until `shutdown` turns true (in-flight requests finish).
pub async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) -> std::io::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            let _ = shutdown.wait_for(|s| *s).await;
        })
        .await
}

/// `aftersale serve`: binds, starts the jobs, and runs until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> Result<(), String> {
    let addr = config.addr;
    let state = prepare(config).await?;
    let app = router(state.clone()).await?;
    let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let runner = state.config.jobs_enabled.then(|| {
        let holder = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        tokio::spawn(jobs::JobRunner::new(state.clone(), holder, jobs::builtin()).run(stop_rx.clone()))
    });
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = stop_tx.send(true);
    });
    tracing::info!(engine = db::ENGINE, "Aftersale listening on http://{addr} (open {})", state.config.base_url);
    let served = serve(listener, app, stop_rx).await;
    // Returning ends the process, so first let running jobs finish (the runner bounds the wait) and
    // a mail pass is not cut between sending a message and recording it. After a server error
    // nothing has told the runner to stop, so there is nothing to wait for.
    if let Some(runner) = runner.filter(|_| served.is_ok()) {
        if let Err(e) = runner.await {
            tracing::error!("job runner ended abnormally: {e}");
        }
    }
    served.map_err(|e| format!("server error: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
