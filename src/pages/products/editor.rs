//! The product form (new and edit): one island, errors beside each field.
use crate::api::products::SaveProduct;
use crate::components::form::{action_error, hydrated, FormError, SelectField, TextField};
use crate::model::product::{ProductForm, ProductKind};
use leptos::prelude::*;

#[island]
pub fn ProductEditor(id: Option<i64>, value: ProductForm, tax_rates: Vec<(i64, String)>) -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let live = hydrated();
    let error = action_error(&save);
    let kinds: Vec<(String, String)> =
        ProductKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect();
    let rates: Vec<(String, String)> = tax_rates.into_iter().map(|(i, l)| (i.to_string(), l)).collect();
    let active = value.active != "false";
    view! {
        <ActionForm action=save attr:class="form grid-2" attr:id="product-form" attr:data-hydrated=move || live.get().to_string()>
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <TextField error id="product-sku" name="form[sku]" field="sku" label="SKU" value=value.sku required=true
                hint="Letters, digits, - _ . — unique."/>
            <TextField error id="product-name" name="form[name]" field="name" label="Name" value=value.name required=true/>
            <SelectField error id="product-kind" name="form[kind]" field="kind" label="Kind" options=kinds selected=value.kind/>
            <TextField error id="product-unit" name="form[unit]" field="unit" label="Unit" value=value.unit hint="pcs, h, day, month…"/>
            <TextField error id="product-price" name="form[unit_price]" field="unit_price" label="Unit price" value=value.unit_price
                required=true/>
            <TextField error id="product-currency" name="form[currency]" field="currency" label="Currency" value=value.currency/>
            <SelectField error id="product-tax" name="form[tax_rate_id]" field="tax_rate_id" label="Tax rate" options=rates
                selected=value.tax_rate_id/>
            {id.map(|_| view! {
                <div class="field">
                    <label for="product-active">"Status"</label>
                    <select id="product-active" name="form[active]">
                        <option value="true" selected=active>"Active"</option>
                        <option value="false" selected=!active>"Inactive (not offered on new lines)"</option>
                    </select>
                </div>
            })}
            <TextField error id="product-description" name="form[description]" field="description" label="Description"
                value=value.description multiline=true/>
            <FormError error/>
            <div class="actions">
                <button type="submit" class="primary">{if id.is_some() { "Save product" } else { "Create product" }}</button>
            </div>
        </ActionForm>
    }
}
