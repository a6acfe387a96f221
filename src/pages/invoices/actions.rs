//! The invoice page's forms: issue / void / delete, send with recipients, write a credit note, make
//! or revoke customer links, and resolve a customer's question. Server-rendered forms; the one
//! `LiveForm` island posts them.
use crate::api::invoice_actions::{
    CreateCreditNote, NewCustomerLink, ResolveInvoiceQuestion, RevokeCustomerLink, SendInvoice,
};
use crate::api::invoices::{ApplyInvoiceEvent, DeleteInvoiceDraft};
use crate::components::form::{FieldError, FormError, FormKey, LineQuantityInput, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::invoice::{InvoiceEvent, InvoiceLineDto};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Issue and void (void asks once more), and deleting a draft.
#[component]
pub fn InvoiceActions(id: i64, actions: Vec<InvoiceEvent>, draft: bool) -> impl IntoView {
    let issue = actions.contains(&InvoiceEvent::Issue);
    let void = actions.contains(&InvoiceEvent::Void);
    view! {
        <LiveForm class="actions invoice-actions">
            {issue.then(|| view! {
                <form method="post" action=ApplyInvoiceEvent::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <input type="hidden" name="event" value="issue"/>
                    <button type="submit" class="primary">{InvoiceEvent::Issue.label()}</button>
                </form>
            })}
            {draft.then(|| view! {
                <form method="post" action=DeleteInvoiceDraft::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <button type="submit" class="danger">"Delete draft"</button>
                </form>
            })}
            {void.then(|| view! {
                <details class="lost">
                    <summary class="button danger-link">"Void invoice"</summary>
                    <form method="post" action=ApplyInvoiceEvent::PATH class="form">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <input type="hidden" name="event" value="void"/>
                        <p>"A void invoice keeps its number and cannot be reopened."</p>
                        <button type="submit" class="danger">"Yes, void it"</button>
                    </form>
                </details>
            })}
            <FormError/>
        </LiveForm>
    }
}

/// Emails the invoice (link and PDF) to the invoice address and the chosen contacts.
#[component]
pub fn SendForm(id: i64, invoice_email: String, contacts: Vec<(i64, String)>) -> impl IntoView {
    view! {
        <LiveForm action=SendInvoice::PATH class="form" id="send-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <p>{if invoice_email.is_empty() {
                "The account has no invoice email: choose at least one contact.".to_string()
            } else {
                format!("To the invoice email {invoice_email}, and:")
            }}</p>
            {contacts.into_iter().enumerate().map(|(i, (cid, label))| view! {
                <label class="check"><input type="checkbox" name=format!("contacts[{i}]") value=cid/>" " {label}</label>
            }).collect_view()}
            <FieldError field="contacts"/>
            <SubmitRow label="Send invoice"/>
        </LiveForm>
    }
}

/// A credit note: the reason, and the whole invoice or quantities of chosen lines.
#[component]
pub fn CreditNoteEditor(invoice_id: i64, lines: Vec<InvoiceLineDto>) -> impl IntoView {
    view! {
        <LiveForm action=CreateCreditNote::PATH class="form" id="credit-form">
            <input type="hidden" name="invoice_id" value=invoice_id/>
            <FormKey/>
            <TextField id="credit-reason" name="form[reason]" field="reason" label="Reason" required=true/>
            <label class="check"><input type="checkbox" name="form[whole]" value="true" id="credit-whole"/>" Credit everything not yet credited"</label>
            <div class="table-scroll">
                <table class="data" id="credit-lines">
                    <thead><tr><th scope="col">"Line"</th><th scope="col" class="num">"Invoiced"</th>
                        <th scope="col" class="num">"Credited"</th><th scope="col" class="num">"Credit now"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().enumerate().map(|(i, l)| view! {
                            <tr>
                                <td>{l.description.clone()}</td>
                                <td class="num">{format!("{} {}", l.quantity, l.unit)}</td>
                                <td class="num">{l.credited_quantity.clone()}</td>
                                <td class="num">
                                    <LineQuantityInput list="form[lines]" index=i line_id=l.id label=format!("Credit now: {}", l.description)/>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <FieldError field="lines"/>
            <SubmitRow label="Issue credit note"/>
        </LiveForm>
    }
}

/// Make a new customer link, or revoke one.
#[component]
pub fn LinkActions(invoice_id: i64, revocable: Vec<i64>) -> impl IntoView {
    view! {
        <LiveForm class="actions link-actions">
            <form method="post" action=NewCustomerLink::PATH class="inline">
                <input type="hidden" name="invoice_id" value=invoice_id/>
                <FormKey/>
                <label class="check"><input type="checkbox" name="revoke_earlier" value="true" id="revoke-earlier"/>" Revoke earlier links"</label>
                " "
                <button type="submit">"New customer link"</button>
            </form>
            {revocable.into_iter().map(|link| view! {
                <form method="post" action=RevokeCustomerLink::PATH class="inline">
                    <input type="hidden" name="invoice_id" value=invoice_id/>
                    <FormKey/>
                    <input type="hidden" name="link_id" value=link/>
                    <button type="submit" class="danger">{format!("Revoke link #{link}")}</button>
                </form>
            }).collect_view()}
            <FormError/>
        </LiveForm>
    }
}

/// Answer the customer's question: dunning resumes.
#[component]
pub fn ResolveQuestion(invoice_id: i64) -> impl IntoView {
    view! {
        <LiveForm action=ResolveInvoiceQuestion::PATH class="form" id="resolve-form">
            <input type="hidden" name="invoice_id" value=invoice_id/>
            <FormKey/>
            <TextField id="resolution" name="resolution" field="resolution" label="How it was resolved" multiline=true required=true/>
            <SubmitRow label="Mark resolved"/>
        </LiveForm>
    }
}
