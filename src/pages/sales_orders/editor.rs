//! The order editor: the order's fields for its account and the shared line editor (with units),
//! whose totals the server recomputes as you type. A server-rendered form posted by `LiveForm`;
//! only the lines are an island (`LineEditor`).
use crate::api::sales_orders::SaveOrder;
use crate::components::form::{id_options, FormError, SelectField, TextField};
use crate::components::line_editor::LineEditor;
use crate::components::live_form::LiveForm;
use crate::model::lines::{LineForm, TotalsView};
use crate::model::sales_order::OrderForm;
use crate::model::sales_order_view::OrderEditorData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn OrderEditor(
    id: Option<i64>,
    form: OrderForm,
    lines: Vec<LineForm>,
    data: OrderEditorData,
    totals: TotalsView,
) -> impl IntoView {
    let f = form;
    view! {
        <LiveForm action=SaveOrder::PATH class="form grid-2" id="order-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <input type="hidden" name="form[account_id]" value=data.account_id/>
            <div class="field">
                <span class="label">"Account"</span>
                <strong id="order-account-name">{data.account_name.clone()}</strong>
                <span class="hint">{format!("Invoiced in {}", data.currency)}</span>
            </div>
            <SelectField id="order-contact" name="form[contact_id]" field="contact_id" label="Contact"
                options=id_options("— none —", &data.contacts) selected=f.contact_id.clone()/>
            <SelectField id="order-opportunity" name="form[opportunity_id]" field="opportunity_id" label="Won opportunity"
                options=id_options("— none —", &data.opportunities) selected=f.opportunity_id.clone()/>
            {data.can_choose_owner.then(|| view! {
                <SelectField id="order-owner" name="form[owner_id]" field="owner_id" label="Owner"
                    options=id_options("Me / unchanged", &data.owners) selected=f.owner_id.clone()/>
            })}
            <TextField id="order-date" name="form[order_date]" field="order_date" label="Order date" kind="date" value=f.order_date.clone()/>
            <TextField id="order-delivery" name="form[expected_delivery_date]" field="expected_delivery_date"
                label="Expected delivery" kind="date" value=f.expected_delivery_date.clone()/>
            <TextField id="order-terms" name="form[payment_terms_days]" field="payment_terms_days" label="Payment terms (days)"
                kind="number" value=f.payment_terms_days.clone() hint="Empty: the account's terms."/>
            <TextField id="order-reference" name="form[customer_reference]" field="customer_reference"
                label="Customer reference (their PO number)" value=f.customer_reference.clone()/>
            <TextField id="order-billing" name="form[billing_address]" field="billing_address" label="Billing address"
                value=f.billing_address.clone() multiline=true hint="Empty: the account's billing address."/>
            <TextField id="order-shipping" name="form[shipping_address]" field="shipping_address" label="Shipping address"
                value=f.shipping_address.clone() multiline=true hint="Empty: the account's shipping address."/>
            <TextField id="order-notes" name="form[notes]" field="notes" label="Notes" value=f.notes.clone() multiline=true/>
            <LineEditor lines catalog=data.catalog.clone() currency=data.currency.clone() totals with_unit=true/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">
                    {if id.is_some() { "Save order" } else { "Create order" }}
                </button>
            </div>
        </LiveForm>
    }
}
