//! Server functions: thin adapters that authenticate the caller, call `server::service`, and
//! return DTOs. Each has a stable `/fn/<name>` URL for scripts and tests.
pub mod accounts;
pub mod assignments;
pub mod bank;
pub mod customer;
pub mod invoice_actions;
pub mod invoices;
pub mod lines;
pub mod opportunities;
pub mod orders;
pub mod payments;
pub mod products;
pub mod session;
pub mod settings;
pub mod system;
pub mod tokens;
pub mod users;

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Helpers the server fns share: who is calling, flash messages, and HTTP status on errors.
    use crate::error::AppError;
    use crate::server::auth::{Actor, AuthSession};
    use crate::server::state::AppState;
    use axum::http::{request::Parts, Method, StatusCode};
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;
    use tower_sessions::Session;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
    }

    /// The signed-in employee, or `Unauthorized`.
    pub async fn actor() -> Result<(AppState, Actor), AppError> {
        let auth: AuthSession = leptos_axum::extract().await.map_err(AppError::internal)?;
        let user = auth.user.as_ref().ok_or(AppError::Unauthorized)?;
        Ok((state()?, Actor::from(user)))
    }

    /// Gives an error its HTTP status — except for a plain HTML form post, whose answer must stay
    /// the redirect back to the form (the error travels in the URL and shows beside the field).
    pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result {
            let form_post = use_context::<Parts>().is_some_and(|p| {
                p.method == Method::POST
                    && p.headers.get("accept").and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
            });
            if !form_post {
                if let Some(res) = use_context::<ResponseOptions>() {
                    res.set_status(StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
                }
            }
        }
        result
    }

    pub const FLASH_KEY: &str = "flash";

    /// A one-time message shown on the next page the user sees (success notes, a new token).
    pub async fn set_flash(message: String) -> Result<(), AppError> {
        let session: Session = leptos_axum::extract().await.map_err(AppError::internal)?;
        session.insert(FLASH_KEY, message).await.map_err(AppError::internal)
    }

    /// A redirect target from a form: only same-site paths, never `//host` or a full URL.
    pub fn safe_next(next: Option<&str>) -> String {
        match next {
            Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
            _ => "/".to_string(),
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn next_is_kept_on_site() {
            assert_eq!(super::safe_next(Some("/admin/users")), "/admin/users");
            assert_eq!(super::safe_next(Some("//evil.example")), "/");
            assert_eq!(super::safe_next(Some("https://evil.example")), "/");
            assert_eq!(super::safe_next(None), "/");
        }
    }
}
