//! The opportunities list: search, stage / owner filters, sort, keyset pages, CSV export.
use super::StageBadge;
use crate::api::opportunities::list_opportunities;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::money;
use crate::model::list::query_string;
use crate::model::opportunity::{OpportunityFilter, Stage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = OpportunityFilter {
        q: get("q"),
        stage: get("stage"),
        owner: get("owner"),
        account: get("account"),
        sort: get("sort"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Opportunities"/>
        {loaded(list_opportunities(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(k, v)| *k != "sort" && !v.is_empty());
            let mut owners = vec![(String::new(), "All owners".to_string()), ("me".into(), "Mine".into())];
            owners.extend(list.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
            let mut stages = vec![(String::new(), "All stages".to_string()), ("open".into(), "Open".into()), ("closed".into(), "Closed".into())];
            stages.extend(Stage::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())));
            view! {
                <div class="page-header">
                    <h1>"Opportunities"</h1>
                    {list.can_create.then(|| view! { <a class="button" href="/opportunities/new">"New opportunity"</a> })}
                </div>
                <FilterBar path="/opportunities" q=filter.q.clone() placeholder="Search opportunities by name"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="stage" label="Stage" options=stages selected=filter.stage.clone()/>
                    <FilterSelect name="owner" label="Owner" options=owners selected=filter.owner.clone()/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                    <FilterSelect name="sort" label="Sort" selected=filter.sort.clone()
                        options=vec![("newest".into(), "Newest first".into()), ("name".into(), "Name A–Z".into())]/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="opportunities"/> }.into_any()
                } else {
                    view! {
                        <table class="data" id="opportunities-table">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Account"</th><th scope="col">"Owner"</th>
                                <th scope="col">"Stage"</th><th scope="col" class="num">"Amount"</th>
                                <th scope="col" class="num">"Probability"</th><th scope="col">"Expected close"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|o| view! {
                                    <tr>
                                        <td><a href=format!("/opportunities/{}", o.id)>{o.name.clone()}</a></td>
                                        <td><a href=format!("/accounts/{}", o.account_id)>{o.account_name.clone()}</a></td>
                                        <td>{o.owner_name.clone()}</td>
                                        <td><StageBadge stage=o.stage/></td>
                                        <td class="num">{money(&o.amount, &o.currency)}</td>
                                        <td class="num">{format!("{} %", o.probability)}</td>
                                        <td>{o.expected_close_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <Pager path="/opportunities" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
