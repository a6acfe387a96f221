//! The app shell for signed-in employees: header, navigation by permission, flash, content.
use crate::api::session::{shell_data, Logout, SignedInUser};
use crate::components::notice::{ErrorPanel, Flash};
use crate::model::permissions::Permission;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// Loads the signed-in user (and the one-time flash message) in one server call; anyone else is
/// sent to the login page with `next` set. The page itself renders beside, not inside, this
/// Suspense: each page loads its own data and checks its own permission.
#[component]
pub fn AppLayout() -> impl IntoView {
    let shell = Resource::new_blocking(|| (), |_| shell_data());
    let location = use_location();
    let search: String = location.search.get_untracked().chars().take(500).collect();
    let path = location.pathname.get_untracked();
    let here = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <Suspense fallback=|| view! { <header class="topbar"><a class="brand" href="/">"Aftersale"</a></header> }>
            {move || {
                let here = here.clone();
                Suspend::new(async move {
                    match shell.await {
                        Ok(Some(data)) => view! { <TopBar user=data.user/> }.into_any(),
                        Ok(None) => {
                            let target = format!("/login?next={}", urlencode(&here));
                            #[cfg(feature = "ssr")]
                            redirect_page(&target);
                            view! { <p>"Please " <a href=target>"sign in"</a> "."</p> }.into_any()
                        }
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <main id="content" tabindex="-1">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let message = shell.await.ok().flatten().and_then(|d| d.flash);
                    view! { <Flash message/> }
                })}
            </Suspense>
            <Outlet/>
        </main>
    }
}

/// A real 302 for a page request, whatever its Accept header (leptos_axum::redirect only sets
/// the status when the client asked for HTML).
#[cfg(feature = "ssr")]
fn redirect_page(target: &str) {
    use axum::http::{header, HeaderValue, StatusCode};
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(target),
    ) {
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

#[component]
fn TopBar(user: SignedInUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let admin = user.can(Permission::ManageUsers);
    let system = user.can(Permission::ViewSystem);
    let tokens = user.can(Permission::ManageApiTokens);
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Aftersale"</a>
            <nav aria-label="Main">
                <ul>
                    <li><a href="/">"Dashboard"</a></li>
                    {admin.then(|| view! { <li><a href="/admin/users">"Users"</a></li> })}
                    {tokens.then(|| view! { <li><a href="/admin/tokens">"API tokens"</a></li> })}
                    {system.then(|| view! { <li><a href="/admin/outbox">"Outbox"</a></li> })}
                    {system.then(|| view! { <li><a href="/admin/jobs">"Jobs"</a></li> })}
                </ul>
            </nav>
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

#[cfg(test)]
mod tests {
    #[test]
    fn next_paths_are_url_encoded() {
        assert_eq!(
            super::urlencode("/admin/users?q=a b&x=1"),
            "/admin/users%3Fq%3Da%20b%26x%3D1"
        );
    }
}
