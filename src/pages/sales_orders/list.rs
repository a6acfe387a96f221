//! The orders list: search by number, account or customer reference; status, owner and date
//! filters; keyset pages; CSV export of the current filter.
use super::{InvoicingBadge, OrderStatusBadge};
use crate::api::sales_orders::list_orders;
use crate::components::list::{EmptyState, FilterBar, FilterSelect, Pager};
use crate::components::page::loaded;
use crate::model::display::money;
use crate::model::list::query_string;
use crate::model::sales_order::{OrderFilter, OrderStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = OrderFilter {
        q: get("q"),
        status: get("status"),
        account: get("account"),
        owner: get("owner"),
        from: get("from"),
        to: get("to"),
        opportunity: get("opportunity"),
    };
    let (after, before) = (query.get("after"), query.get("before"));
    view! {
        <Title text="Sales orders"/>
        {loaded(list_orders(filter.clone(), after, before), move |list| {
            let pairs = filter.pairs();
            let filtered = pairs.iter().any(|(_, v)| !v.is_empty());
            let mut owners = vec![(String::new(), "All owners".to_string()), ("me".into(), "Mine".into())];
            owners.extend(list.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
            let mut statuses = vec![(String::new(), "All statuses".to_string()), ("open".into(), "Open".into())];
            statuses.extend(OrderStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())));
            view! {
                <div class="page-header">
                    <h1>"Sales orders"</h1>
                    {list.can_create.then(|| view! { <a class="button" href="/orders/new">"New order"</a> })}
                </div>
                <FilterBar path="/orders" q=filter.q.clone() placeholder="Search by number, account or customer reference"
                    export_query=Some(query_string(&pairs))>
                    <FilterSelect name="status" label="Status" options=statuses selected=filter.status.clone()/>
                    <FilterSelect name="owner" label="Owner" options=owners selected=filter.owner.clone()/>
                    <label class="visually-hidden" for="filter-from">"Ordered from"</label>
                    <input id="filter-from" name="from" type="date" value=filter.from.clone() title="Ordered from"/>
                    <label class="visually-hidden" for="filter-to">"Ordered until"</label>
                    <input id="filter-to" name="to" type="date" value=filter.to.clone() title="Ordered until"/>
                    <input type="hidden" name="account" value=filter.account.clone()/>
                    <input type="hidden" name="opportunity" value=filter.opportunity.clone()/>
                </FilterBar>
                {if list.page.items.is_empty() {
                    view! { <EmptyState filtered what="orders"/> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="orders-table">
                            <thead><tr>
                                <th scope="col">"Number"</th><th scope="col">"Account"</th><th scope="col">"Date"</th>
                                <th scope="col">"Status"</th><th scope="col">"Invoicing"</th><th scope="col">"Owner"</th>
                                <th scope="col">"Customer ref."</th><th scope="col" class="num">"Total"</th>
                            </tr></thead>
                            <tbody>
                                {list.page.items.into_iter().map(|o| view! {
                                    <tr>
                                        <td><a href=format!("/orders/{}", o.id)>{o.number.clone()}</a></td>
                                        <td><a href=format!("/accounts/{}", o.account_id)>{o.account_name.clone()}</a></td>
                                        <td>{o.order_date.to_string()}</td>
                                        <td><OrderStatusBadge status=o.status/></td>
                                        <td><InvoicingBadge status=o.invoicing_status/></td>
                                        <td>{o.owner_name.clone()}</td>
                                        <td>{o.customer_reference.clone()}</td>
                                        <td class="num">{money(&o.total, &o.currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <Pager path="/orders" filters=pairs prev=list.page.prev next=list.page.next/>
            }.into_any()
        })}
    }
}
