//! Assignments (managers, admins): who owns and works how much, and moving many records (accounts,
//! open opportunities, open tickets) to a new owner or assignee.
use crate::api::assignments::{get_assignments, PickRow, Reassign};
use crate::components::form::{FieldError, FormError};
use crate::components::list::FilterSelect;
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let kind = match query.get("kind").as_deref() {
        Some("opportunities") => "opportunities",
        Some("tickets") => "tickets",
        _ => "accounts",
    };
    let from = query.get("from").and_then(|f| f.parse::<i64>().ok());
    let q = query.get("q").unwrap_or_default();
    view! {
        <Title text="Assignments"/>
        {loaded(get_assignments(kind.to_string(), from, Some(q.clone())), move |v| {
            let mut from_options = vec![(String::new(), if kind == "tickets" { "Anyone" } else { "Any owner" }.to_string())];
            from_options.extend(v.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
            view! {
                <div class="page-header"><h1>"Assignments"</h1></div>
                <section class="panel">
                    <h2>"Workload"</h2>
                    <table class="data" id="workload-table">
                        <thead><tr><th scope="col">"Employee"</th><th scope="col">"Role"</th>
                            <th scope="col" class="num">"Accounts"</th><th scope="col" class="num">"Open opportunities"</th>
                            <th scope="col" class="num">"Open pipeline"</th><th scope="col" class="num">"Open tickets"</th></tr></thead>
                        <tbody>
                            {v.workloads.iter().map(|w| view! {
                                <tr>
                                    <td><a href=format!("/assignments?kind=accounts&from={}", w.user_id)>{w.name.clone()}</a></td>
                                    <td>{w.role.clone()}</td>
                                    <td class="num"><a href=format!("/accounts?owner={}", w.user_id)>{w.accounts}</a></td>
                                    <td class="num"><a href=format!("/assignments?kind=opportunities&from={}", w.user_id)>{w.open_opportunities}</a></td>
                                    <td class="num">{if w.open_amounts.is_empty() { "—".to_string() } else { w.open_amounts.join(" + ") }}</td>
                                    <td class="num"><a href=format!("/assignments?kind=tickets&from={}#reassign", w.user_id)>{w.open_tickets}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="panel" id="reassign">
                    <h2>"Reassign"</h2>
                    <form class="filters" method="get" action="/assignments#reassign">
                        <FilterSelect name="kind" label="What" selected=kind.to_string()
                            options=vec![("accounts".into(), "Accounts".into()), ("opportunities".into(), "Open opportunities".into()),
                                ("tickets".into(), "Open tickets".into())]/>
                        <FilterSelect name="from" label=if kind == "tickets" { "Current assignee" } else { "Current owner" } options=from_options
                            selected=from.map(|f| f.to_string()).unwrap_or_default()/>
                        <label class="visually-hidden" for="pick-q">"Search"</label>
                        <input id="pick-q" name="q" type="search" placeholder="Search by name" value=q.clone()/>
                        <button type="submit">"Show"</button>
                    </form>
                    {if v.rows.is_empty() {
                        view! { <p class="empty">"Nothing to reassign for this choice."</p> }.into_any()
                    } else {
                        view! { <ReassignForm kind=kind.to_string() rows=v.rows owners=v.owners more=v.more/> }.into_any()
                    }}
                </section>
            }.into_any()
        })}
    }
}

/// Checkboxes for the records and the new owner, posted by `LiveForm`, which also ticks "Select
/// all" (`data-check-all`); without JavaScript each box is ticked by hand and the form still posts.
#[component]
fn ReassignForm(kind: String, rows: Vec<PickRow>, owners: Vec<(i64, String)>, more: bool) -> impl IntoView {
    view! {
        <LiveForm action=Reassign::PATH class="form" id="reassign-form">
            <input type="hidden" name="kind" value=kind.clone()/>
            <table class="data">
                <thead><tr>
                    <th scope="col"><input type="checkbox" aria-label="Select all" data-check-all="ids["/></th>
                    <th scope="col">"Name"</th><th scope="col">"Details"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, r)| view! {
                        <tr>
                            <td><input type="checkbox" name=format!("ids[{i}]") value=r.id aria-label=format!("Select {}", r.name)/></td>
                            <td>{r.name.clone()}</td>
                            <td class="muted">{r.detail}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {more.then(|| view! { <p class="hint">"Showing the first 200: search to narrow the list."</p> })}
            <FieldError field="ids"/>
            <div class="inline-form">
                <label for="reassign-to">{if kind == "tickets" { "New assignee" } else { "New owner" }}</label>
                <select id="reassign-to" name="to" aria-describedby="to-error">
                    <option value="">"— choose —"</option>
                    {owners.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                </select>
                <button type="submit" class="primary">"Reassign selected"</button>
                <FieldError field="to"/>
            </div>
            <FormError/>
        </LiveForm>
    }
}
