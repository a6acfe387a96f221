//! New ticket: first the account (a plain GET form, so it works without JavaScript; `?account=`
//! from the account page skips it), then the form with that account's contacts, invoices and
//! orders, the products and who may take it.
use crate::api::tickets::{new_ticket_data, CreateTicket};
use crate::components::form::id_options;
use crate::components::form::{AccountPicker, FormKey, SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::ticket::Priority;
use crate::model::ticket_view::NewTicketForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewTicketPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    // `account` from the account page's link, `account_id` from the picker's GET form.
    let account_id = query.get("account").or_else(|| query.get("account_id")).and_then(|s| s.parse::<i64>().ok());
    view! {
        <Title text="New ticket"/>
        {loaded(new_ticket_data(account_id), move |data| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/tickets">"Tickets"</a></p>
                <h1>"New ticket"</h1>
            </div></div>
            <section class="panel">
                {match data.form {
                    Some(f) => view! { <TicketFormView f/> }.into_any(),
                    None => view! {
                        <AccountPicker path="/tickets/new" accounts=data.accounts
                            hint="The ticket's contact, invoice and order come from this account."/>
                    }.into_any(),
                }}
            </section>
        }.into_any())}
    }
}

#[component]
fn TicketFormView(f: NewTicketForm) -> impl IntoView {
    let form = f.form.clone();
    let priorities: Vec<(String, String)> =
        Priority::ALL.iter().map(|p| (p.as_str().to_string(), p.label().to_string())).collect();
    view! {
        <LiveForm action=CreateTicket::PATH class="form grid-2" id="ticket-form">
            <FormKey/>
            <input type="hidden" name="form[account_id]" value=f.account_id/>
            <div class="field">
                <span class="label">"Account"</span>
                <strong id="ticket-account-name">{f.account_name.clone()}</strong>
                <a class="hint" href="/tickets/new">"Choose another account"</a>
            </div>
            <SelectField id="ticket-contact" name="form[contact_id]" field="contact_id" label="Contact"
                options=id_options("— none —", &f.contacts) selected=form.contact_id.clone()/>
            <div class="span-2">
                <TextField id="ticket-subject" name="form[subject]" field="subject" label="Subject" value=form.subject.clone()/>
            </div>
            <div class="span-2">
                <TextField id="ticket-description" name="form[description]" field="description" label="Description"
                    value=form.description.clone() multiline=true hint="What the customer reported, in their words where it helps."/>
            </div>
            <SelectField id="ticket-priority" name="form[priority]" field="priority" label="Priority"
                options=priorities selected=form.priority.clone()/>
            <SelectField id="ticket-assignee" name="form[assignee_id]" field="assignee_id" label="Assignee"
                options=id_options("Automatic", &f.agents) selected=form.assignee_id.clone()/>
            <SelectField id="ticket-invoice" name="form[invoice_id]" field="invoice_id" label="Invoice"
                options=id_options("— none —", &f.invoices) selected=form.invoice_id.clone()/>
            <SelectField id="ticket-order" name="form[sales_order_id]" field="sales_order_id" label="Sales order"
                options=id_options("— none —", &f.orders) selected=form.sales_order_id.clone()/>
            <SelectField id="ticket-product" name="form[product_id]" field="product_id" label="Product"
                options=id_options("— none —", &f.products) selected=form.product_id.clone()/>
            <SubmitRow label="Create ticket"/>
        </LiveForm>
    }
}
