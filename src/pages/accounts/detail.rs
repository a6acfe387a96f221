//! One account: header with its facts, the edit form (for those who may), contacts, its newest
//! deals, orders, invoices, payments and tickets, timeline.
use super::editor::EditAccountForm;
use crate::api::accounts::{get_account, DeleteContact, SaveContact};
use crate::components::form::{FormError, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::account::AccountForm;
use crate::model::contact::{ContactDto, ContactForm};
use crate::model::display::{money, or_dash};
use crate::pages::contracts::ContractTable;
use crate::pages::invoices::InvoiceTable;
use crate::pages::opportunities::StageBadge;
use crate::pages::payments::PaymentTable;
use crate::pages::sales_orders::OrderTable;
use crate::pages::tickets::TicketTable;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn AccountDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_account(id), move |v| {
            let a = v.account.clone();
            let form = AccountForm::from(&a);
            view! {
                <Title text=a.name.clone()/>
                <div class="detail-header">
                    <div>
                        <p class="crumbs"><a href="/accounts">"Accounts"</a></p>
                        <h1>{a.name.clone()}</h1>
                        <p class="muted">
                            "Owner " <strong id="account-owner-name">{a.owner_name.clone()}</strong>
                            " · " {a.currency.clone()} " · " {format!("{} days", a.payment_terms_days)} " "
                            {if a.active { view! { <span class="badge ok">"Active"</span> } } else { view! { <span class="badge muted">"Inactive"</span> } }}
                        </p>
                        <span class="tags">{a.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span>
                    </div>
                    <div class="actions">
                        {v.can_edit.then(|| view! { <a class="button" href=format!("/opportunities/new?account_id={}", a.id)>"New opportunity"</a> })}
                        {v.can_create_order.then(|| view! { <a class="button" href=format!("/orders/new?account_id={}", a.id)>"New order"</a> })}
                        {v.can_create_invoice.then(|| view! { <a class="button" href=format!("/invoices/new?account_id={}", a.id)>"New invoice"</a> })}
                        {v.can_record_payment.then(|| view! { <a class="button" href=format!("/payments/new?account_id={}", a.id)>"Record payment"</a> })}
                    </div>
                </div>
                <div class="columns">
                    <div>
                        <section class="panel" id="details">
                            <h2>"Details"</h2>
                            <dl class="facts">
                                <dt>"Legal name"</dt><dd>{or_dash(&a.legal_name)}</dd>
                                <dt>"Tax id"</dt><dd>{or_dash(&a.tax_id)}</dd>
                                <dt>"Invoice email"</dt><dd>{or_dash(&a.invoice_email)}</dd>
                                <dt>"Phone"</dt><dd>{or_dash(&a.phone)}</dd>
                                <dt>"Billing address"</dt><dd>{or_dash(&a.billing_address)}</dd>
                                <dt>"Shipping address"</dt><dd>{or_dash(&a.shipping_address)}</dd>
                            </dl>
                            {v.can_edit.then(|| view! {
                                <details class="edit">
                                    <summary>"Edit account"</summary>
                                    <EditAccountForm id=a.id value=form.clone() owners=v.owners.clone() can_choose_owner=v.can_reassign/>
                                </details>
                            })}
                        </section>
                        <section class="panel" id="contacts">
                            <h2>"Contacts"</h2>
                            {if v.contacts.is_empty() {
                                view! { <p class="empty">"No contacts yet."</p> }.into_any()
                            } else {
                                view! { <ul class="contact-list">{v.contacts.iter().cloned().map(|c| view! { <ContactItem c can_edit=v.can_edit/> }).collect_view()}</ul> }.into_any()
                            }}
                            {v.can_edit.then(|| view! {
                                <details class="edit" open=v.contacts.is_empty()>
                                    <summary>"Add a contact"</summary>
                                    <ContactEditor account_id=a.id contact=None/>
                                </details>
                            })}
                        </section>
                    </div>
                    <div>
                    <section class="panel" id="opportunities">
                        <div class="section-head">
                            <h2>"Opportunities"</h2>
                            <a href=format!("/opportunities?account={}", a.id)>"All"</a>
                        </div>
                        {if v.opportunities.is_empty() {
                            view! { <p class="empty">"No opportunities yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="data">
                                    <tbody>
                                        {v.opportunities.iter().map(|o| view! {
                                            <tr>
                                                <td><a href=format!("/opportunities/{}", o.id)>{o.name.clone()}</a></td>
                                                <td><StageBadge stage=o.stage/></td>
                                                <td class="num">{money(&o.amount, &o.currency)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                {v.more_opportunities.then(|| view! { <p class="hint">"Showing the 20 newest."</p> })}
                            }.into_any()
                        }}
                    </section>
                    <section class="panel" id="orders">
                        <div class="section-head">
                            <h2>"Sales orders"</h2>
                            <a href=format!("/orders?account={}", a.id)>"All"</a>
                        </div>
                        <OrderTable orders=v.orders.clone()/>
                        {v.more_orders.then(|| view! { <p class="hint">"Showing the 10 newest."</p> })}
                    </section>
                    <section class="panel" id="invoices">
                        <div class="section-head">
                            <h2>"Invoices"</h2>
                            <a href=format!("/invoices?account={}", a.id)>"All"</a>
                        </div>
                        <InvoiceTable invoices=v.invoices.clone()/>
                        {v.more_invoices.then(|| view! { <p class="hint">"Showing the 10 newest."</p> })}
                    </section>
                    {v.can_view_payments.then(|| view! {
                        <section class="panel" id="payments">
                            <div class="section-head">
                                <h2>"Payments"</h2>
                                <span>
                                    <a href=format!("/accounts/{}/statement", a.id)>"Statement"</a> " · "
                                    <a href=format!("/payments?account={}", a.id)>"All"</a>
                                </span>
                            </div>
                            <p id="account-credit">{if v.credit.is_empty() { "No credit on the account.".to_string() } else { format!("Credit on the account: {}", v.credit.join(", ")) }}</p>
                            <PaymentTable payments=v.payments.clone()/>
                        </section>
                    })}
                    {v.can_view_tickets.then(|| view! {
                        <section class="panel" id="tickets">
                            <div class="section-head">
                                <h2>"Tickets"</h2>
                                <span>
                                    {v.can_create_ticket.then(|| view! { <a href=format!("/tickets/new?account={}", a.id)>"New ticket"</a> " · " })}
                                    <a href=format!("/tickets?queue=all&account={}", a.id)>"All"</a>
                                </span>
                            </div>
                            <TicketTable tickets=v.tickets.clone()/>
                            {v.more_tickets.then(|| view! { <p class="hint">"Showing the 10 newest."</p> })}
                        </section>
                    })}
                    {v.can_view_contracts.then(|| view! {
                        <section class="panel" id="contracts">
                            <div class="section-head">
                                <h2>"Contracts"</h2>
                                <span>
                                    {v.can_create_contract.then(|| view! { <a href=format!("/contracts/new?account_id={}", a.id)>"New contract"</a> " · " })}
                                    <a href=format!("/contracts?account={}", a.id)>"All"</a>
                                </span>
                            </div>
                            <ContractTable contracts=v.contracts.clone()/>
                            {v.more_contracts.then(|| view! { <p class="hint">"Showing the 10 newest."</p> })}
                        </section>
                    })}
                    <TimelinePanel events=v.events/>
                    </div>
                </div>
            }.into_any()
        })}
    }
}

#[component]
fn ContactItem(c: ContactDto, can_edit: bool) -> impl IntoView {
    let account_id = c.account_id;
    view! {
        <li class="contact">
            <div>
                <strong>{c.name.clone()}</strong>
                {c.is_primary.then(|| view! { " " <span class="badge ok">"Primary"</span> })}
                {(!c.job_title.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", c.job_title)}</span> })}
            </div>
            <div class="muted">
                {(!c.email.is_empty()).then(|| view! { <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a> " " })}
                {c.phone.clone()}
            </div>
            {can_edit.then(|| view! {
                <details class="edit">
                    <summary>"Edit"</summary>
                    <ContactEditor account_id contact=Some(c.clone())/>
                </details>
            })}
        </li>
    }
}

/// Add or edit one contact; an existing one can also be removed. Two plain forms, each posted by
/// its own `LiveForm` (the remove button keeps its error beside it).
#[component]
fn ContactEditor(account_id: i64, contact: Option<ContactDto>) -> impl IntoView {
    let key = contact.as_ref().map(|c| c.id.to_string()).unwrap_or_else(|| "new".into());
    let value = contact.as_ref().map(ContactForm::from).unwrap_or_default();
    let contact_id = contact.as_ref().map(|c| c.id);
    let primary = value.is_primary == "true";
    let [form_id, name_id, email_id, phone_id, title_id] =
        ["contact-form", "contact-name", "contact-email", "contact-phone", "contact-title"]
            .map(|p| format!("{p}-{key}"));
    view! {
        <LiveForm action=SaveContact::PATH class="form grid-2" id=form_id>
            <input type="hidden" name="account_id" value=account_id/>
            {contact_id.map(|id| view! { <input type="hidden" name="contact_id" value=id/> })}
            <TextField id=name_id name="form[name]" field="name" label="Name" value=value.name required=true/>
            <TextField id=email_id name="form[email]" field="email" label="Email" kind="email" value=value.email/>
            <TextField id=phone_id name="form[phone]" field="phone" label="Phone" kind="tel" value=value.phone/>
            <TextField id=title_id name="form[job_title]" field="job_title" label="Job title" value=value.job_title/>
            <label class="check"><input type="checkbox" name="form[is_primary]" value="true" checked=primary/>" Primary contact"</label>
            <SubmitRow label={if contact_id.is_some() { "Save contact" } else { "Add contact" }}/>
        </LiveForm>
        {contact_id.map(|id| view! {
            <LiveForm action=DeleteContact::PATH class="inline">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="danger">"Remove contact"</button>
                <FormError/>
            </LiveForm>
        })}
    }
}
