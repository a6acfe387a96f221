//! New order: first the account (a plain GET form, so it works without JavaScript), then the
//! editor with that account's contacts, won opportunities and defaults.
use super::editor::OrderEditor;
use crate::api::sales_orders::new_order_data;
use crate::components::form::AccountPicker;
use crate::components::page::loaded;
use crate::model::lines::{LineForm, TotalsView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewOrderPage() -> impl IntoView {
    let account_id = use_query_map().get_untracked().get("account_id").and_then(|s| s.parse::<i64>().ok());
    view! {
        <Title text="New order"/>
        {loaded(new_order_data(account_id), move |data| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/orders">"Sales orders"</a></p>
                <h1>"New order"</h1>
            </div></div>
            <section class="panel">
                {match data.editor {
                    Some(editor) => {
                        let lines: Vec<LineForm> = Vec::new();
                        view! { <OrderEditor id=None form=data.form lines data=editor totals=TotalsView::default()/> }.into_any()
                    }
                    None => view! {
                        <AccountPicker path="/orders/new" accounts=data.accounts
                            hint="The order takes the account's currency, addresses and payment terms."/>
                    }.into_any(),
                }}
            </section>
        }.into_any())}
    }
}
