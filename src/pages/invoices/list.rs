//! The invoices list: search by number or account, status / overdue / disputed / date / amount
//! filters, keyset pages, CSV export, and a ZIP of the selected invoices' PDFs (a plain GET form).
use super::InvoiceStatusBadge;
use crate::api::invoices::list_invoices;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::money;
use crate::model::invoice::{InvoiceFilter, InvoiceStatus};
use crate::model::list::query_string;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = InvoiceFilter {
        q: get("q"),
        status: get("status"),
        overdue: get("overdue"),
        disputed: get("disputed"),
        account: get("account"),
        order: get("order"),
        from: get("from"),
        to: get("to"),
        min: get("min"),
        max: get("max"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Invoices"/>
        {loaded(list_invoices(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(_, v)| !v.is_empty());
            let mut statuses = vec![(String::new(), "All statuses".to_string()), ("open".into(), "Open".into())];
            statuses.extend(InvoiceStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())));
            let yes = |v: &str| vec![(String::new(), format!("{v}: any")), ("true".into(), format!("{v} only"))];
            view! {
                <div class="page-header">
                    <h1>"Invoices"</h1>
                    {list.can_manage.then(|| view! { <a class="button" href="/invoices/new">"New invoice"</a> })}
                </div>
                <FilterBar path="/invoices" q=filter.q.clone() placeholder="Search by number or account"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="status" label="Status" options=statuses selected=filter.status.clone()/>
                    <FilterSelect name="overdue" label="Overdue" options=yes("Overdue") selected=filter.overdue.clone()/>
                    <FilterSelect name="disputed" label="Questioned" options=yes("Questioned") selected=filter.disputed.clone()/>
                    <label class="visually-hidden" for="filter-from">"Issued from"</label>
                    <input id="filter-from" name="from" type="date" value=filter.from.clone() title="Issued from"/>
                    <label class="visually-hidden" for="filter-to">"Issued until"</label>
                    <input id="filter-to" name="to" type="date" value=filter.to.clone() title="Issued until"/>
                    <label class="visually-hidden" for="filter-min">"Total at least"</label>
                    <input id="filter-min" name="min" inputmode="decimal" size="7" placeholder="Min total" value=filter.min.clone()/>
                    <label class="visually-hidden" for="filter-max">"Total at most"</label>
                    <input id="filter-max" name="max" inputmode="decimal" size="7" placeholder="Max total" value=filter.max.clone()/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                    <input type="hidden" name="order" value=filter.order.clone()/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="invoices"/> }.into_any()
                } else {
                    view! {
                        <form method="get" action="/invoices.zip" id="invoice-selection">
                            <div class="table-scroll"><table class="data" id="invoices-table">
                                <thead><tr>
                                    <th scope="col"><span class="visually-hidden">"Select"</span></th>
                                    <th scope="col">"Number"</th><th scope="col">"Account"</th><th scope="col">"Issued"</th>
                                    <th scope="col">"Due"</th><th scope="col">"Status"</th>
                                    <th scope="col" class="num">"Total"</th><th scope="col" class="num">"Balance"</th>
                                </tr></thead>
                                <tbody>
                                    {list.page.items.into_iter().map(|i| {
                                        let title = i.title();
                                        view! {
                                            <tr>
                                                <td><input type="checkbox" name="ids" value=i.id aria-label=format!("Select {title}")/></td>
                                                <td><a href=format!("/invoices/{}", i.id)>{title.clone()}</a>
                                                    {i.disputed.then(|| view! { " " <span class="badge status-queued">"Questioned"</span> })}</td>
                                                <td><a href=format!("/accounts/{}", i.account_id)>{i.account_name.clone()}</a></td>
                                                <td>{i.issue_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                                <td>{i.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                                <td><InvoiceStatusBadge status=i.status/></td>
                                                <td class="num">{money(&i.total, &i.currency)}</td>
                                                <td class="num">{money(&i.balance, &i.currency)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <div class="actions"><button type="submit" id="download-zip">"Download selected PDFs (ZIP)"</button></div>
                        </form>
                    }.into_any()
                }}
                <Pager path="/invoices" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
