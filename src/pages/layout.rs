//! The app shell for signed-in employees: header with the search box, the grouped navigation by
//! permission (a left column on wide screens, a Menu that opens on phones — plain HTML and CSS,
//! no island), flash, content.
use crate::api::session::{shell_info, Logout, SignedInUser};
use crate::components::notice::Flash;
use crate::model::navigation::{current, visible, NavGroup, NAV};
use crate::model::search_view::MAX_QUERY_CHARS;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_query_map};

/// The shell of every employee page: header and navigation for the signed-in user, the flash
/// message, then the page. Strangers are sent to the login page with `next` set. No async work
/// here: the shell's data arrives with the request (see `server::http::shell`).
#[component]
pub fn AppLayout() -> impl IntoView {
    let info = shell_info();
    let Some(user) = info.user else {
        let location = use_location();
        let search: String = location.search.get_untracked().chars().take(500).collect();
        let path = location.pathname.get_untracked();
        let here = if search.is_empty() { path } else { format!("{path}?{search}") };
        let target = format!("/login?next={}", urlencode(&here));
        #[cfg(feature = "ssr")]
        redirect_page(&target);
        return view! { <main class="center-page"><p>"Please " <a href=target>"sign in"</a> "."</p></main> }.into_any();
    };
    let path = use_location().pathname.get_untracked();
    // The search page keeps what was searched in the box; elsewhere it starts empty.
    let q =
        if path == "/search" { use_query_map().get_untracked().get("q").unwrap_or_default() } else { String::new() };
    let groups = visible(NAV, |p| user.can(p));
    let here = current(&groups, &path).map(str::to_string);
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <TopBar user q/>
        <div class="shell">
            <SideNav groups here/>
            <main id="content" tabindex="-1">
                <Flash message=info.flash/>
                <Outlet/>
            </main>
        </div>
    }
    .into_any()
}

/// A real 302 for a page request, whatever its Accept header (leptos_axum::redirect only sets
/// the status when the client asked for HTML).
#[cfg(feature = "ssr")]
pub(crate) fn redirect_page(target: &str) {
    use axum::http::{header, HeaderValue, StatusCode};
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(target)) {
        res.set_status(StatusCode::FOUND);
        res.insert_header(header::LOCATION, value);
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Brand, the search box (a GET form to `/search`, so it works without JavaScript), and who is
/// signed in with the Sign out button.
#[component]
fn TopBar(user: SignedInUser, q: String) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Aftersale"</a>
            <form class="shell-search" role="search" action="/search" method="get">
                // Not "accounts" in the name: the payment form's page-wide `getByLabel("Account")`
                // (end2end/tests/payments.spec.ts) matches any label containing the word.
                <input id="shell-q" type="search" name="q" value=q maxlength=MAX_QUERY_CHARS.to_string()
                    aria-label="Search customers and document numbers" placeholder="Customer or INV-2026-…"/>
                <button type="submit">"Search"</button>
            </form>
            <div class="me">
                <span class="me-name">{user.name.clone()}</span>
                <span class="badge">{user.role.label()}</span>
                <ActionForm action=logout attr:class="inline">
                    <button type="submit" class="link-button">"Sign out"</button>
                </ActionForm>
            </div>
        </header>
    }
}

/// The navigation's groups as lists under their titles; the link for this page carries
/// `aria-current="page"`. Inside a `<details>`: on phones it is the "Menu" that opens without
/// JavaScript; from 800px wide the stylesheet keeps it open as the left column.
#[component]
fn SideNav(groups: Vec<NavGroup>, here: Option<String>) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str, here: &Option<String>| {
        let current = (here.as_deref() == Some(href)).then_some("page");
        view! { <li><a href=href aria-current=current>{label}</a></li> }
    };
    view! {
        <details class="nav-menu">
            <summary>"Menu"</summary>
            <nav aria-label="Main" class="sidenav">
                {groups
                    .into_iter()
                    .map(|g| {
                        let items = g.links.iter().map(|l| link(l.href, l.label, &here)).collect_view();
                        if g.title.is_empty() {
                            view! { <ul class="nav-group">{items}</ul> }.into_any()
                        } else {
                            let id = format!("nav-{}", g.title.to_lowercase());
                            view! {
                                <p class="nav-group-title" id=id.clone()>{g.title}</p>
                                <ul class="nav-group" aria-labelledby=id>{items}</ul>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()}
            </nav>
        </details>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_paths_are_url_encoded() {
        assert_eq!(super::urlencode("/admin/users?q=a b&x=1"), "/admin/users%3Fq%3Da%20b%26x%3D1");
    }
}
