//! Puts the page shell's data (signed-in user, one-time flash message) into page requests before
//! Leptos renders them; `api::session::shell_info` reads it back. Authorization stays in each
//! page's server fn: this only decides what the header shows.
use crate::api::session::{ShellInfo, SignedInUser};
use crate::api::ssr::FLASH_KEY;
use crate::server::auth::AuthSession;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

/// Paths that are never Leptos pages: no session work for them.
const NOT_PAGES: &[&str] = &["/pkg/", "/fn/", "/api/", "/healthz", "/metrics", "/favicon"];

pub async fn provide(auth: AuthSession, session: Session, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() == Method::GET && !NOT_PAGES.iter().any(|p| path.starts_with(p)) {
        let user = auth.user.as_ref().map(|u| SignedInUser {
            id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role,
        });
        // Only a signed-in page shows (and so consumes) the flash. Look before removing:
        // `remove` marks the session changed, which would write it back on every page view.
        let flash = match user {
            Some(_) => take_flash(&session).await,
            None => None,
        };
        req.extensions_mut().insert(ShellInfo { user, flash });
    }
    next.run(req).await
}

async fn take_flash(session: &Session) -> Option<String> {
    match session.get::<String>(FLASH_KEY).await {
        Ok(Some(_)) => session.remove::<String>(FLASH_KEY).await.ok().flatten(),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!("flash message unreadable: {e}");
            None
        }
    }
}
