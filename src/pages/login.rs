//! The login page: a server-rendered form (posted by the `LiveForm` island) that works without
//! JavaScript too.
use crate::api::session::Login;
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
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
/// URL, which the error slots read (`form::posted_error`) and show in the same alert.
#[component]
fn LoginForm(next: String) -> impl IntoView {
    view! {
        <LiveForm action=Login::PATH class="form" id="login-form">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required
                    aria-describedby="email-error"/>
                <FieldError field="email"/>
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-describedby="password-error"/>
                <FieldError field="password"/>
            </div>
            <FormError/>
            <button type="submit" class="primary">"Sign in"</button>
        </LiveForm>
    }
}
