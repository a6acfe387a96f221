//! The page a customer opens from a ticket's link: no sign-in, no navigation — where the ticket
//! stands, the public replies (internal notes never reach this page), a reply form, and once the
//! ticket is resolved a 1–5 rating. A bad link is a plain "not found".
use crate::api::customer_tickets::{get_customer_ticket, RateCustomerTicket, ReplyCustomerTicket};
use crate::components::form::{FieldError, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::customer_ticket::{CustomerComment, CustomerTicket};
use crate::model::display::{datetime, file_size};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerTicketPage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    view! {
        {Suspend::new(async move {
            match get_customer_ticket(token.clone()).await {
                Err(_) => view! {
                    <Title text="Not found"/>
                    <main class="center-page"><section class="panel"><h1>"Not found"</h1>
                        <p>"This link does not lead to a ticket. It may have expired: ask the sender for a new one."</p>
                    </section></main>
                }.into_any(),
                Ok(v) => view! { <Ticket v token=token.clone()/> }.into_any(),
            }
        })}
    }
}

#[component]
fn Ticket(v: CustomerTicket, token: String) -> impl IntoView {
    let company = v.company.clone();
    view! {
        <Title text=format!("Ticket {}", v.number)/>
        <main class="customer-page">
            <header class="detail-header">
                <div>
                    <p class="muted">{v.company.clone()}</p>
                    <h1>{v.subject.clone()}</h1>
                    <p class="muted">"Ticket "{v.number.clone()}" · "<span id="customer-status">{v.status.clone()}</span></p>
                </div>
            </header>
            <section class="panel" id="conversation">
                <h2>"Conversation"</h2>
                {v.request.clone().map(|r| view! {
                    <div class="comment public customer" id="customer-request">
                        <div class="comment-head"><span class="comment-kind">"Your request"</span></div>
                        <div class="prewrap comment-body">{r}</div>
                    </div>
                })}
                {if v.comments.is_empty() {
                    view! { <p class="empty" id="no-replies">"No replies yet: we answer here, and by email."</p> }.into_any()
                } else {
                    view! {
                        <ol class="comments">
                            {v.comments.into_iter().map(|c| view! { <Comment c company=company.clone()/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            {(!v.files.is_empty()).then(|| view! {
                <section class="panel" id="customer-files">
                    <h2>"Files"</h2>
                    <ul class="plain-list">
                        {v.files.iter().map(|f| view! {
                            <li><a href=format!("/t/{token}/files/{}", f.id) download>{f.name.clone()}</a>
                                " · " {file_size(f.size_bytes)}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {if v.can_rate {
                view! { <section class="panel" id="rating"><h2>"How did we do?"</h2><RatingForm token=token.clone()/></section> }.into_any()
            } else {
                v.rating.map(|r| view! {
                    <section class="panel" id="rating">
                        <h2>"Your rating"</h2>
                        <p id="rating-given">{format!("{r} of 5 — thank you.")}</p>
                        {v.rating_comment.clone().map(|c| view! { <p class="prewrap">{c}</p> })}
                    </section>
                }).into_any()
            }}
            <section class="panel" id="reply">
                <h2>"Reply"</h2>
                {match (v.closed, v.follow_up.clone()) {
                    (true, Some(n)) => Some(view! {
                        <p id="follow-up">"This ticket is closed. Your message opened ticket "<strong>{n}</strong>
                            ", which continues it: we answer there, and what you write here goes to it."</p>
                    }.into_any()),
                    (true, None) => Some(view! {
                        <p class="hint">"This ticket is closed. Writing here opens a new ticket that continues it."</p>
                    }.into_any()),
                    _ => None,
                }}
                <ReplyForm token/>
            </section>
        </main>
    }
}

#[component]
fn Comment(c: CustomerComment, company: String) -> impl IntoView {
    let (class, kind) =
        if c.from_customer { ("comment public customer", "You".to_string()) } else { ("comment public", company) };
    view! {
        <li class=class>
            <div class="comment-head">
                <span class="comment-kind">{kind}</span>
                <strong>{c.author_name.clone()}</strong>
                <time datetime=c.at.to_rfc3339()>{datetime(c.at)}</time>
            </div>
            <div class="prewrap comment-body">{c.body.clone()}</div>
        </li>
    }
}

/// The customer's answer: a plain form posted by the `LiveForm` island (or by the browser without
/// JavaScript); the server fn redirects back to this page, which then shows it in the thread.
#[component]
fn ReplyForm(token: String) -> impl IntoView {
    view! {
        <LiveForm action=ReplyCustomerTicket::PATH class="form" id="reply-form">
            <input type="hidden" name="token" value=token/>
            <TextField id="reply-body" name="body" field="body" label="Your message" multiline=true required=true/>
            <SubmitRow label="Send"/>
        </LiveForm>
    }
}

/// One to five, with an optional comment; once.
#[component]
fn RatingForm(token: String) -> impl IntoView {
    let choice = |n: u8| match n {
        1 => "1 — very unhappy".to_string(),
        5 => "5 — very happy".to_string(),
        n => n.to_string(),
    };
    view! {
        <LiveForm action=RateCustomerTicket::PATH class="form" id="rating-form">
            <input type="hidden" name="token" value=token/>
            <fieldset class="field" aria-describedby="rating-error">
                <legend>"How satisfied are you with how we handled this? *"</legend>
                <div class="actions">
                    {(1..=5u8).map(|n| view! {
                        <label class="check"><input type="radio" id=format!("rating-{n}") name="rating" value=n.to_string()/>
                            {choice(n)}</label>
                    }).collect_view()}
                </div>
                <FieldError field="rating"/>
            </fieldset>
            <TextField id="rating-comment" name="comment" field="comment" label="Anything you would like to tell us? (optional)"
                multiline=true/>
            <SubmitRow label="Send rating"/>
        </LiveForm>
    }
}
