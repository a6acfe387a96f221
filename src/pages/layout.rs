//! The app shell for signed-in employees: header, navigation by permission, flash, content.
use crate::api::session::{shell_info, Logout, SignedInUser};
use crate::components::notice::Flash;
use crate::model::permissions::Permission;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

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
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <TopBar user/>
        <main id="content" tabindex="-1">
            <Flash message=info.flash/>
            <Outlet/>
        </main>
    }
    .into_any()
}

/// A real 302 for a page request, whatever its Accept header (leptos_axum::redirect only sets
/// the status when the client asked for HTML).
#[cfg(feature = "ssr")]
fn redirect_page(target: &str) {
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

#[component]
fn TopBar(user: SignedInUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let admin = user.can(Permission::ManageUsers);
    let system = user.can(Permission::ViewSystem);
    let tokens = user.can(Permission::ManageApiTokens);
    let crm = user.can(Permission::ViewCrm);
    let settings = user.can(Permission::ManageSettings);
    let reassign = user.can(Permission::Reassign);
    let orders = user.can(Permission::ViewOrders);
    let invoices = user.can(Permission::ViewInvoices);
    let payments = user.can(Permission::ViewPayments);
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Aftersale"</a>
            <nav aria-label="Main">
                <ul>
                    <li><a href="/">"Dashboard"</a></li>
                    {crm.then(|| view! { <li><a href="/accounts">"Accounts"</a></li> })}
                    {crm.then(|| view! { <li><a href="/opportunities">"Opportunities"</a></li> })}
                    {orders.then(|| view! { <li><a href="/orders">"Orders"</a></li> })}
                    {invoices.then(|| view! { <li><a href="/invoices">"Invoices"</a></li> })}
                    {payments.then(|| view! { <li><a href="/payments">"Payments"</a></li> })}
                    {payments.then(|| view! { <li><a href="/payments/reconcile">"Bank"</a></li> })}
                    {crm.then(|| view! { <li><a href="/products">"Products"</a></li> })}
                    {reassign.then(|| view! { <li><a href="/assignments">"Assignments"</a></li> })}
                    {admin.then(|| view! { <li><a href="/admin/users">"Users"</a></li> })}
                    {tokens.then(|| view! { <li><a href="/admin/tokens">"API tokens"</a></li> })}
                    {settings.then(|| view! { <li><a href="/admin/settings">"Settings"</a></li> })}
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
        assert_eq!(super::urlencode("/admin/users?q=a b&x=1"), "/admin/users%3Fq%3Da%20b%26x%3D1");
    }
}
