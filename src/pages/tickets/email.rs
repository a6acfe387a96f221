//! The unmatched email: messages from senders who are no account's contact (or several
//! accounts'), oldest first, each with its text and a form to file it on an account — it becomes
//! a ticket and the sender a contact there — or to discard it. Plain forms the `LiveForm` islands
//! post, so it works without JavaScript too.
use crate::api::ticket_email::{unmatched_email, DiscardUnmatchedEmail, FileUnmatchedEmail};
use crate::components::form::{FieldError, FormKey, SubmitRow};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::display::datetime;
use crate::model::inbound_email::UnmatchedEmail;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn UnmatchedEmailPage() -> impl IntoView {
    view! {
        <Title text="Unmatched email"/>
        {loaded(unmatched_email(), |page| view! {
            <div class="page-header">
                <h1>"Unmatched email"</h1>
                <a class="button" href="/tickets">"Tickets"</a>
            </div>
            <p class="hint">"Messages to support from senders we could not place: pick the account and the message becomes its ticket (the sender its contact), or discard it."</p>
            {if page.emails.is_empty() {
                view! { <p class="empty" id="no-unmatched">"Nothing waiting: every message found its ticket."</p> }.into_any()
            } else {
                view! {
                    <ol class="plain-list" id="unmatched-emails">
                        {page.emails.into_iter().map(|e| view! { <Unmatched e accounts=page.accounts.clone()/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        })}
    }
}

#[component]
fn Unmatched(e: UnmatchedEmail, accounts: Vec<(i64, String)>) -> impl IntoView {
    let select_id = format!("file-account-{}", e.id);
    view! {
        <li class="panel unmatched-email">
            <h2>{if e.subject.is_empty() { "(no subject)".to_string() } else { e.subject.clone() }}</h2>
            <p class="muted">{format!("{} <{}> · {}", e.from_name, e.from_email, datetime(e.received_at))}</p>
            <p class="muted">{e.note.clone()}</p>
            <div class="prewrap quote">{e.body.clone()}</div>
            <div class="actions">
                <LiveForm action=FileUnmatchedEmail::PATH class="form inline">
                    <input type="hidden" name="id" value=e.id/>
                    <FormKey/>
                    <label for=select_id.clone()>"Account"</label>
                    <select id=select_id name="account_id" required aria-describedby="account_id-error">
                        <option value="">"— choose —"</option>
                        {accounts.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <FieldError field="account_id"/>
                    <SubmitRow label="Make it a ticket"/>
                </LiveForm>
                <LiveForm action=DiscardUnmatchedEmail::PATH class="form inline">
                    <input type="hidden" name="id" value=e.id/>
                    <FormKey/>
                    <button type="submit">"Discard"</button>
                </LiveForm>
            </div>
        </li>
    }
}
