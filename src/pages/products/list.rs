//! The products list: search by name or SKU, kind and status filters, sort, pages, CSV export.
use crate::api::products::list_products;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::money;
use crate::model::list::query_string;
use crate::model::product::{ProductFilter, ProductKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProductsPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = ProductFilter { q: get("q"), kind: get("kind"), status: get("status"), sort: get("sort") };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Products"/>
        {loaded(list_products(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = !(filter.q.is_empty() && filter.kind.is_empty() && matches!(filter.status.as_str(), "" | "active"));
            let mut kinds = vec![(String::new(), "All kinds".to_string())];
            kinds.extend(ProductKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())));
            view! {
                <div class="page-header">
                    <h1>"Products"</h1>
                    <div class="actions">
                        <a class="button" href="/tax-rates">"Tax rates"</a>
                        {list.can_edit.then(|| view! { <a class="button" href="/products/new">"New product"</a> })}
                    </div>
                </div>
                <FilterBar path="/products" q=filter.q.clone() placeholder="Search by name or SKU" export_query=Some(query_string(&pairs))>
                    <FilterSelect name="kind" label="Kind" options=kinds selected=filter.kind.clone()/>
                    <FilterSelect name="status" label="Status" selected=filter.status.clone()
                        options=vec![("active".into(), "Active".into()), ("inactive".into(), "Inactive".into()), ("all".into(), "All".into())]/>
                    <FilterSelect name="sort" label="Sort" selected=filter.sort.clone()
                        options=vec![("name".into(), "Name A–Z".into()), ("newest".into(), "Newest first".into())]/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="products"/> }.into_any()
                } else {
                    view! {
                        <table class="data" id="products-table">
                            <thead><tr>
                                <th scope="col">"SKU"</th><th scope="col">"Name"</th><th scope="col">"Kind"</th>
                                <th scope="col">"Unit"</th><th scope="col" class="num">"Unit price"</th><th scope="col">"Tax"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|p| view! {
                                    <tr>
                                        <td><a href=format!("/products/{}", p.id)>{p.sku.clone()}</a></td>
                                        <td>{p.name.clone()}{(!p.active).then(|| view! { " " <span class="badge muted">"Inactive"</span> })}</td>
                                        <td>{ProductKind::parse(&p.kind).map(|k| k.label()).unwrap_or("")}</td>
                                        <td>{p.unit.clone()}</td>
                                        <td class="num">{money(&p.unit_price, &p.currency)}</td>
                                        <td>{format!("{} %", p.tax_rate)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <Pager path="/products" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
