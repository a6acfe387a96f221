//! The login page: a server-rendered form (posted by the `LiveForm` island) that works without
//! JavaScript too.
use crate::api::session::Login;
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = use_query_map().read_untracked().get("next").unwrap_or_else(|| "/".into());
    view! {
        <Title text="Sign in"/>
        <main class="center-page">
            <section class="panel login">
                <h1 class="brand-large">"Aftersale"</h1>
                <p class="muted">"Sign in with your work email."</p>
                <LoginForm next/>
            </section>
        </main>
    }
}

/// Server-rendered; with JavaScript the `LiveForm` island posts it in place (typed email kept on
/// error) and follows the redirect to `next`; without it, it posts and the error comes back in the
/// URL, which this component reads and shows in the same alert.
#[component]
fn LoginForm(next: String) -> impl IntoView {
    let error = Signal::stored(url_error());
    view! {
        <LiveForm action=Login::PATH class="form" id="login-form">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required
                    aria-describedby="email-error"/>
                <FieldError error field="email"/>
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-describedby="password-error"/>
                <FieldError error field="password"/>
            </div>
            <FormError error/>
            <button type="submit" class="primary">"Sign in"</button>
        </LiveForm>
    }
}

/// The error of a plain (no-JavaScript) post of this form: the server fn sent the browser back here
/// with it in the URL (`__path` / `__err`), which the router provides as `ServerActionError`.
fn url_error() -> Option<AppError> {
    use leptos::server::ServerActionError;
    use leptos::server_fn::error::ServerFnUrlError;
    use_context::<ServerActionError>()
        .filter(|e| e.path() == Login::PATH)
        .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err()))
}
