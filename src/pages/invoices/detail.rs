//! One invoice: number, status and balance; the actions the machine allows; lines with totals and
//! the tax summary; the PDF; credit notes; sending; customer links; questions; and the timeline.
use super::actions::{CreditNoteEditor, InvoiceActions, LinkActions, ResolveQuestion, SendForm};
use super::editor::InvoiceEditor;
use super::InvoiceStatusBadge;
use crate::api::invoices::get_invoice;
use crate::components::document::{EditPanel, Totals};
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::display::datetime;
use crate::model::display::money;
use crate::model::invoice::{InvoiceEvent, InvoiceForm, InvoiceStatus};
use crate::model::invoice_view::InvoiceView;
use crate::model::lines::LineForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InvoiceDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_invoice(id), move |v| view! { <InvoiceDetail v/> }.into_any())}
    }
}

#[component]
fn InvoiceDetail(v: InvoiceView) -> impl IntoView {
    let i = v.invoice.clone();
    let cur = i.currency.clone();
    let draft = i.status == InvoiceStatus::Draft;
    let can_send = v.actions.contains(&InvoiceEvent::Send);
    let revocable: Vec<i64> = v.links.iter().filter(|l| l.active).map(|l| l.id).collect();
    let open_question = v.disputes.iter().any(|d| d.open);
    view! {
        <Title text=i.title()/>
        <div class="detail-header">
            <div>
                <p class="crumbs"><a href="/invoices">"Invoices"</a></p>
                <h1 id="invoice-number">{i.title()}</h1>
                <p class="muted">
                    <a href=format!("/accounts/{}", i.account_id)>{i.account_name.clone()}</a> " · "
                    <span id="invoice-status"><InvoiceStatusBadge status=i.status/></span>
                    {i.disputed.then(|| view! { " " <span class="badge status-queued" id="invoice-disputed">"Questioned: reminders paused"</span> })}
                    {i.issue_date.map(|d| format!(" · issued {d}"))}
                    {i.due_date.map(|d| format!(" · due {d}"))}
                </p>
                {i.sales_order_id.map(|oid| view! {
                    <p class="muted">"For order " <a href=format!("/orders/{oid}")>{i.sales_order_number.clone().unwrap_or_default()}</a></p>
                })}
            </div>
            {(!v.actions.is_empty() || (draft && v.can_manage)).then(|| view! {
                <InvoiceActions id=i.id actions=v.actions.clone() draft=draft && v.can_manage/>
            })}
        </div>
        <section class="cards" aria-label="Amounts">
            <div class="card"><span class="card-label">"Total"</span><span class="card-value small">{money(&i.total, &cur)}</span></div>
            <div class="card"><span class="card-label">"Credit notes"</span><span class="card-value small">{money(&i.credited, &cur)}</span></div>
            <div class="card"><span class="card-label">"Paid"</span><span class="card-value small">{money(&i.paid, &cur)}</span></div>
            <div class="card"><span class="card-label">"Balance"</span><span class="card-value small" id="invoice-balance">{money(&i.balance, &cur)}</span>
                {(!v.pending.is_empty()).then(|| view! { <span class="card-note" id="invoice-pending">{format!("{} pending", v.pending)}</span> })}</div>
        </section>
        <section class="panel" id="lines">
            <h2>"Lines"</h2>
            <div class="table-scroll"><table class="data" id="invoice-lines">
                <thead><tr>
                    <th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th><th scope="col">"Unit"</th>
                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount"</th>
                    <th scope="col" class="num">"Tax"</th><th scope="col" class="num">"Net"</th><th scope="col" class="num">"Credited"</th>
                </tr></thead>
                <tbody>
                    {v.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.description.clone()}</td>
                            <td class="num">{l.quantity.clone()}</td>
                            <td>{l.unit.clone()}</td>
                            <td class="num">{money(&l.unit_price, &cur)}</td>
                            <td class="num">{format!("{} %", l.discount_percent)}</td>
                            <td class="num">{format!("{} %", l.tax_rate_percent)}</td>
                            <td class="num">{money(&l.net, &cur)}</td>
                            <td class="num">{l.credited_quantity.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <Totals totals=v.totals.clone() total_id="invoice-total"/>
        </section>
        {v.editor.clone().map(|data| {
            let form = InvoiceForm::from(&v.invoice);
            let lines: Vec<LineForm> = v.lines.iter().map(LineForm::from).collect();
            view! {
                <EditPanel summary="Edit draft" open=v.lines.is_empty()>
                    <InvoiceEditor id=Some(i.id) form lines data totals=v.totals.clone()/>
                </EditPanel>
            }
        })}
        <div class="columns">
            <div>
                {can_send.then(|| view! {
                    <section class="panel" id="send">
                        <h2>"Send"</h2>
                        <SendForm id=i.id invoice_email=v.invoice_email.clone() contacts=v.contacts.clone()/>
                    </section>
                })}
                <section class="panel" id="payments">
                    <div class="section-head">
                        <h2>"Payments"</h2>
                        {v.can_record_payment.then(|| view! { <a href=format!("/payments/new?account_id={}", i.account_id)>"Record payment"</a> })}
                    </div>
                    {if v.payments.is_empty() {
                        view! { <p class="empty">"No payments yet."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data"><tbody>
                                {v.payments.iter().map(|a| view! {
                                    <tr>
                                        <td><a href=format!("/payments/{}", a.payment_id)>{a.payment_number.clone()}</a></td>
                                        <td>{a.payment_status.label()}</td>
                                        <td class="num">{money(&a.amount, &a.currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody></table>
                        }.into_any()
                    }}
                </section>
                <section class="panel" id="questions">
                    <h2>"Questions and tickets about this invoice"</h2>
                    {if v.disputes.is_empty() {
                        view! { <p class="empty">"No questions."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {v.disputes.iter().map(|d| view! {
                                    <li>
                                        <a href=format!("/tickets/{}", d.ticket_id)>{d.ticket_number.clone()}</a>
                                        " · " {d.status.clone()} " · " <strong>{d.name.clone()}</strong>
                                        {(!d.email.is_empty()).then(|| format!(" <{}>", d.email))} " · " {datetime(d.created_at)}
                                        <p class="quote">{d.message.clone()}</p>
                                        {d.resolved_at.map(|at| view! {
                                            <p class="muted">{format!("Resolved {}: {}", datetime(at), d.resolution.clone().unwrap_or_default())}</p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(open_question && v.can_manage).then(|| view! { <ResolveQuestion invoice_id=i.id/> })}
                </section>
                <section class="panel" id="credit-notes">
                    <h2>"Credit notes"</h2>
                    {if v.credit_notes.is_empty() {
                        view! { <p class="empty">"None."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data"><tbody>
                                {v.credit_notes.iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/credit-notes/{}/pdf", c.id) target="_blank">{c.number.clone()}</a></td>
                                        <td>{c.issue_date.to_string()}</td>
                                        <td>{c.reason.clone()}</td>
                                        <td class="num">{money(&c.total, &c.currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody></table>
                        }.into_any()
                    }}
                    {v.can_credit.then(|| view! {
                        <details class="edit">
                            <summary>"Write a credit note"</summary>
                            <CreditNoteEditor invoice_id=i.id lines=v.lines.clone()/>
                        </details>
                    })}
                </section>
                {(!draft).then(|| view! {
                    <section class="panel" id="links">
                        <h2>"Customer links"</h2>
                        {if v.links.is_empty() {
                            view! { <p class="empty">"None yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="data"><tbody>
                                    {v.links.iter().map(|l| view! {
                                        <tr>
                                            <td>{format!("#{}", l.id)}</td>
                                            <td>{if l.revoked_at.is_some() { "Revoked" } else if l.active { "Active" } else { "Expired" }}</td>
                                            <td>{format!("until {}", datetime(l.expires_at))}</td>
                                            <td>{l.last_viewed_at.map(|t| format!("last viewed {}", datetime(t))).unwrap_or_else(|| "not viewed".into())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody></table>
                            }.into_any()
                        }}
                        {v.can_manage.then(|| view! { <LinkActions invoice_id=i.id revocable/> })}
                    </section>
                })}
            </div>
            <div>
                <section class="panel" id="pdf">
                    <div class="section-head">
                        <h2>"PDF"</h2>
                        <a href=format!("/invoices/{}/pdf", i.id) target="_blank" id="pdf-link">"Open"</a>
                    </div>
                    <iframe class="pdf-preview" src=format!("/invoices/{}/pdf", i.id) title="Invoice PDF"></iframe>
                </section>
                <TimelinePanel events=v.events.clone()/>
            </div>
        </div>
    }
}
