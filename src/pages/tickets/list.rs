//! The ticket queues as tabs (mine, unassigned, all open, at risk / breached, waiting, all), with
//! status, priority, assignee and SLA filters, search, keyset pages in due-time order and the CSV
//! export of the current filter.
use super::{PriorityBadge, SlaCell, TicketStatusBadge};
use crate::api::tickets::list_tickets;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::datetime;
use crate::model::list::query_string;
use crate::model::ticket::{Priority, Queue, TicketFilter, TicketStatus};
use crate::model::ticket_view::{sla_label, SLA_STATES};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The queue tabs: links that keep the other filters, the current one marked for screen readers.
#[component]
fn QueueTabs(current: Queue, pairs: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Queues" id="ticket-queues">
            {Queue::ALL.into_iter().map(|q| {
                let mut p: Vec<(&'static str, String)> = pairs.iter().filter(|(k, _)| *k != "queue").cloned().collect();
                p.push(("queue", q.as_str().to_string()));
                let here = q == current;
                view! {
                    <a class=if here { "tab active" } else { "tab" } href=format!("/tickets?{}", query_string(&p))
                        aria-current=here.then_some("page")>{q.label()}</a>
                }
            }).collect_view()}
        </nav>
    }
}

fn all_and(first: &str, rest: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), first.to_string())];
    v.extend(rest);
    v
}

#[component]
pub fn TicketsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = TicketFilter {
        q: get("q"),
        queue: get("queue"),
        status: get("status"),
        priority: get("priority"),
        assignee: get("assignee"),
        account: get("account"),
        sla: get("sla"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Tickets"/>
        {loaded(list_tickets(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(k, v)| *k != "queue" && !v.is_empty());
            let queue = Queue::parse(&filter.queue).unwrap_or(Queue::Open);
            let statuses = all_and("All statuses", TicketStatus::ALL.iter().map(|s| (s.as_str().into(), s.label().into())));
            let priorities = all_and("All priorities", Priority::ALL.iter().map(|p| (p.as_str().into(), p.label().into())));
            let mut assignees = all_and("Any assignee", std::iter::once(("me".to_string(), "Me".to_string())));
            assignees.extend(list.agents.iter().map(|(id, n)| (id.to_string(), n.clone())));
            let slas = all_and("Any SLA state", SLA_STATES.iter().map(|s| (s.to_string(), sla_label(s).to_string())));
            view! {
                <div class="page-header">
                    <h1>"Tickets"</h1>
                    {list.can_create.then(|| view! { <a class="button" href="/tickets/new">"New ticket"</a> })}
                </div>
                <QueueTabs current=queue pairs=pairs.clone()/>
                <FilterBar path="/tickets" q=filter.q.clone() placeholder="Search by number, subject or account"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="status" label="Status" options=statuses selected=filter.status.clone()/>
                    <FilterSelect name="priority" label="Priority" options=priorities selected=filter.priority.clone()/>
                    <FilterSelect name="assignee" label="Assignee" options=assignees selected=filter.assignee.clone()/>
                    <FilterSelect name="sla" label="SLA state" options=slas selected=filter.sla.clone()/>
                    <input type="hidden" name="queue" value=filter.queue.clone()/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="tickets"/> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="tickets-table">
                            <thead><tr>
                                <th scope="col">"Number"</th><th scope="col">"Subject"</th><th scope="col">"Account"</th>
                                <th scope="col">"Priority"</th><th scope="col">"Status"</th><th scope="col">"Assignee"</th>
                                <th scope="col">"SLA"</th><th scope="col">"Created"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|t| view! {
                                    <tr>
                                        <td class="nowrap"><a href=format!("/tickets/{}", t.id)>{t.number.clone()}</a></td>
                                        <td class="line-text">{t.subject.clone()}</td>
                                        <td><a href=format!("/accounts/{}", t.account_id)>{t.account_name.clone()}</a></td>
                                        <td><PriorityBadge priority=t.priority/></td>
                                        <td><TicketStatusBadge status=t.status/></td>
                                        <td>{t.assignee_name.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td><SlaCell t=t.clone()/></td>
                                        <td class="nowrap">{datetime(t.created_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <Pager path="/tickets" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
