//! Recording a payment: choose the account (a plain GET form), then the amount, the method with its
//! own fields, and how much goes to each open invoice ("Allocate oldest due first" fills it in).
//! The form carries a one-time key: submitting it twice makes one payment. A server-rendered form
//! posted by `LiveForm`; no island of its own.
use crate::api::payments::{record_payment_data, RecordPayment, SuggestAllocations};
use crate::components::form::{AccountPicker, FieldError, FormError, SelectField, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::model::payment::{OpenInvoice, PaymentMethod};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RecordPaymentPage() -> impl IntoView {
    let account_id = use_query_map().get_untracked().get("account_id").and_then(|s| s.parse::<i64>().ok());
    view! {
        <Title text="Record payment"/>
        {loaded(record_payment_data(account_id), move |d| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href="/payments">"Payments"</a></p>
                <h1>"Record payment"</h1>
            </div></div>
            <section class="panel">
                {match d.account {
                    Some((id, name, currency)) => view! {
                        <PaymentRecorder account_id=id account_name=name currency invoices=d.invoices form_key=d.form_key today=d.today/>
                    }.into_any(),
                    None => view! {
                        <AccountPicker path="/payments/new" accounts=d.accounts
                            hint="Then its open invoices are listed to allocate the payment to."/>
                    }.into_any(),
                }}
            </section>
        }.into_any())}
    }
}

/// The record form, server-rendered and posted by `LiveForm`. The method's own fields show by CSS
/// (`:has()` on the chosen method, so they work without JavaScript too); "Allocate oldest due
/// first" asks the server (`suggest_allocations`), which `LiveForm` writes into the inputs.
#[component]
fn PaymentRecorder(
    account_id: i64,
    account_name: String,
    currency: String,
    invoices: Vec<OpenInvoice>,
    form_key: String,
    today: String,
) -> impl IntoView {
    let methods: Vec<(String, String)> =
        PaymentMethod::ALL.iter().map(|m| (m.as_str().to_string(), m.label().to_string())).collect();
    view! {
        <LiveForm action=RecordPayment::PATH class="form grid-2 payment-form" id="payment-form">
            <input type="hidden" name="form[account_id]" value=account_id/>
            <input type="hidden" name="form[form_key]" value=form_key/>
            <div class="field">
                <span class="label">"From"</span>
                <strong id="payment-account">{account_name}</strong>
                <span class="hint">{format!("Amounts in {currency}")}</span>
            </div>
            <TextField id="pay-date" name="form[date]" field="date" label="Received on" kind="date" value=today/>
            <TextField id="pay-amount" name="form[amount]" field="amount" label="Amount" required=true/>
            <SelectField id="pay-method" name="form[method]" field="method" label="Method" options=methods
                selected="bank_transfer"/>
            <SelectField id="pay-status" name="form[status]" field="status" label="Status"
                options=vec![(String::new(), "Usual for the method (a cheque waits to clear)".into()), ("completed".into(), "Completed: the money arrived".into()), ("pending".into(), "Pending".into())]
                selected=String::new()/>
            <div class="field method-fields method-cheque">
                <label for="pay-cheque">"Cheque number"</label>
                <input id="pay-cheque" name="form[cheque_number]" aria-describedby="cheque_number-error"/>
                <FieldError field="cheque_number"/>
                <label for="pay-cheque-bank">"Bank"</label>
                <input id="pay-cheque-bank" name="form[cheque_bank]"/>
                <label for="pay-cheque-date">"Cheque date"</label>
                <input id="pay-cheque-date" name="form[cheque_date]" type="date" aria-describedby="cheque_date-error"/>
                <FieldError field="cheque_date"/>
            </div>
            <div class="field method-fields method-card">
                <label for="pay-card-ref">"Processor reference"</label>
                <input id="pay-card-ref" name="form[card_reference]"/>
                <label for="pay-card-last4">"Last 4 digits"</label>
                <input id="pay-card-last4" name="form[card_last4]" inputmode="numeric" maxlength="4" size="4" aria-describedby="card_last4-error"/>
                <FieldError field="card_last4"/>
            </div>
            <div class="field method-fields method-bank_transfer">
                <label for="pay-transfer">"Transfer reference"</label>
                <input id="pay-transfer" name="form[transfer_reference]"/>
            </div>
            <TextField id="pay-reference" name="form[reference]" field="reference" label="Reference"/>
            <TextField id="pay-notes" name="form[notes]" field="notes" label="Notes" multiline=true/>
            <div class="span-2">
                <div class="section-head">
                    <h3>"Allocate to open invoices"</h3>
                    <button type="submit" id="allocate-oldest" class="needs-js" formaction=SuggestAllocations::PATH>
                        "Allocate oldest due first"
                    </button>
                </div>
                {if invoices.is_empty() {
                    view! { <p class="empty">"No open invoices: the payment becomes the account's credit."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="allocation-table">
                            <thead><tr><th scope="col">"Invoice"</th><th scope="col">"Due"</th><th scope="col" class="num">"Open"</th><th scope="col" class="num">"Pay now"</th></tr></thead>
                            <tbody>
                                {invoices.into_iter().enumerate().map(|(i, inv)| view! {
                                    <tr>
                                        <td>{inv.number.clone()}</td>
                                        <td>{inv.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                        <td class="num">{inv.balance_label.clone()}</td>
                                        <td class="num">
                                            <input type="hidden" name=format!("allocations[{i}][invoice_id]") value=inv.id/>
                                            <input name=format!("allocations[{i}][amount]") inputmode="decimal" size="8"
                                                aria-label=format!("Pay now on {}", inv.number) aria-describedby=format!("allocations[{i}].amount-error")/>
                                            <FieldError field=format!("allocations[{i}].amount")/>
                                            <FieldError field=format!("allocations[{i}].invoice_id")/>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <p class="hint">"What is not allocated stays on the account as credit for later invoices."</p>
            </div>
            <FormError/>
            <div class="actions"><button type="submit" class="primary">"Record payment"</button></div>
        </LiveForm>
    }
}
