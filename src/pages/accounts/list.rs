//! The accounts list: search, owner / status / tag filters, sort, keyset pages, CSV export.
use crate::api::accounts::list_accounts;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::account::AccountFilter;
use crate::model::list::query_string;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter =
        AccountFilter { q: get("q"), owner: get("owner"), status: get("status"), tag: get("tag"), sort: get("sort") };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Accounts"/>
        {loaded(list_accounts(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = !(filter.q.is_empty() && filter.owner.is_empty() && filter.tag.is_empty()
                && matches!(filter.status.as_str(), "" | "active"));
            let mut owner_options = vec![(String::new(), "All owners".to_string()), ("me".into(), "Mine".into())];
            owner_options.extend(list.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
            view! {
                <div class="page-header">
                    <h1>"Accounts"</h1>
                    {list.can_create.then(|| view! { <a class="button primary-link" href="/accounts/new">"New account"</a> })}
                </div>
                <FilterBar path="/accounts" q=filter.q.clone() placeholder="Search accounts by name"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="owner" label="Owner" options=owner_options selected=filter.owner.clone()/>
                    <FilterSelect name="status" label="Status" selected=filter.status.clone()
                        options=vec![("active".into(), "Active".into()), ("inactive".into(), "Inactive".into()), ("all".into(), "All".into())]/>
                    <label class="visually-hidden" for="filter-tag">"Tag"</label>
                    <input id="filter-tag" name="tag" placeholder="Tag" value=filter.tag.clone() size="10"/>
                    <FilterSelect name="sort" label="Sort" selected=filter.sort.clone()
                        options=vec![("name".into(), "Name A–Z".into()), ("newest".into(), "Newest first".into())]/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! {
                        <EmptyState filtered what="accounts">
                            {list.can_create.then(|| view! { <p><a href="/accounts/new">"Create the first account"</a></p> })}
                        </EmptyState>
                    }.into_any()
                } else {
                    view! {
                        <table class="data" id="accounts-table">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Owner"</th><th scope="col">"Invoice email"</th>
                                <th scope="col">"Currency"</th><th scope="col" class="num">"Terms"</th><th scope="col">"Tags"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|a| view! {
                                    <tr>
                                        <td><a href=format!("/accounts/{}", a.id)>{a.name}</a>
                                            {(!a.active).then(|| view! { " " <span class="badge muted">"Inactive"</span> })}</td>
                                        <td>{a.owner_name}</td>
                                        <td>{a.invoice_email}</td>
                                        <td>{a.currency}</td>
                                        <td class="num">{format!("{} days", a.payment_terms_days)}</td>
                                        <td><span class="tags">{a.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}</span></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <Pager path="/accounts" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
