//! New invoice from scratch: first the account (a plain GET form), then the draft editor.
use super::editor::InvoiceEditor;
use crate::api::invoices::new_invoice_data;
use crate::components::form::AccountPicker;
use crate::components::page::loaded;
use crate::model::lines::{LineForm, TotalsView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewInvoicePage() -> impl IntoView {
    let account_id = use_query_map().get_untracked().get("account_id").and_then(|s| s.parse::<i64>().ok());
    view! {
        <Title text="New invoice"/>
        {loaded(new_invoice_data(account_id), move |data| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/invoices">"Invoices"</a></p>
                <h1>"New invoice"</h1>
                <p class="muted">"A draft has no number: it gets the next one when you issue it."</p>
            </div></div>
            <section class="panel">
                {match data.editor {
                    Some(editor) => {
                        let lines: Vec<LineForm> = Vec::new();
                        view! { <InvoiceEditor id=None form=data.form lines data=editor totals=TotalsView::default()/> }.into_any()
                    }
                    None => view! {
                        <AccountPicker path="/invoices/new" accounts=data.accounts
                            hint="To invoice an order, open the order and choose “Invoice this order”."/>
                    }.into_any(),
                }}
            </section>
        }.into_any())}
    }
}
