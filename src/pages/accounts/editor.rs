//! The account form (new and edit): one island, posted with ActionForm, errors beside each field.
use crate::api::accounts::{CreateAccount, UpdateAccount};
use crate::components::form::{action_error, hydrated, FormError, SelectField, TextField};
use crate::error::AppError;
use crate::model::account::AccountForm;
use leptos::prelude::*;

/// The fields of an account, shared by the create and edit forms.
#[component]
fn AccountFields(
    error: Signal<Option<AppError>>,
    value: AccountForm,
    owners: Vec<(i64, String)>,
    can_choose_owner: bool,
    editing: bool,
) -> impl IntoView {
    let owner_options: Vec<(String, String)> = owners.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    view! {
        <TextField error id="account-name" name="form[name]" field="name" label="Name" value=value.name required=true/>
        <TextField error id="account-legal-name" name="form[legal_name]" field="legal_name" label="Legal name" value=value.legal_name
            hint="As printed on invoices, if different."/>
        <TextField error id="account-invoice-email" name="form[invoice_email]" field="invoice_email" label="Invoice email"
            kind="email" value=value.invoice_email/>
        <TextField error id="account-phone" name="form[phone]" field="phone" label="Phone" kind="tel" value=value.phone/>
        <TextField error id="account-tax-id" name="form[tax_id]" field="tax_id" label="Tax id" value=value.tax_id/>
        <TextField error id="account-tags" name="form[tags]" field="tags" label="Tags" value=value.tags
            hint="Comma-separated, e.g. enterprise, emea"/>
        <TextField error id="account-currency" name="form[currency]" field="currency" label="Currency" value=value.currency
            hint="ISO code such as EUR; empty takes the company default."/>
        <TextField error id="account-terms" name="form[payment_terms_days]" field="payment_terms_days" label="Payment terms (days)"
            kind="number" value=value.payment_terms_days/>
        <TextField error id="account-billing" name="form[billing_address]" field="billing_address" label="Billing address"
            value=value.billing_address multiline=true/>
        <TextField error id="account-shipping" name="form[shipping_address]" field="shipping_address" label="Shipping address"
            value=value.shipping_address multiline=true/>
        <SelectField error id="account-owner" name="form[owner_id]" field="owner_id" label="Owner" options=owner_options
            selected=value.owner_id.clone() disabled=!can_choose_owner/>
        {(!can_choose_owner).then(|| view! { <input type="hidden" name="form[owner_id]" value=value.owner_id/> })}
        {editing.then(|| {
            let active = value.active != "false";
            view! {
                <div class="field">
                    <label for="account-active">"Status"</label>
                    <select id="account-active" name="form[active]">
                        <option value="true" selected=active>"Active"</option>
                        <option value="false" selected=!active>"Inactive (hidden from pickers)"</option>
                    </select>
                </div>
            }
        })}
    }
}

#[island]
pub fn NewAccountForm(value: AccountForm, owners: Vec<(i64, String)>, can_choose_owner: bool) -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let live = hydrated();
    let error = action_error(&create);
    view! {
        <ActionForm action=create attr:class="form grid-2" attr:id="account-form" attr:data-hydrated=move || live.get().to_string()>
            <AccountFields error value owners can_choose_owner editing=false/>
            <FormError error/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || create.pending().get()>"Create account"</button>
            </div>
        </ActionForm>
    }
}

#[island]
pub fn EditAccountForm(
    id: i64,
    value: AccountForm,
    owners: Vec<(i64, String)>,
    can_choose_owner: bool,
) -> impl IntoView {
    let update = ServerAction::<UpdateAccount>::new();
    let live = hydrated();
    let error = action_error(&update);
    view! {
        <ActionForm action=update attr:class="form grid-2" attr:id="account-form" attr:data-hydrated=move || live.get().to_string()>
            <input type="hidden" name="id" value=id/>
            <AccountFields error value owners can_choose_owner editing=true/>
            <FormError error/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || update.pending().get()>"Save account"</button>
            </div>
        </ActionForm>
    }
}
