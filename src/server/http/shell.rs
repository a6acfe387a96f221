//! Puts the page shell's data (signed-in user, one-time flash message) into page requests before
//! Leptos renders them; `api::session::shell_info` reads it back. Authorization stays in each
//! page's server fn: this only decides what the header shows.
use crate::model::session::{ShellInfo, SignedInUser};
use crate::server::auth::AuthSession;
use crate::server::flash::{self, FLASH_KEY};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
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
        // A sealed message opens with the pad its action gave the browser; the pad is then spent.
        let (flash, spent_pad) = match flash {
            Some(f) if flash::is_sealed(&f) => {
                (flash::pad_from(req.headers()).and_then(|pad| flash::unseal(&f, &pad)), true)
            }
            other => (other, false),
        };
        req.extensions_mut().insert(ShellInfo { user, flash });
        let mut res = next.run(req).await;
        if spent_pad {
            if let Ok(v) = HeaderValue::from_str(&flash::clear_pad_cookie()) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        return res;
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
