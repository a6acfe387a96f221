//! New opportunity: the editor, with the account preselected when coming from an account.
use super::editor::OpportunityEditor;
use crate::api::opportunities::opportunity_form_data;
use crate::components::page::loaded;
use crate::model::lines::TotalsView;
use crate::model::opportunity::{LineForm, OpportunityForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewOpportunityPage() -> impl IntoView {
    let account_id = use_query_map().get_untracked().get("account_id").unwrap_or_default();
    view! {
        <Title text="New opportunity"/>
        {loaded(opportunity_form_data(), move |data| {
            let currency = data.accounts.iter().find(|a| a.0.to_string() == account_id).map(|a| a.2.clone()).unwrap_or_default();
            let form = OpportunityForm { account_id: account_id.clone(), currency, ..Default::default() };
            let lines: Vec<LineForm> = Vec::new();
            let totals = TotalsView::default();
            view! {
                <div class="page-header"><div>
                    <p class="crumbs"><a href="/opportunities">"Opportunities"</a></p>
                    <h1>"New opportunity"</h1>
                </div></div>
                <section class="panel">
                    <OpportunityEditor id=None form lines data totals/>
                </section>
            }.into_any()
        })}
    }
}
