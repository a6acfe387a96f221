//! A ticket's conversation, oldest first: public replies (the customer sees them) and internal
//! notes (never shown or sent outside), each labelled so they cannot be mistaken for each other;
//! and the form that adds one — a reply or a note for those who work tickets, notes only for sales.
use crate::api::tickets::AddTicketComment;
use crate::components::form::{FormKey, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::display::datetime;
use crate::model::ticket::{Channel, CommentDto};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn Conversation(
    id: i64,
    comments: Vec<CommentDto>,
    can_work: bool,
    can_note: bool,
    /// Canned replies to start from: (id, title).
    canned: Vec<(i64, String)>,
    /// The reply's starting text.
    draft: String,
) -> impl IntoView {
    view! {
        <section class="panel" id="conversation">
            <h2>"Conversation"</h2>
            {if comments.is_empty() {
                view! { <p class="empty">"No replies or notes yet."</p> }.into_any()
            } else {
                view! { <ol class="comments">{comments.into_iter().map(|c| view! { <Comment c/> }).collect_view()}</ol> }.into_any()
            }}
            {(!canned.is_empty()).then(|| view! { <CannedPicker id canned/> })}
            {can_note.then(|| view! { <CommentEditor id can_work draft/> })}
        </section>
    }
}

#[component]
fn Comment(c: CommentDto) -> impl IntoView {
    let (class, label) = match (c.public, c.author_user_id) {
        (false, _) => ("comment internal", "Internal note"),
        (true, None) => ("comment public customer", "From the customer"),
        (true, Some(_)) => ("comment public", "Public reply"),
    };
    let via = (c.source != Channel::Web).then(|| format!(" · via {}", c.source.label().to_lowercase()));
    view! {
        <li class=class>
            <div class="comment-head">
                <span class="comment-kind">{label}</span>
                <strong>{c.author_name.clone()}</strong>
                <time datetime=c.created_at.to_rfc3339()>{datetime(c.created_at)}{via}</time>
            </div>
            <div class="prewrap comment-body">{c.body.clone()}</div>
        </li>
    }
}

/// Starts the reply from a canned reply: a plain GET form that reloads the page with the text
/// filled in for this ticket (works without JavaScript; nothing is sent until the agent submits).
#[component]
fn CannedPicker(id: i64, canned: Vec<(i64, String)>) -> impl IntoView {
    view! {
        <form class="inline-form" method="get" action=format!("/tickets/{id}#comment-form") id="canned-picker">
            <label for="canned-choice">"Start from a canned reply"</label>
            <select id="canned-choice" name="canned">
                {canned.into_iter().map(|(cid, title)| view! { <option value=cid>{title}</option> }).collect_view()}
            </select>
            <button type="submit">"Use"</button>
        </form>
    }
}

/// A reply or an internal note. Unticked, the box makes a note: a slip never reaches the customer.
#[component]
fn CommentEditor(id: i64, can_work: bool, draft: String) -> impl IntoView {
    view! {
        <LiveForm action=AddTicketComment::PATH class="form" id="comment-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <TextField id="comment-body" name="form[body]" field="body" value=draft
                label=if can_work { "Reply or internal note" } else { "Internal note" } multiline=true/>
            {if can_work {
                view! {
                    <label class="check"><input type="checkbox" id="comment-public" name="form[public]" value="on"/>
                        " Public reply (sent to the customer)"</label>
                    <p class="hint">"Left unticked, this is an internal note: only employees see it."</p>
                }.into_any()
            } else {
                view! { <p class="hint">"Internal notes are seen by employees only, never by the customer."</p> }.into_any()
            }}
            <SubmitRow label="Add to the conversation"/>
        </LiveForm>
    }
}
