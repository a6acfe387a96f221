//! New contract: first the account (a plain GET form, so it works without JavaScript) — or a
//! sales order's account, contact and service lines (`?order_id=`) — then the editor.
use super::editor::ContractEditor;
use crate::api::contracts::new_contract_data;
use crate::components::form::AccountPicker;
use crate::components::page::loaded;
use crate::model::lines::TotalsView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewContractPage() -> impl IntoView {
    let q = use_query_map().get_untracked();
    let id = |k: &str| q.get(k).and_then(|s| s.parse::<i64>().ok());
    let (account_id, order_id) = (id("account_id"), id("order_id"));
    view! {
        <Title text="New contract"/>
        {loaded(new_contract_data(account_id, order_id), move |data| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/contracts">"Contracts"</a></p>
                <h1>"New contract"</h1>
                {data.from_order.clone().map(|(oid, number)| view! {
                    <p class="muted">"From order " <a href=format!("/orders/{oid}")>{number}</a>
                        " — its service and subscription lines are covered; change what you need."</p>
                })}
            </div></div>
            <section class="panel">
                {match data.editor {
                    Some(editor) => view! {
                        <ContractEditor id=None form=data.form lines=data.lines data=editor totals=TotalsView::default()/>
                    }.into_any(),
                    None => view! {
                        <AccountPicker path="/contracts/new" accounts=data.accounts
                            hint="The contract takes the account's currency; its invoices go to the account."/>
                    }.into_any(),
                }}
            </section>
        }.into_any())}
    }
}
