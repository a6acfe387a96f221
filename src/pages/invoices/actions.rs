//! The islands of the invoice page: issue / void / delete, send with recipients, write a credit
//! note, make or revoke customer links, and resolve a customer's question.
use crate::api::invoice_actions::{
    CreateCreditNote, NewCustomerLink, ResolveInvoiceQuestion, RevokeCustomerLink, SendInvoice,
};
use crate::api::invoices::{ApplyInvoiceEvent, DeleteInvoiceDraft};
use crate::components::form::{
    action_error, either_action_error, hydrated, FieldError, FormError, FormKey, LineQuantityInput, SubmitRow,
    TextField,
};
use crate::model::invoice::{InvoiceEvent, InvoiceLineDto};
use leptos::prelude::*;

/// Issue and void (void asks once more), and deleting a draft.
#[island]
pub fn InvoiceActions(id: i64, actions: Vec<InvoiceEvent>, draft: bool) -> impl IntoView {
    let act = ServerAction::<ApplyInvoiceEvent>::new();
    let delete = ServerAction::<DeleteInvoiceDraft>::new();
    let live = hydrated();
    let error = either_action_error(&act, &delete);
    let issue = actions.contains(&InvoiceEvent::Issue);
    let void = actions.contains(&InvoiceEvent::Void);
    view! {
        <div class="actions invoice-actions" data-hydrated=move || live.get().to_string()>
            {issue.then(|| view! {
                <ActionForm action=act attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <input type="hidden" name="event" value="issue"/>
                    <button type="submit" class="primary">{InvoiceEvent::Issue.label()}</button>
                </ActionForm>
            })}
            {draft.then(|| view! {
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <button type="submit" class="danger">"Delete draft"</button>
                </ActionForm>
            })}
            {void.then(|| view! {
                <details class="lost">
                    <summary class="button danger-link">"Void invoice"</summary>
                    <ActionForm action=act attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <input type="hidden" name="event" value="void"/>
                        <p>"A void invoice keeps its number and cannot be reopened."</p>
                        <button type="submit" class="danger">"Yes, void it"</button>
                    </ActionForm>
                </details>
            })}
            <FormError error/>
        </div>
    }
}

/// Emails the invoice (link and PDF) to the invoice address and the chosen contacts.
#[island]
pub fn SendForm(id: i64, invoice_email: String, contacts: Vec<(i64, String)>) -> impl IntoView {
    let act = ServerAction::<SendInvoice>::new();
    let live = hydrated();
    let error = action_error(&act);
    view! {
        <ActionForm action=act attr:class="form" attr:id="send-form" attr:data-hydrated=move || live.get().to_string()>
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
            <FieldError error field="contacts"/>
            <SubmitRow error label="Send invoice"/>
        </ActionForm>
    }
}

/// A credit note: the reason, and the whole invoice or quantities of chosen lines.
#[island]
pub fn CreditNoteEditor(invoice_id: i64, lines: Vec<InvoiceLineDto>) -> impl IntoView {
    let act = ServerAction::<CreateCreditNote>::new();
    let live = hydrated();
    let error = action_error(&act);
    view! {
        <ActionForm action=act attr:class="form" attr:id="credit-form" attr:data-hydrated=move || live.get().to_string()>
            <input type="hidden" name="invoice_id" value=invoice_id/>
            <FormKey/>
            <TextField error id="credit-reason" name="form[reason]" field="reason" label="Reason" required=true/>
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
                                    <LineQuantityInput error list="form[lines]" index=i line_id=l.id label=format!("Credit now: {}", l.description)/>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <FieldError error field="lines"/>
            <SubmitRow error label="Issue credit note"/>
        </ActionForm>
    }
}

/// Make a new customer link, or revoke one.
#[island]
pub fn LinkActions(invoice_id: i64, revocable: Vec<i64>) -> impl IntoView {
    let make = ServerAction::<NewCustomerLink>::new();
    let revoke = ServerAction::<RevokeCustomerLink>::new();
    let live = hydrated();
    let error = either_action_error(&make, &revoke);
    view! {
        <div class="actions link-actions" data-hydrated=move || live.get().to_string()>
            <ActionForm action=make attr:class="inline">
                <input type="hidden" name="invoice_id" value=invoice_id/>
                <FormKey/>
                <label class="check"><input type="checkbox" name="revoke_earlier" value="true" id="revoke-earlier"/>" Revoke earlier links"</label>
                " "
                <button type="submit">"New customer link"</button>
            </ActionForm>
            {revocable.into_iter().map(|link| view! {
                <ActionForm action=revoke attr:class="inline">
                    <input type="hidden" name="invoice_id" value=invoice_id/>
                    <FormKey/>
                    <input type="hidden" name="link_id" value=link/>
                    <button type="submit" class="danger">{format!("Revoke link #{link}")}</button>
                </ActionForm>
            }).collect_view()}
            <FormError error/>
        </div>
    }
}

/// Answer the customer's question: dunning resumes.
#[island]
pub fn ResolveQuestion(invoice_id: i64) -> impl IntoView {
    let act = ServerAction::<ResolveInvoiceQuestion>::new();
    let live = hydrated();
    let error = action_error(&act);
    view! {
        <ActionForm action=act attr:class="form" attr:id="resolve-form" attr:data-hydrated=move || live.get().to_string()>
            <input type="hidden" name="invoice_id" value=invoice_id/>
            <FormKey/>
            <TextField error id="resolution" name="resolution" field="resolution" label="How it was resolved" multiline=true required=true/>
            <SubmitRow error label="Mark resolved"/>
        </ActionForm>
    }
}
