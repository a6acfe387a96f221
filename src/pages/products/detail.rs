//! One product (or the new-product form at /products/new): facts, edit form, timeline.
use super::editor::ProductEditor;
use crate::api::products::get_product;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::Timeline;
use crate::model::display::money;
use crate::model::product::{ProductForm, ProductKind};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProductPage() -> impl IntoView {
    // /products/new has no id: the same page then shows the empty form.
    let id = id_param();
    view! {
        {loaded(get_product(id), move |v| match v.product {
            None => {
                let value = ProductForm {
                    currency: v.default_currency.clone(),
                    tax_rate_id: v.default_tax_rate_id.map(|i| i.to_string()).unwrap_or_default(),
                    kind: "goods".into(),
                    unit: "pcs".into(),
                    ..Default::default()
                };
                view! {
                    <Title text="New product"/>
                    <div class="page-header"><div>
                        <p class="crumbs"><a href="/products">"Products"</a></p>
                        <h1>"New product"</h1>
                    </div></div>
                    <section class="panel"><ProductEditor id=None value tax_rates=v.tax_rates/></section>
                }.into_any()
            }
            Some(p) => {
                let form = ProductForm::from(&p);
                view! {
                    <Title text=p.name.clone()/>
                    <div class="detail-header"><div>
                        <p class="crumbs"><a href="/products">"Products"</a></p>
                        <h1>{p.name.clone()}</h1>
                        <p class="muted">{p.sku.clone()} " · " {ProductKind::parse(&p.kind).map(|k| k.label()).unwrap_or("")}
                            " · " <strong id="product-price-shown">{money(&p.unit_price, &p.currency)}</strong> {format!(" per {}", p.unit)}
                            {format!(" · tax {} ({} %)", p.tax_rate_name, p.tax_rate)} " "
                            {if p.active { view! { <span class="badge ok">"Active"</span> } } else { view! { <span class="badge muted">"Inactive"</span> } }}
                        </p>
                    </div></div>
                    <div class="columns">
                        <section class="panel">
                            <h2>"Description"</h2>
                            <p class="prewrap">{if p.description.is_empty() { "—".to_string() } else { p.description.clone() }}</p>
                            {v.can_edit.then(|| view! {
                                <details class="edit"><summary>"Edit product"</summary>
                                    <ProductEditor id=Some(p.id) value=form.clone() tax_rates=v.tax_rates.clone()/>
                                </details>
                            })}
                        </section>
                        <section class="panel"><h2>"Timeline"</h2><Timeline events=v.events/></section>
                    </div>
                }.into_any()
            }
        })}
    }
}
