//! New account: the form with the company defaults filled in.
use super::editor::NewAccountForm;
use crate::api::accounts::new_account_data;
use crate::components::page::loaded;
use crate::model::account::AccountForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewAccountPage() -> impl IntoView {
    view! {
        <Title text="New account"/>
        {loaded(new_account_data(), move |d| {
            let value = AccountForm {
                currency: d.default_currency,
                payment_terms_days: d.default_terms.to_string(),
                owner_id: d.me.to_string(),
                ..Default::default()
            };
            view! {
                <div class="page-header"><div>
                    <p class="crumbs"><a href="/accounts">"Accounts"</a></p>
                    <h1>"New account"</h1>
                </div></div>
                <section class="panel">
                    <NewAccountForm value owners=d.owners can_choose_owner=d.can_choose_owner/>
                </section>
            }.into_any()
        })}
    }
}
