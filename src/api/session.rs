//! Signing in and out, and who is signed in.
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::session::{ShellInfo, SignedInUser};

/// Signs in and redirects to `next` (a path on this site). Throttled per email and per IP.
#[server(prefix = "/fn", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::auth::AuthSession;
    super::ssr::as_public(|state| async move {
        let mut auth: AuthSession = leptos_axum::extract().await.map_err(AppError::internal)?;
        let ip = client_ip(state.config.trust_proxy).await;
        crate::server::service::login::login(&state.pool, &mut auth, &email, &password, &ip).await?;
        leptos_axum::redirect(&super::ssr::safe_next(next.as_deref()));
        Ok(())
    })
    .await
}

/// The caller's address for the login throttle. Behind a reverse proxy every request comes from
/// the proxy, so with `AFTERSALE_TRUST_PROXY` the last X-Forwarded-For entry (added by our proxy)
/// counts instead.
#[cfg(feature = "ssr")]
async fn client_ip(trust_proxy: bool) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if trust_proxy {
        let forwarded = use_context::<axum::http::request::Parts>().and_then(|p| {
            let v = p.headers.get("x-forwarded-for")?.to_str().ok()?;
            v.rsplit(',').next().map(|ip| ip.trim().to_string()).filter(|ip| !ip.is_empty())
        });
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".into())
}

#[server(prefix = "/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::AuthSession;
    let mut auth: AuthSession = leptos_axum::extract().await.map_err(AppError::internal)?;
    crate::server::service::login::logout(&mut auth).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The shell info of the request being rendered (server side; islands never call this).
pub fn shell_info() -> ShellInfo {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<ShellInfo>().cloned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        ShellInfo::default()
    }
}
