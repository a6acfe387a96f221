//! Cross-site request refusal: a state-changing request that a browser would send with the session
//! cookie (server fns under `/fn/*`, the login and logout, multipart uploads, every form post) must
//! come from a page of this app. SameSite=Lax alone lets a sibling subdomain and top-level form posts
//! from old browsers through, so the request's `Origin` is compared with the app's own origin.
//!
//! The REST API (`/api/v1`) is authenticated by bearer tokens only, which a browser never attaches
//! by itself, so it is not checked here.
use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses unsafe requests that do not prove they come from this app's own pages (403).
pub async fn same_origin_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let own = own_origins(req.headers(), &state.config.base_url, state.config.trust_proxy);
    match verdict(req.headers(), &own) {
        Ok(()) => next.run(req).await,
        Err(why) => {
            tracing::warn!(path = %req.uri().path(), "cross-site request refused: {why}");
            refuse(req.headers(), why)
        }
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// The origins (`scheme://host[:port]`) this app answers as: the configured base URL's, and the host
/// the browser addressed (`Host`, or `X-Forwarded-Host`/`-Proto` behind a trusted proxy) — an
/// attacker's page cannot choose the `Host` of a request the victim's browser sends to us.
pub fn own_origins(headers: &HeaderMap, base_url: &str, trust_proxy: bool) -> Vec<String> {
    let mut own = Vec::with_capacity(3);
    if let Some(o) = origin_of(base_url) {
        own.push(o);
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let forwarded_host = trust_proxy.then(|| text("x-forwarded-host")).flatten();
    if let Some(host) = forwarded_host.or_else(|| text(header::HOST.as_str())).filter(|h| !h.is_empty()) {
        let proto = trust_proxy.then(|| text("x-forwarded-proto")).flatten();
        match proto {
            Some(p) => own.push(format!("{}://{}", p.to_ascii_lowercase(), host.to_ascii_lowercase())),
            None => {
                own.push(format!("http://{}", host.to_ascii_lowercase()));
                own.push(format!("https://{}", host.to_ascii_lowercase()));
            }
        }
    }
    own
}

/// `scheme://host[:port]` of an absolute URL, lower-cased; `None` for anything else.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if scheme.is_empty() || authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
}

/// Why a request is refused, or `Ok` when it is provably same-origin: `Origin` decides when present
/// (`null` included); without it, `Sec-Fetch-Site: same-origin`, else a `Referer` on our origin.
/// A request with none of the three is refused: every browser in use sends at least one on a post.
pub fn verdict(headers: &HeaderMap, own: &[String]) -> Result<(), &'static str> {
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}").trim());
    if let Some(origin) = text(header::ORIGIN) {
        let origin = origin.to_ascii_lowercase();
        return if own.contains(&origin) { Ok(()) } else { Err("Origin is another site") };
    }
    if let Some(site) = headers.get("sec-fetch-site").map(|v| v.to_str().unwrap_or("")) {
        return if site == "same-origin" { Ok(()) } else { Err("Sec-Fetch-Site is not same-origin") };
    }
    match text(header::REFERER) {
        Some(referer) => match origin_of(referer) {
            Some(o) if own.contains(&o) => Ok(()),
            _ => Err("Referer is another site"),
        },
        None => Err("no Origin, Sec-Fetch-Site or Referer"),
    }
}

fn refuse(headers: &HeaderMap, why: &'static str) -> Response {
    let html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if html {
        let page = "<!doctype html><title>Refused</title><h1>Request refused</h1>\
            <p>This form was sent from another site, so nothing was changed. Open the page in Aftersale and try again.</p>\
            <p><a href=\"/\">Home</a></p>";
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
    } else {
        let body = serde_json::json!({ "error": format!("cross-site request refused: {why}"), "code": "cross_site" });
        (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn own(pairs: &[(&'static str, &str)]) -> Vec<String> {
        own_origins(&headers(pairs), "https://app.example.com", false)
    }

    #[test]
    fn the_apps_own_origin_passes() {
        let o = own(&[("host", "app.example.com")]);
        assert!(verdict(&headers(&[("origin", "https://app.example.com")]), &o).is_ok());
        assert!(verdict(&headers(&[("origin", "HTTPS://App.Example.com")]), &o).is_ok());
        let local = own(&[("host", "127.0.0.1:4000")]);
        assert!(verdict(&headers(&[("origin", "http://127.0.0.1:4000")]), &local).is_ok());
    }

    #[test]
    fn another_site_a_sibling_subdomain_and_null_are_refused() {
        let o = own(&[("host", "app.example.com")]);
        for bad in ["https://evil.example", "https://evil.app.example.com", "https://app.example.com.evil.io", "null"] {
            assert!(verdict(&headers(&[("origin", bad)]), &o).is_err(), "{bad}");
        }
        let local = own(&[("host", "127.0.0.1:4000")]);
        assert!(verdict(&headers(&[("origin", "http://127.0.0.1:4001")]), &local).is_err());
    }

    #[test]
    fn without_origin_fetch_metadata_or_referer_decide() {
        let o = own(&[("host", "app.example.com")]);
        assert!(verdict(&headers(&[("sec-fetch-site", "same-origin")]), &o).is_ok());
        assert!(verdict(&headers(&[("sec-fetch-site", "same-site")]), &o).is_err());
        assert!(verdict(&headers(&[("sec-fetch-site", "cross-site")]), &o).is_err());
        assert!(verdict(&headers(&[("referer", "https://app.example.com/invoices/4")]), &o).is_ok());
        assert!(verdict(&headers(&[("referer", "https://app.example.com.evil.io/x")]), &o).is_err());
        assert!(verdict(&headers(&[]), &o).is_err());
    }

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let h =
            headers(&[("host", "10.0.0.5:3000"), ("x-forwarded-host", "evil.example"), ("x-forwarded-proto", "https")]);
        assert!(!own_origins(&h, "https://app.example.com", false).contains(&"https://evil.example".to_string()));
        assert!(own_origins(&h, "https://app.example.com", true).contains(&"https://evil.example".to_string()));
    }
}
