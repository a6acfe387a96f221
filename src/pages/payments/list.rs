//! The payments list: search by number, reference or account; method, status, date and
//! reconciled filters; keyset pages; CSV export.
use super::PaymentStatusBadge;
use crate::api::payments::list_payments;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::money;
use crate::model::list::query_string;
use crate::model::payment::{PaymentFilter, PaymentMethod, PaymentStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = PaymentFilter {
        q: get("q"),
        method: get("method"),
        status: get("status"),
        account: get("account"),
        from: get("from"),
        to: get("to"),
        reconciled: get("reconciled"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Payments"/>
        {loaded(list_payments(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(_, v)| !v.is_empty());
            let mut methods = vec![(String::new(), "All methods".to_string())];
            methods.extend(PaymentMethod::ALL.iter().map(|m| (m.as_str().to_string(), m.label().to_string())));
            let mut statuses = vec![(String::new(), "All statuses".to_string())];
            statuses.extend(PaymentStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())));
            let reconciled = vec![(String::new(), "Reconciled or not".to_string()), ("true".into(), "Reconciled".into()), ("false".into(), "Not reconciled".into())];
            view! {
                <div class="page-header">
                    <h1>"Payments"</h1>
                    {list.can_record.then(|| view! { <a class="button" href="/payments/new">"Record payment"</a> })}
                </div>
                <FilterBar path="/payments" q=filter.q.clone() placeholder="Search by number, reference or account"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="method" label="Method" options=methods selected=filter.method.clone()/>
                    <FilterSelect name="status" label="Status" options=statuses selected=filter.status.clone()/>
                    <FilterSelect name="reconciled" label="Reconciled" options=reconciled selected=filter.reconciled.clone()/>
                    <label class="visually-hidden" for="filter-from">"Received from"</label>
                    <input id="filter-from" name="from" type="date" value=filter.from.clone() title="Received from"/>
                    <label class="visually-hidden" for="filter-to">"Received until"</label>
                    <input id="filter-to" name="to" type="date" value=filter.to.clone() title="Received until"/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="payments"/> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="payments-table">
                            <thead><tr>
                                <th scope="col">"Number"</th><th scope="col">"Account"</th><th scope="col">"Received"</th>
                                <th scope="col">"Method"</th><th scope="col">"Status"</th><th scope="col" class="num">"Amount"</th>
                                <th scope="col" class="num">"Unallocated"</th><th scope="col">"Reconciled"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|p| view! {
                                    <tr>
                                        <td><a href=format!("/payments/{}", p.id)>{p.number.clone()}</a></td>
                                        <td><a href=format!("/accounts/{}", p.account_id)>{p.account_name.clone()}</a></td>
                                        <td>{p.date.to_string()}</td>
                                        <td>{p.method.label()}</td>
                                        <td><PaymentStatusBadge status=p.status/></td>
                                        <td class="num">{money(&p.amount, &p.currency)}</td>
                                        <td class="num">{money(&p.unallocated, &p.currency)}</td>
                                        <td>{if p.reconciled { "Yes" } else { "—" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <Pager path="/payments" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
