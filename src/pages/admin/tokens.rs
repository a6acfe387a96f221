//! Admin → API tokens: create one for a user (shown once), see use, revoke.
use crate::api::tokens::{list_tokens, CreateToken, RevokeToken};
use crate::components::form::{FieldError, FormError, SubmitRow};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn TokensPage() -> impl IntoView {
    view! {
        <Title text="API tokens"/>
        {loaded(list_tokens(), move |list| view! {
            <div class="page-header"><h1>"API tokens"</h1></div>
            {if list.is_empty() {
                view! { <p class="empty">"No API tokens yet. Create one below for a script or integration."</p> }.into_any()
            } else {
                view! {
                    <table class="data" id="tokens-table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"User"</th><th scope="col">"Starts with"</th>
                            <th scope="col">"Created"</th><th scope="col">"Last used"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|t| view! {
                                <tr>
                                    <td>{t.name}</td>
                                    <td>{t.user_email}</td>
                                    <td><code>{t.prefix}"…"</code></td>
                                    <td>{t.created_at}</td>
                                    <td>{t.last_used_at.unwrap_or_else(|| "never".into())}</td>
                                    <td>{if t.revoked {
                                        view! { <span class="badge muted">"Revoked"</span> }.into_any()
                                    } else {
                                        view! {
                                            <LiveForm action=RevokeToken::PATH class="inline">
                                                <input type="hidden" name="id" value=t.id/>
                                                <button type="submit" class="link-button danger">"Revoke"</button>
                                                <FormError/>
                                            </LiveForm>
                                        }.into_any()
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <NewTokenForm/>
        }.into_any())}
    }
}

/// The create-token form: a plain form (works without JavaScript); the new token comes back as
/// the flash message of the page it returns to.
#[component]
fn NewTokenForm() -> impl IntoView {
    view! {
        <section class="panel">
            <h2>"New token"</h2>
            <p class="muted">"A token acts with its user's role. It is shown once; only a keyed hash is stored."</p>
            <LiveForm action=CreateToken::PATH class="form grid-2" id="new-token-form">
                <div class="field">
                    <label for="token-email">"User's email"</label>
                    <input id="token-email" name="email" type="email" required aria-describedby="email-error"/>
                    <FieldError field="email"/>
                </div>
                <div class="field">
                    <label for="token-name">"What it is for"</label>
                    <input id="token-name" name="name" required maxlength="100" placeholder="e.g. accounting export"
                        aria-describedby="name-error"/>
                    <FieldError field="name"/>
                </div>
                <SubmitRow label="Create token"/>
            </LiveForm>
        </section>
    }
}
