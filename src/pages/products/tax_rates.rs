//! Tax rates: the list with an inline editor per rate, and the form for a new one.
use crate::api::products::{list_tax_rates, SaveTaxRate};
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::product::TaxRateDto;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn TaxRatesPage() -> impl IntoView {
    view! {
        <Title text="Tax rates"/>
        {loaded(list_tax_rates(), move |list| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/products">"Products"</a></p>
                <h1>"Tax rates"</h1>
            </div></div>
            <section class="panel">
                {if list.rates.is_empty() {
                    view! { <p class="empty">"There are no tax rates yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="data" id="tax-rates-table">
                            <thead><tr><th scope="col">"Name"</th><th scope="col" class="num">"Rate"</th><th scope="col">"Status"</th></tr></thead>
                            <tbody>
                                {list.rates.iter().map(|t| view! {
                                    <tr>
                                        <td>{t.name.clone()}{(list.default_id == Some(t.id)).then(|| view! { " " <span class="badge">"Default"</span> })}</td>
                                        <td class="num">{format!("{} %", t.rate)}</td>
                                        <td>{if t.active { "Active" } else { "Inactive" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <p class="hint">"Lines keep the percentage they were priced with: changing a rate affects new lines only."</p>
            </section>
            {list.can_edit.then(|| view! {
                <section class="panel">
                    <h2>"Change a rate"</h2>
                    {list.rates.iter().cloned().map(|t| view! { <TaxRateEditor rate=Some(t)/> }).collect_view()}
                </section>
                <section class="panel">
                    <h2>"New tax rate"</h2>
                    <TaxRateEditor rate=None/>
                </section>
            })}
        }.into_any())}
    }
}

/// One rate's inline form (or the new rate's): server-rendered, posted by the `LiveForm` island.
#[component]
fn TaxRateEditor(rate: Option<TaxRateDto>) -> impl IntoView {
    let key = rate.as_ref().map(|t| t.id.to_string()).unwrap_or_else(|| "new".into());
    let [form_id, name_id, rate_id, active_id] =
        ["rate-form", "rate-name", "rate-value", "rate-active"].map(|p| format!("{p}-{key}"));
    let (name_for, rate_for, active_for) = (name_id.clone(), rate_id.clone(), active_id.clone());
    let active = rate.as_ref().is_none_or(|t| t.active);
    view! {
        <LiveForm action=SaveTaxRate::PATH class="form inline-form" id=form_id>
            {rate.as_ref().map(|t| view! { <input type="hidden" name="id" value=t.id/> })}
            <label for=name_for>"Name"</label>
            <input id=name_id name="form[name]" value=rate.as_ref().map(|t| t.name.clone()).unwrap_or_default() aria-describedby="name-error"/>
            <label for=rate_for>"Rate %"</label>
            <input id=rate_id name="form[rate]" value=rate.as_ref().map(|t| t.rate.clone()).unwrap_or_default() size="6"
                inputmode="decimal" aria-describedby="rate-error"/>
            <label for=active_for>"Status"</label>
            <select id=active_id name="form[active]">
                <option value="true" selected=active>"Active"</option>
                <option value="false" selected=!active>"Inactive"</option>
            </select>
            <button type="submit">{if rate.is_some() { "Save" } else { "Add tax rate" }}</button>
            <FieldError field="name"/>
            <FieldError field="rate"/>
            <FieldError field="active"/>
            <FormError/>
        </LiveForm>
    }
}
