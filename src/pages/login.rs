//! The login page: an island form that works without JavaScript too.
use crate::api::session::Login;
use crate::components::form::{action_error, hydrated, FieldError, FormError};
use leptos::prelude::*;
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

/// With JavaScript the form submits in place (typed email kept on error); without it, it posts and
/// the error comes back in the URL, shown the same way.
#[island]
fn LoginForm(next: String) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let live = hydrated();
    let error = action_error(&login);
    view! {
        <ActionForm action=login attr:class="form" attr:id="login-form" attr:data-hydrated=move || live.get().to_string()>
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
            <button type="submit" class="primary" disabled=move || login.pending().get()>
                {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
            </button>
        </ActionForm>
    }
}
