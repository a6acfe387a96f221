//! The draft invoice editor: due date, terms, address, references, notes, and the shared line
//! editor (a draft made from an order keeps the order's lines). A server-rendered form posted by
//! `LiveForm`; only the lines are an island (`LineEditor`).
use crate::api::invoices::SaveInvoice;
use crate::components::form::{FormError, TextField};
use crate::components::line_editor::LineEditor;
use crate::components::live_form::LiveForm;
use crate::model::invoice::InvoiceForm;
use crate::model::invoice_view::InvoiceEditorData;
use crate::model::lines::{LineForm, TotalsView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn InvoiceEditor(
    id: Option<i64>,
    form: InvoiceForm,
    lines: Vec<LineForm>,
    data: InvoiceEditorData,
    totals: TotalsView,
) -> impl IntoView {
    let f = form;
    view! {
        <LiveForm action=SaveInvoice::PATH class="form grid-2" id="invoice-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <input type="hidden" name="form[account_id]" value=data.account_id/>
            <div class="field">
                <span class="label">"Bill to"</span>
                <strong>{data.account_name.clone()}</strong>
                <span class="hint">{format!("Invoiced in {}", data.currency)}</span>
            </div>
            <TextField id="invoice-due" name="form[due_date]" field="due_date" label="Due date" kind="date" value=f.due_date.clone()
                hint="Empty: the issue date plus the payment terms."/>
            <TextField id="invoice-terms" name="form[payment_terms_days]" field="payment_terms_days" label="Payment terms (days)"
                kind="number" value=f.payment_terms_days.clone()/>
            <TextField id="invoice-reference" name="form[customer_reference]" field="customer_reference"
                label="Customer reference" value=f.customer_reference.clone()/>
            <TextField id="invoice-billing" name="form[billing_address]" field="billing_address" label="Billing address"
                value=f.billing_address.clone() multiline=true hint="Copied onto the invoice when it is issued."/>
            <TextField id="invoice-terms-text" name="form[terms_text]" field="terms_text" label="Payment terms text"
                value=f.terms_text.clone() multiline=true hint="Empty: \"Payable within N days of the issue date.\""/>
            <TextField id="invoice-notes" name="form[notes]" field="notes" label="Notes" value=f.notes.clone() multiline=true/>
            {if data.lines_locked {
                view! { <p class="hint span-2">"The lines come from the order. Delete the draft to invoice other quantities."</p> }.into_any()
            } else {
                view! { <LineEditor lines catalog=data.catalog.clone() currency=data.currency.clone() totals with_unit=true/> }.into_any()
            }}
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">
                    {if id.is_some() { "Save draft" } else { "Create draft" }}
                </button>
            </div>
        </LiveForm>
    }
}
