//! Recording a payment: choose the account (a plain GET form), then the amount, the method with its
//! own fields, and how much goes to each open invoice ("Allocate oldest due first" fills it in).
//! The form carries a one-time key: submitting it twice makes one payment. The form stays an island
//! (the method's fields and the allocation fill-in change in the browser) and posts through
//! `live_form::submit_into`, so no typed server-fn client is in the wasm.
use crate::api::payments::{record_payment_data, RecordPayment};
use crate::components::form::{hydrated, AccountPicker, FieldError, FormError, SelectField, TextField};
use crate::components::live_form::submit_into;
use crate::components::page::loaded;
use crate::error::AppError;
use crate::model::money::parse_decimal;
use crate::model::payment::{oldest_due_first, OpenInvoice, PaymentMethod};
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

#[island]
fn PaymentRecorder(
    account_id: i64,
    account_name: String,
    currency: String,
    invoices: Vec<OpenInvoice>,
    form_key: String,
    today: String,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let live = hydrated();
    let method = RwSignal::new("bank_transfer".to_string());
    let amount = RwSignal::new(String::new());
    let shares: Vec<RwSignal<String>> = invoices.iter().map(|_| RwSignal::new(String::new())).collect();
    let shares = StoredValue::new(shares);
    let open = StoredValue::new(invoices.clone());
    let fill = move |_| {
        let Ok(total) = parse_decimal(&amount.get_untracked()) else { return };
        let list: Vec<(i64, Option<chrono::NaiveDate>, rust_decimal::Decimal)> =
            open.with_value(|o| o.iter().map(|i| (i.id, i.due_date, i.balance.parse().unwrap_or_default())).collect());
        let picked = oldest_due_first(total, &list);
        open.with_value(|o| {
            shares.with_value(|s| {
                for (inv, sig) in o.iter().zip(s) {
                    sig.set(
                        picked.iter().find(|(id, _)| *id == inv.id).map(|(_, a)| a.to_string()).unwrap_or_default(),
                    );
                }
            })
        });
    };
    let methods: Vec<(String, String)> =
        PaymentMethod::ALL.iter().map(|m| (m.as_str().to_string(), m.label().to_string())).collect();
    let is = move |m: &'static str| move || method.get() == m;
    view! {
        <form method="post" action=RecordPayment::PATH class="form grid-2" id="payment-form"
            data-hydrated=move || live.get().to_string() on:submit=submit_into(error, pending)>
            <input type="hidden" name="form[account_id]" value=account_id/>
            <input type="hidden" name="form[form_key]" value=form_key/>
            <div class="field">
                <span class="label">"From"</span>
                <strong id="payment-account">{account_name}</strong>
                <span class="hint">{format!("Amounts in {currency}")}</span>
            </div>
            <TextField error id="pay-date" name="form[date]" field="date" label="Received on" kind="date" value=today/>
            <div class="field">
                <label for="pay-amount">"Amount *"</label>
                <input id="pay-amount" name="form[amount]" inputmode="decimal" aria-describedby="amount-error"
                    on:input=move |ev| amount.set(event_target_value(&ev))/>
                <FieldError error field="amount"/>
            </div>
            <div class="field">
                <label for="pay-method">"Method"</label>
                <select id="pay-method" name="form[method]" on:change=move |ev| method.set(event_target_value(&ev))>
                    {methods.into_iter().map(|(v, l)| { let s = v == "bank_transfer"; view! { <option value=v selected=s>{l}</option> } }).collect_view()}
                </select>
                <FieldError error field="method"/>
            </div>
            <SelectField error id="pay-status" name="form[status]" field="status" label="Status"
                options=vec![(String::new(), "Usual for the method (a cheque waits to clear)".into()), ("completed".into(), "Completed: the money arrived".into()), ("pending".into(), "Pending".into())]
                selected=String::new()/>
            <div class="field" class:hidden=move || !is("cheque")()>
                <label for="pay-cheque">"Cheque number"</label>
                <input id="pay-cheque" name="form[cheque_number]" aria-describedby="cheque_number-error"/>
                <FieldError error field="cheque_number"/>
                <label for="pay-cheque-bank">"Bank"</label>
                <input id="pay-cheque-bank" name="form[cheque_bank]"/>
                <label for="pay-cheque-date">"Cheque date"</label>
                <input id="pay-cheque-date" name="form[cheque_date]" type="date"/>
                <FieldError error field="cheque_date"/>
            </div>
            <div class="field" class:hidden=move || !is("card")()>
                <label for="pay-card-ref">"Processor reference"</label>
                <input id="pay-card-ref" name="form[card_reference]"/>
                <label for="pay-card-last4">"Last 4 digits"</label>
                <input id="pay-card-last4" name="form[card_last4]" inputmode="numeric" maxlength="4" size="4" aria-describedby="card_last4-error"/>
                <FieldError error field="card_last4"/>
            </div>
            <div class="field" class:hidden=move || !is("bank_transfer")()>
                <label for="pay-transfer">"Transfer reference"</label>
                <input id="pay-transfer" name="form[transfer_reference]"/>
            </div>
            <TextField error id="pay-reference" name="form[reference]" field="reference" label="Reference"/>
            <TextField error id="pay-notes" name="form[notes]" field="notes" label="Notes" multiline=true/>
            <div class="span-2">
                <div class="section-head">
                    <h3>"Allocate to open invoices"</h3>
                    <button type="button" id="allocate-oldest" on:click=fill>"Allocate oldest due first"</button>
                </div>
                {if invoices.is_empty() {
                    view! { <p class="empty">"No open invoices: the payment becomes the account's credit."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="data" id="allocation-table">
                            <thead><tr><th scope="col">"Invoice"</th><th scope="col">"Due"</th><th scope="col" class="num">"Open"</th><th scope="col" class="num">"Pay now"</th></tr></thead>
                            <tbody>
                                {invoices.into_iter().enumerate().map(|(i, inv)| {
                                    let share = shares.with_value(|s| s[i]);
                                    view! {
                                        <tr>
                                            <td>{inv.number.clone()}</td>
                                            <td>{inv.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                            <td class="num">{inv.balance_label.clone()}</td>
                                            <td class="num">
                                                <input type="hidden" name=format!("allocations[{i}][invoice_id]") value=inv.id/>
                                                <input name=format!("allocations[{i}][amount]") inputmode="decimal" size="8"
                                                    aria-label=format!("Pay now on {}", inv.number) aria-describedby=format!("allocations[{i}].amount-error")
                                                    prop:value=move || share.get() on:input=move |ev| share.set(event_target_value(&ev))/>
                                                <FieldError error field=format!("allocations[{i}].amount")/>
                                                <FieldError error field=format!("allocations[{i}].invoice_id")/>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <p class="hint">"What is not allocated stays on the account as credit for later invoices."</p>
            </div>
            <FormError error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || pending.get()>"Record payment"</button></div>
        </form>
    }
}
