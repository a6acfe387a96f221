//! One ticket: header with its status, priority and SLA badges and the actions the machine
//! allows (resolving asks for a note), the description and conversation, the facts with the
//! assign form, both SLA clocks, the edit form and the timeline.
use super::clocks::SlaClocks;
use super::conversation::Conversation;
use super::{PriorityBadge, SlaBadge, TicketStatusBadge};
use crate::api::contracts::RaiseRenewalOpportunity;
use crate::api::tickets::{get_ticket, ApplyTicketEvent, AssignTicket, MergeTicket, UpdateTicket};
use crate::components::document::EditPanel;
use crate::components::form::id_options;
use crate::components::form::{FieldError, FormError, FormKey, SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::display::{datetime, file_size};
use crate::model::inbound_email::AttachmentDto;
use crate::model::ticket::{Priority, TicketDto, TicketEvent, TicketForm, TicketStatus};
use crate::model::ticket_view::{CoverageView, TicketView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn TicketDetailPage() -> impl IntoView {
    let id = id_param();
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let canned = query.get("canned").and_then(|c| c.parse().ok());
    let file_error = query.get("file_error").unwrap_or_default();
    view! {
        {loaded(get_ticket(id, canned), move |v| view! { <TicketDetail v file_error/> }.into_any())}
    }
}

#[component]
fn TicketDetail(v: TicketView, file_error: String) -> impl IntoView {
    let t = v.ticket.clone();
    let open_for_work = v.can_work && t.status != TicketStatus::Closed;
    view! {
        <Title text=format!("{} · {}", t.number, t.subject)/>
        <div class="detail-header">
            <div>
                <p class="crumbs"><a href="/tickets">"Tickets"</a></p>
                <h1>{t.number.clone()}</h1>
                <p class="ticket-subject" id="ticket-subject">{t.subject.clone()}</p>
                <p class="muted">
                    <span id="ticket-status"><TicketStatusBadge status=t.status/></span> " "
                    <span id="ticket-priority"><PriorityBadge priority=t.priority/></span> " "
                    <span id="ticket-sla">"SLA " <SlaBadge state=t.sla_state.clone()/></span>
                </p>
            </div>
            {(!v.actions.is_empty()).then(|| view! { <TicketActions id=t.id actions=v.actions.clone()/> })}
        </div>
        <div class="columns">
            <div>
                <section class="panel" id="description">
                    <h2>"Description"</h2>
                    <p class="prewrap">{t.description.clone()}</p>
                    {t.resolution_note.clone().map(|n| view! {
                        <h3>"Resolution"</h3>
                        <p class="prewrap" id="resolution-note">{n}</p>
                    })}
                </section>
                <Conversation id=t.id comments=v.comments.clone() can_work=v.can_work can_note=v.can_note
                    canned=v.canned.clone() draft=v.draft.clone().unwrap_or_default()/>
                {(!v.files.is_empty() || (v.can_note && t.status != TicketStatus::Closed)).then(|| view! {
                    <Files id=t.id files=v.files.clone() can_add=v.can_note && t.status != TicketStatus::Closed
                        can_share=v.can_work file_error=file_error.clone()/>
                })}
            </div>
            <div>
                <section class="panel" id="details">
                    <h2>"Details"</h2>
                    <Coverage ticket_id=t.id c=v.coverage.clone()/>
                    <Facts t=t.clone()/>
                    {open_for_work.then(|| view! { <AssignForm t=t.clone() agents=v.agents.clone()/> })}
                </section>
                <SlaClocks first_response=v.first_response.clone() resolution=v.resolution.clone()/>
                {open_for_work.then(|| view! {
                    <EditPanel summary="Edit ticket">
                        <EditForm id=t.id form=v.form.clone()/>
                    </EditPanel>
                    <EditPanel summary="Merge into another ticket">
                        <MergeForm id=t.id/>
                    </EditPanel>
                })}
                <TimelinePanel events=v.events.clone()/>
            </div>
        </div>
    }
}

/// Whether a contract covers the ticket; for a lapsed one, the renewal opportunity to raise.
#[component]
fn Coverage(ticket_id: i64, c: CoverageView) -> impl IntoView {
    if let Some((id, number, until)) = c.covered_by {
        return view! {
            <p class="coverage covered" id="ticket-coverage">
                "Covered by " <a href=format!("/contracts/{id}")>{number}</a> {format!(", until {until}")}
            </p>
        }
        .into_any();
    }
    let Some((id, number, ended, how)) = c.lapsed else {
        return view! { <p class="coverage muted" id="ticket-coverage">"No contract covers this account."</p> }
            .into_any();
    };
    view! {
        <div class="coverage lapsed" id="ticket-coverage">
            <p>"Not covered: " <a href=format!("/contracts/{id}")>{number}</a> {format!(" {how} on {ended}.")}</p>
            {c.renewal_opportunity.map(|o| view! { <p><a href=format!("/opportunities/{o}")>"Renewal opportunity raised"</a></p> })}
            {c.can_raise_renewal.then(|| view! {
                <LiveForm action=RaiseRenewalOpportunity::PATH class="inline">
                    <input type="hidden" name="contract_id" value=id/>
                    <input type="hidden" name="ticket_id" value=ticket_id/>
                    <FormKey/>
                    <button type="submit" id="raise-renewal">"Create renewal opportunity"</button>
                    <FormError/>
                </LiveForm>
            })}
        </div>
    }
    .into_any()
}

/// A linked record's name as a link to its page, or "—".
fn link_or_dash(id: Option<i64>, name: Option<String>, path: &str) -> AnyView {
    match id {
        Some(id) => view! { <a href=format!("{path}/{id}")>{name.unwrap_or_else(|| format!("#{id}"))}</a> }.into_any(),
        None => view! { "—" }.into_any(),
    }
}

#[component]
fn Facts(t: TicketDto) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Account"</dt><dd><a href=format!("/accounts/{}", t.account_id)>{t.account_name.clone()}</a></dd>
            <dt>"Contact"</dt><dd>{t.contact_name.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Channel"</dt><dd>{t.channel.label()}</dd>
            <dt>"Invoice"</dt><dd id="ticket-invoice">{link_or_dash(t.invoice_id, t.invoice_number.clone(), "/invoices")}</dd>
            <dt>"Sales order"</dt><dd>{link_or_dash(t.sales_order_id, t.sales_order_number.clone(), "/orders")}</dd>
            <dt>"Product"</dt><dd>{link_or_dash(t.product_id, t.product_name.clone(), "/products")}</dd>
            <dt>"Assignee"</dt><dd id="ticket-assignee">{t.assignee_name.clone().unwrap_or_else(|| "Unassigned".into())}</dd>
            <dt>"Created"</dt><dd>{datetime(t.created_at)}</dd>
            {t.follow_up_of.map(|id| view! {
                <dt>"Follows up"</dt><dd>{link_or_dash(Some(id), None, "/tickets")}</dd>
            })}
            {t.merged_into.map(|id| view! {
                <dt>"Merged into"</dt><dd>{link_or_dash(Some(id), None, "/tickets")}</dd>
            })}
        </dl>
    }
}

/// The ticket's files as downloads, each marked public (the customer sees it) or internal, and a
/// plain multipart form to attach one (sales attach internal files only).
#[component]
fn Files(id: i64, files: Vec<AttachmentDto>, can_add: bool, can_share: bool, file_error: String) -> impl IntoView {
    view! {
        <section class="panel" id="files">
            <h2>"Files"</h2>
            {files.is_empty().then(|| view! { <p class="empty">"No files yet."</p> })}
            {can_add.then(|| view! {
                <form class="form inline-form" method="post" action=format!("/tickets/{id}/files") enctype="multipart/form-data"
                    id="file-form">
                    <label for="file-input">"Attach a file (up to 10 MB)"</label>
                    <input type="file" id="file-input" name="file" required aria-describedby="file-error"/>
                    {can_share.then(|| view! {
                        <label class="check"><input type="checkbox" id="file-public" name="public" value="on"/>" The customer may see it"</label>
                    })}
                    <button type="submit">"Attach"</button>
                    <p class="field-error" id="file-error" role="alert" hidden=file_error.is_empty()>{file_error.clone()}</p>
                </form>
            })}
            <ul class="plain-list">
                {files.into_iter().map(|f| view! {
                    <li>
                        <a href=format!("/tickets/{id}/files/{}", f.id) download>{f.file_name.clone()}</a>
                        " · " {file_size(f.size_bytes)} " · " {datetime(f.created_at)}
                        {(!f.public).then(|| view! { " " <span class="badge muted">"Internal"</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Names the ticket this one duplicates; its conversation moves there and this one closes.
#[component]
fn MergeForm(id: i64) -> impl IntoView {
    view! {
        <LiveForm action=MergeTicket::PATH class="form" id="merge-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <TextField id="merge-into" name="into" field="into" label="Ticket number" required=true
                hint="A ticket of the same account, e.g. TCK-2026-000042. This ticket's conversation moves there and this one closes."/>
            <SubmitRow label="Merge"/>
        </LiveForm>
    }
}

/// One button per event the machine allows; resolving opens a form for its required note.
/// Plain forms the `LiveForm` islands post.
#[component]
fn TicketActions(id: i64, actions: Vec<TicketEvent>) -> impl IntoView {
    let resolve = actions.contains(&TicketEvent::Resolve);
    view! {
        <div class="actions">
            <LiveForm class="actions ticket-actions">
                {actions.into_iter().filter(|e| *e != TicketEvent::Resolve).map(|e| view! {
                    <form method="post" action=ApplyTicketEvent::PATH class="inline">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <input type="hidden" name="event" value=e.as_str()/>
                        <button type="submit" class=if e == TicketEvent::Start { "primary" } else { "" }>{e.label()}</button>
                    </form>
                }).collect_view()}
                <FormError/>
            </LiveForm>
            {resolve.then(|| view! {
                <details class="resolve">
                    <summary class="button">"Resolve"</summary>
                    <LiveForm action=ApplyTicketEvent::PATH class="form" id="resolve-form">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <input type="hidden" name="event" value="resolve"/>
                        <TextField id="resolve-note" name="note" field="note" label="Resolution note" multiline=true
                            hint="What fixed it; the customer sees the ticket as resolved."/>
                        <SubmitRow label="Resolve ticket"/>
                    </LiveForm>
                </details>
            })}
        </div>
    }
}

#[component]
fn AssignForm(t: TicketDto, agents: Vec<(i64, String)>) -> impl IntoView {
    let current = t.assignee_id.map(|a| a.to_string()).unwrap_or_default();
    view! {
        <LiveForm action=AssignTicket::PATH class="form inline-form" id="assign-form">
            <input type="hidden" name="id" value=t.id/>
            <label for="assign-to">"Assign to"</label>
            <select id="assign-to" name="assignee_id" aria-describedby="assignee_id-error">
                {id_options("Unassigned", &agents).into_iter().map(|(v, l)| {
                    let is = v == current;
                    view! { <option value=v selected=is>{l}</option> }
                }).collect_view()}
            </select>
            <button type="submit">"Assign"</button>
            <FieldError field="assignee_id"/>
            <FormError/>
        </LiveForm>
    }
}

/// Subject, description and priority; the contact and links ride along unchanged.
#[component]
fn EditForm(id: i64, form: TicketForm) -> impl IntoView {
    let priorities: Vec<(String, String)> =
        Priority::ALL.iter().map(|p| (p.as_str().to_string(), p.label().to_string())).collect();
    view! {
        <LiveForm action=UpdateTicket::PATH class="form" id="ticket-edit-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="form[account_id]" value=form.account_id.clone()/>
            <input type="hidden" name="form[contact_id]" value=form.contact_id.clone()/>
            <input type="hidden" name="form[invoice_id]" value=form.invoice_id.clone()/>
            <input type="hidden" name="form[sales_order_id]" value=form.sales_order_id.clone()/>
            <input type="hidden" name="form[product_id]" value=form.product_id.clone()/>
            <TextField id="edit-subject" name="form[subject]" field="subject" label="Subject" value=form.subject.clone()/>
            <TextField id="edit-description" name="form[description]" field="description" label="Description"
                value=form.description.clone() multiline=true/>
            <SelectField id="edit-priority" name="form[priority]" field="priority" label="Priority"
                options=priorities selected=form.priority.clone()/>
            <SubmitRow label="Save ticket"/>
        </LiveForm>
    }
}
