//! Admin → Outbox: every email the app wrote, its delivery state, and its text; Retry for a
//! failed one (with JavaScript off too: a plain form post).
use crate::api::system::{list_outbox, RetryOutbox};
use crate::components::form::FormError;
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::outbox::OutboxStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let status = query.read_untracked().get("status").filter(|s| !s.is_empty());
    let before = query.read_untracked().get("before").and_then(|b| b.parse::<i64>().ok());
    let current = status.clone().unwrap_or_default();
    view! {
        <Title text="Outbox"/>
        <div class="page-header"><h1>"Email outbox"</h1></div>
        <form class="filters" method="get">
            <label for="status">"Status"</label>
            <select id="status" name="status">
                <option value="" selected=current.is_empty()>"All"</option>
                {OutboxStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=s == current.as_str()>{s.label()}</option> }).collect_view()}
            </select>
            <button type="submit">"Filter"</button>
        </form>
        {loaded(list_outbox(status, before), move |list| if list.is_empty() {
            view! { <p class="empty">"No emails here."</p> }.into_any()
        } else {
            let next = (list.len() == 50).then(|| list.last().map(|m| m.id)).flatten();
            view! {
                <div class="stack" id="outbox-list">
                    {list.into_iter().map(|m| view! {
                        <details class="panel mail" open=m.status == OutboxStatus::Failed>
                            <summary>
                                <span class=format!("badge status-{}", m.status)>{m.status.as_str()}</span>
                                <strong>{m.subject}</strong>
                                <span class="muted">" to " {m.to_addr} " · " {m.created_at}</span>
                            </summary>
                            <pre class="mail-body">{m.body_text}</pre>
                            <p class="muted">{format!("Attempts: {}", m.attempts)}
                                {m.sent_at.map(|s| format!(" · sent {s}"))}
                                {m.next_attempt_at.filter(|_| m.status == OutboxStatus::Queued).map(|t| format!(" · next try {t}"))}</p>
                            {m.last_error.map(|e| view! { <p class="mail-error"><strong>"Last error: "</strong>{e}</p> })}
                            {(m.status == OutboxStatus::Failed).then(|| view! {
                                <LiveForm action=RetryOutbox::PATH class="inline">
                                    <input type="hidden" name="id" value=m.id/>
                                    <button type="submit" class="button">"Retry"</button>
                                    <FormError/>
                                </LiveForm>
                            })}
                        </details>
                    }).collect_view()}
                </div>
                {next.map(|id| view! { <nav class="pager"><a rel="next" href=format!("/admin/outbox?before={id}")>"Older →"</a></nav> })}
            }.into_any()
        })}
    }
}
