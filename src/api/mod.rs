//! Server functions: thin adapters that authenticate the caller, call `server::service`, and
//! return DTOs. Each has a stable `/fn/<name>` URL for scripts and tests.
pub mod accounts;
pub mod assignments;
pub mod bank;
pub mod canned_replies;
pub mod contracts;
pub mod customer;
pub mod customer_contracts;
pub mod customer_tickets;
pub mod invoice_actions;
pub mod invoices;
pub mod lines;
pub mod opportunities;
pub mod payments;
pub mod products;
pub mod sales_orders;
pub mod search;
pub mod session;
pub mod settings;
pub mod support_settings;
pub mod system;
pub mod ticket_email;
pub mod tickets;
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

    /// The body of a signed-in server fn: finds the employee calling, runs `f`, and gives an
    /// error its HTTP status (`reply`). Every employee server fn goes through here so the sign-in
    /// check cannot be forgotten.
    pub async fn as_employee<T, F, Fut>(f: F) -> Result<T, AppError>
    where
        F: FnOnce(AppState, Actor) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        reply(
            async {
                let (state, actor) = actor().await?;
                f(state, actor).await
            }
            .await,
        )
    }

    /// The body of a server fn anyone may call (login, a customer's invoice link): no actor, the
    /// same error statuses.
    pub async fn as_public<T, F, Fut>(f: F) -> Result<T, AppError>
    where
        F: FnOnce(AppState) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        reply(async { f(state()?).await }.await)
    }

    /// A list page's position from its `after` / `before` cursors (a bad cursor is a field error).
    pub fn position(after: Option<&str>, before: Option<&str>) -> Result<crate::model::list::Position, AppError> {
        crate::model::list::Position::parse(after, before).map_err(|m| AppError::field("cursor", m))
    }

    /// The body of a list server fn: `as_employee` with the page's position read from its
    /// `after` / `before` cursors and the page size every list page shows (`PAGE_SIZE`), so the
    /// lists cannot differ in how they page.
    pub async fn as_lister<T, F, Fut>(after: Option<String>, before: Option<String>, f: F) -> Result<T, AppError>
    where
        F: FnOnce(AppState, Actor, crate::model::list::Position, usize) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        as_employee(|state, actor| async move {
            let at = position(after.as_deref(), before.as_deref())?;
            f(state, actor, at, crate::model::list::PAGE_SIZE).await
        })
        .await
    }

    /// What a form's server fn does once its change is made: a success message for the next page
    /// (`set_flash`) and the redirect to the page that shows the result.
    pub async fn done(message: String, to: &str) -> Result<(), AppError> {
        set_flash(message).await?;
        leptos_axum::redirect(to);
        Ok(())
    }

    pub use crate::server::flash::FLASH_KEY;

    /// A one-time message shown on the next page the user sees (success notes, a new token).
    pub async fn set_flash(message: String) -> Result<(), AppError> {
        let session: Session = leptos_axum::extract().await.map_err(AppError::internal)?;
        session.insert(FLASH_KEY, message).await.map_err(AppError::internal)
    }

    /// A one-time message that carries a secret (a new API token, a customer link): only its
    /// ciphertext rests in the session, the pad goes to the browser (`server::flash`).
    pub async fn set_sealed_flash(message: String) -> Result<(), AppError> {
        let (stored, pad) = crate::server::flash::seal(&message);
        set_flash(stored).await?;
        let state = state()?;
        let cookie = crate::server::flash::pad_cookie(&pad, state.config.secure_cookies());
        if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), axum::http::HeaderValue::from_str(&cookie)) {
            res.append_header(axum::http::header::SET_COOKIE, v);
        }
        Ok(())
    }

    /// A redirect target from a form (`next`, `back`): only a same-site path of printable ASCII —
    /// never `//host` or `/\host` (browsers read both as another site), a full URL, tabs, CR/LF
    /// (a header injection, and a panic in the `Location` header builder) or non-ASCII. Anything
    /// else goes home.
    pub fn safe_next(next: Option<&str>) -> String {
        match next {
            Some(n)
                if n.starts_with('/')
                    && !n.starts_with("//")
                    && !n.contains('\\')
                    && n.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                n.to_string()
            }
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
            assert_eq!(super::safe_next(Some("/payments?status=pending&page=2")), "/payments?status=pending&page=2");
            for bad in
                ["/\\evil.example", "/\tevil", "/a\r\nSet-Cookie: x=1", "/caf\u{e9}", "/a b", "", "evil", "/\u{0}"]
            {
                assert_eq!(super::safe_next(Some(bad)), "/", "{bad:?}");
            }
        }
    }
}
