//! The page a customer opens from an emailed invoice link: no sign-in, no navigation — the
//! invoice, its PDF, how to pay, and "Question this invoice". A bad link is a plain "not found".
use crate::api::customer::{get_customer_invoice, QuestionInvoice};
use crate::components::form::{SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerInvoicePage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    view! {
        {Suspend::new(async move {
            match get_customer_invoice(token.clone()).await {
                Err(_) => view! {
                    <Title text="Not found"/>
                    <main class="center-page"><section class="panel"><h1>"Not found"</h1>
                        <p>"This link does not lead to an invoice. It may have expired: ask the sender for a new one."</p>
                    </section></main>
                }.into_any(),
                Ok(v) => view! {
                    <Title text=format!("Invoice {}", v.number)/>
                    <main class="customer-page">
                        <header class="detail-header">
                            <div>
                                <p class="muted">{v.company.clone()}</p>
                                <h1>{format!("Invoice {}", v.number)}</h1>
                                <p class="muted">{format!("For {} · issued {} · due {}", v.customer, v.issue_date, v.due_date)}</p>
                            </div>
                            <div class="actions"><a class="button" href=format!("/i/{token}/pdf") id="download-pdf">"Download PDF"</a></div>
                        </header>
                        <section class="cards" aria-label="Amounts">
                            <div class="card"><span class="card-label">"Status"</span><span class="card-value small" id="customer-status">{v.status.clone()}</span></div>
                            <div class="card"><span class="card-label">"Total"</span><span class="card-value small">{v.total.clone()}</span></div>
                            <div class="card"><span class="card-label">"Amount due"</span><span class="card-value small" id="amount-due">{v.amount_due.clone()}</span></div>
                        </section>
                        <section class="panel">
                            <div class="table-scroll"><table class="data" id="customer-lines">
                                <thead><tr><th scope="col">"Description"</th><th scope="col" class="num">"Quantity"</th>
                                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Net"</th></tr></thead>
                                <tbody>
                                    {v.lines.iter().map(|(d, q, p, n)| view! {
                                        <tr><td>{d.clone()}</td><td class="num">{q.clone()}</td><td class="num">{p.clone()}</td><td class="num">{n.clone()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <div class="totals">
                                <div><span>"Subtotal"</span><span class="num">{v.subtotal.clone()}</span></div>
                                {v.taxes.iter().map(|(l, t)| view! { <div><span>{l.clone()}</span><span class="num">{t.clone()}</span></div> }).collect_view()}
                                <div class="grand"><span>"Total"</span><span class="num">{v.total.clone()}</span></div>
                            </div>
                        </section>
                        {(!v.paid).then(|| v.payment.clone().map(|p| view! { <section class="panel"><h2>"How to pay"</h2><p>{p}</p></section> }))}
                        <section class="panel" id="question">
                            <h2>"Question this invoice"</h2>
                            {if v.disputed {
                                view! { <p id="question-received">"We have your question and will answer soon; we emailed you a link to follow it. Until then we will not send reminders."</p> }.into_any()
                            } else {
                                view! { <QuestionForm token=token.clone()/> }.into_any()
                            }}
                        </section>
                    </main>
                }.into_any(),
            }
        })}
    }
}

/// The customer's question: server-rendered, posted by the `LiveForm` island. The server fn
/// opens a support ticket and redirects to its customer page, where the answer will appear.
#[component]
fn QuestionForm(token: String) -> impl IntoView {
    view! {
        <LiveForm action=QuestionInvoice::PATH class="form" id="question-form">
            <input type="hidden" name="token" value=token/>
            <p class="hint">"Something wrong with this invoice? Tell us what, and we will pause payment reminders until it is sorted out."</p>
            <TextField id="q-name" name="name" field="name" label="Your name" required=true/>
            <TextField id="q-email" name="email" field="email" label="Your email" kind="email" required=true/>
            <TextField id="q-message" name="message" field="message" label="Your question" multiline=true required=true/>
            <SubmitRow label="Send question"/>
        </LiveForm>
    }
}
