//! The account form (new and edit): server-rendered, posted by the one `LiveForm` island, errors
//! beside each field.
use crate::api::accounts::{CreateAccount, UpdateAccount};
use crate::components::form::{FormError, SelectField, TextField};
use crate::components::live_form::LiveForm;
use crate::model::account::AccountForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The fields of an account, shared by the create and edit forms.
#[component]
fn AccountFields(
    value: AccountForm,
    owners: Vec<(i64, String)>,
    can_choose_owner: bool,
    editing: bool,
) -> impl IntoView {
    let owner_options: Vec<(String, String)> = owners.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    view! {
        <TextField id="account-name" name="form[name]" field="name" label="Name" value=value.name required=true/>
        <TextField id="account-legal-name" name="form[legal_name]" field="legal_name" label="Legal name" value=value.legal_name
            hint="As printed on invoices, if different."/>
        <TextField id="account-invoice-email" name="form[invoice_email]" field="invoice_email" label="Invoice email"
            kind="email" value=value.invoice_email/>
        <TextField id="account-phone" name="form[phone]" field="phone" label="Phone" kind="tel" value=value.phone/>
        <TextField id="account-tax-id" name="form[tax_id]" field="tax_id" label="Tax id" value=value.tax_id/>
        <TextField id="account-tags" name="form[tags]" field="tags" label="Tags" value=value.tags
            hint="Comma-separated, e.g. enterprise, emea"/>
        <TextField id="account-currency" name="form[currency]" field="currency" label="Currency" value=value.currency
            hint="ISO code such as EUR; empty takes the company default."/>
        <TextField id="account-terms" name="form[payment_terms_days]" field="payment_terms_days" label="Payment terms (days)"
            kind="number" value=value.payment_terms_days/>
        <TextField id="account-billing" name="form[billing_address]" field="billing_address" label="Billing address"
            value=value.billing_address multiline=true/>
        <TextField id="account-shipping" name="form[shipping_address]" field="shipping_address" label="Shipping address"
            value=value.shipping_address multiline=true/>
        <SelectField id="account-owner" name="form[owner_id]" field="owner_id" label="Owner" options=owner_options
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

#[component]
pub fn NewAccountForm(value: AccountForm, owners: Vec<(i64, String)>, can_choose_owner: bool) -> impl IntoView {
    view! {
        <LiveForm action=CreateAccount::PATH class="form grid-2" id="account-form">
            <AccountFields value owners can_choose_owner editing=false/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">"Create account"</button>
            </div>
        </LiveForm>
    }
}

#[component]
pub fn EditAccountForm(
    id: i64,
    value: AccountForm,
    owners: Vec<(i64, String)>,
    can_choose_owner: bool,
) -> impl IntoView {
    view! {
        <LiveForm action=UpdateAccount::PATH class="form grid-2" id="account-form">
            <input type="hidden" name="id" value=id/>
            <AccountFields value owners can_choose_owner editing=true/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">"Save account"</button>
            </div>
        </LiveForm>
    }
}
