//! Admin → Canned replies: the texts support sends again and again (placeholders {customer},
//! {ticket}, {agent}, {company}), each editable in place, a new one, and deleting one. Plain forms
//! the `LiveForm` islands post, so the page works without JavaScript too.
use crate::api::canned_replies::{canned_replies, DeleteCannedReply, SaveCannedReply};
use crate::components::form::{FormKey, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::canned_reply::CannedReplyDto;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const HINT: &str = "Placeholders: {customer} (the contact, else the account), {ticket} (its number), {agent} (who replies), {company}.";

#[component]
pub fn CannedRepliesPage() -> impl IntoView {
    view! {
        <Title text="Canned replies"/>
        {loaded(canned_replies(), |replies| view! {
            <div class="page-header"><h1>"Canned replies"</h1></div>
            <section class="panel">
                <h2>"New canned reply"</h2>
                <CannedEditor reply=None/>
            </section>
            {if replies.is_empty() {
                view! { <p class="empty" id="no-canned">"None yet: the texts you write here are offered on every ticket's reply form."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="canned-replies">
                        {replies.into_iter().map(|r| view! {
                            <li class="panel">
                                <details class="edit">
                                    <summary>{r.title.clone()}</summary>
                                    <CannedEditor reply=Some(r.clone())/>
                                    <LiveForm action=DeleteCannedReply::PATH class="form inline">
                                        <input type="hidden" name="id" value=r.id/>
                                        <FormKey/>
                                        <button type="submit">"Delete"</button>
                                    </LiveForm>
                                </details>
                                <p class="prewrap muted">{r.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        }.into_any())}
    }
}

#[component]
fn CannedEditor(reply: Option<CannedReplyDto>) -> impl IntoView {
    let key = reply.as_ref().map_or("new".to_string(), |r| r.id.to_string());
    let (id, title, body) = match reply {
        Some(r) => (r.id.to_string(), r.title, r.body),
        None => (String::new(), String::new(), String::new()),
    };
    view! {
        <LiveForm action=SaveCannedReply::PATH class="form" id=format!("canned-form-{key}")>
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <TextField id=format!("canned-title-{key}") name="form[title]" field="title" label="Title" value=title required=true/>
            <TextField id=format!("canned-body-{key}") name="form[body]" field="body" label="Text" value=body required=true
                multiline=true hint=HINT/>
            <SubmitRow label="Save"/>
        </LiveForm>
    }
}
