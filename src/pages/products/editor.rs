//! The product form (new and edit): server-rendered, posted by the one `LiveForm` island, errors
//! beside each field.
use crate::api::products::SaveProduct;
use crate::components::form::{FormError, SelectField, TextField};
use crate::components::live_form::LiveForm;
use crate::model::product::{ProductForm, ProductKind};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ProductEditor(id: Option<i64>, value: ProductForm, tax_rates: Vec<(i64, String)>) -> impl IntoView {
    let kinds: Vec<(String, String)> =
        ProductKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect();
    let rates: Vec<(String, String)> = tax_rates.into_iter().map(|(i, l)| (i.to_string(), l)).collect();
    let active = value.active != "false";
    view! {
        <LiveForm action=SaveProduct::PATH class="form grid-2" id="product-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <TextField id="product-sku" name="form[sku]" field="sku" label="SKU" value=value.sku required=true
                hint="Letters, digits, - _ . — unique."/>
            <TextField id="product-name" name="form[name]" field="name" label="Name" value=value.name required=true/>
            <SelectField id="product-kind" name="form[kind]" field="kind" label="Kind" options=kinds selected=value.kind/>
            <TextField id="product-unit" name="form[unit]" field="unit" label="Unit" value=value.unit hint="pcs, h, day, month…"/>
            <TextField id="product-price" name="form[unit_price]" field="unit_price" label="Unit price" value=value.unit_price
                required=true/>
            <TextField id="product-currency" name="form[currency]" field="currency" label="Currency" value=value.currency/>
            <SelectField id="product-tax" name="form[tax_rate_id]" field="tax_rate_id" label="Tax rate" options=rates
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
            <TextField id="product-description" name="form[description]" field="description" label="Description"
                value=value.description multiline=true/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">{if id.is_some() { "Save product" } else { "Create product" }}</button>
            </div>
        </LiveForm>
    }
}
