//! The contracts list: search by number, title or account; status, renewal-due window, notice,
//! auto-renew and owner filters; newest first or by the term's end; keyset pages; CSV export.
use super::{ContractStatusBadge, RenewalNote};
use crate::api::contracts::list_contracts;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::contract::{ContractFilter, ContractStatus};
use crate::model::display::money;
use crate::model::list::query_string;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn options(all: &str, items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), all.to_string())];
    v.extend(items.iter().map(|(k, l)| (k.to_string(), l.to_string())));
    v
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = ContractFilter {
        q: get("q"),
        status: get("status"),
        due: get("due"),
        notice_passed: get("notice_passed"),
        auto_renew: get("auto_renew"),
        account: get("account"),
        owner: get("owner"),
        sort: get("sort"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Contracts"/>
        {loaded(list_contracts(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(k, v)| *k != "sort" && !v.is_empty());
            let mut owners = vec![(String::new(), "All owners".to_string()), ("me".into(), "Mine".into())];
            owners.extend(list.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
            let mut statuses = options("All statuses", &[("live", "Pending or active")]);
            statuses.extend(ContractStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())));
            let due = options("Any renewal date", &[("30", "Due within 30 days"), ("60", "Due within 60 days"), ("90", "Due within 90 days")]);
            let notice = options("Notice: any", &[("1", "Notice passed")]);
            let auto = options("Auto-renew: any", &[("1", "Auto-renews"), ("0", "Renews by hand")]);
            let sort = vec![(String::new(), "Newest first".to_string()), ("end".into(), "Term end, soonest first".into())];
            view! {
                <div class="page-header">
                    <h1>"Contracts"</h1>
                    {list.can_create.then(|| view! { <a class="button" href="/contracts/new">"New contract"</a> })}
                </div>
                <FilterBar path="/contracts" q=filter.q.clone() placeholder="Search by number, title or account"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="status" label="Status" options=statuses selected=filter.status.clone()/>
                    <FilterSelect name="due" label="Renewal due" options=due selected=filter.due.clone()/>
                    <FilterSelect name="notice_passed" label="Notice" options=notice selected=filter.notice_passed.clone()/>
                    <FilterSelect name="auto_renew" label="Auto-renew" options=auto selected=filter.auto_renew.clone()/>
                    <FilterSelect name="owner" label="Owner" options=owners selected=filter.owner.clone()/>
                    <FilterSelect name="sort" label="Order" options=sort selected=filter.sort.clone()/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="contracts"/> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="contracts-table">
                            <thead><tr>
                                <th scope="col">"Number"</th><th scope="col">"Account"</th><th scope="col">"Title"</th>
                                <th scope="col">"Status"</th><th scope="col">"Term ends"</th><th scope="col">"Renewal"</th>
                                <th scope="col">"Owner"</th><th scope="col" class="num">"Term value"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/contracts/{}", c.id)>{c.number.clone()}</a></td>
                                        <td><a href=format!("/accounts/{}", c.account_id)>{c.account_name.clone()}</a></td>
                                        <td>{c.title.clone()}</td>
                                        <td><ContractStatusBadge status=c.status/></td>
                                        <td>{c.end_date.to_string()}</td>
                                        <td><RenewalNote c=c.clone()/></td>
                                        <td>{c.owner_name.clone()}</td>
                                        <td class="num">{money(&c.amount, &c.currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <Pager path="/contracts" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
