//! One payment: amount, method details, status with its allowed actions (complete, fail, refund),
//! allocations (remove one; allocate what is left), refunds, the receipt, and the timeline. The
//! forms are server-rendered; the one `LiveForm` island posts them.
use super::PaymentStatusBadge;
use crate::api::payments::{
    get_payment, AllocatePayment, ApplyPaymentEvent, EmailReceipt, RefundPayment, RemoveAllocation,
};
use crate::components::form::{FieldError, FormError, FormKey, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::display::{money, or_dash};
use crate::model::payment::{OpenInvoice, PaymentStatus};
use crate::model::payment_view::PaymentView;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn PaymentDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_payment(id), move |v| view! { <PaymentDetail v/> }.into_any())}
    }
}

#[component]
fn PaymentDetail(v: PaymentView) -> impl IntoView {
    let p = v.payment.clone();
    let cur = p.currency.clone();
    let refundable = v.can_manage && matches!(p.status, PaymentStatus::Completed | PaymentStatus::PartiallyRefunded);
    view! {
        <Title text=p.number.clone()/>
        <div class="detail-header">
            <div>
                <p class="crumbs"><a href="/payments">"Payments"</a></p>
                <h1>{p.number.clone()}</h1>
                <p class="muted">
                    <a href=format!("/accounts/{}", p.account_id)>{p.account_name.clone()}</a>
                    " · " {p.method.label()} " · received " {p.date.to_string()} " · "
                    <span id="payment-status"><PaymentStatusBadge status=p.status/></span>
                    {p.reconciled.then(|| view! { " " <span class="badge ok">"Reconciled"</span> })}
                </p>
            </div>
            <div class="actions">
                {(v.can_manage && p.status == PaymentStatus::Pending).then(|| view! { <PaymentActions id=p.id/> })}
                {p.receipt_number.clone().map(|r| view! {
                    <a class="button" href=format!("/payments/{}/receipt.pdf", p.id) target="_blank" id="receipt-link">{format!("Receipt {r} (PDF)")}</a>
                })}
                {(v.can_manage && p.receipt_number.is_some()).then(|| view! { <EmailReceiptButton id=p.id/> })}
            </div>
        </div>
        <section class="cards" aria-label="Amounts">
            <div class="card"><span class="card-label">"Amount"</span><span class="card-value small">{money(&p.amount, &cur)}</span></div>
            <div class="card"><span class="card-label">"Allocated"</span><span class="card-value small" id="payment-allocated">{money(&p.allocated, &cur)}</span></div>
            <div class="card"><span class="card-label">"Refunded"</span><span class="card-value small">{money(&p.refunded, &cur)}</span></div>
            <div class="card"><span class="card-label">"Unallocated (credit)"</span><span class="card-value small" id="payment-unallocated">{money(&p.unallocated, &cur)}</span></div>
        </section>
        <div class="columns">
            <div>
                <section class="panel" id="allocations">
                    <h2>"Allocations"</h2>
                    {if v.allocations.is_empty() {
                        view! { <p class="empty">"Not allocated to any invoice."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data"><tbody>
                                {v.allocations.iter().map(|a| view! {
                                    <tr>
                                        <td><a href=format!("/invoices/{}", a.invoice_id)>{a.invoice_number.clone()}</a></td>
                                        <td class="num">{money(&a.amount, &a.currency)}</td>
                                        <td>{v.can_manage.then(|| view! { <RemoveAllocationButton id=p.id allocation_id=a.id/> })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody></table>
                        }.into_any()
                    }}
                    {(!v.open_invoices.is_empty()).then(|| view! {
                        <details class="edit">
                            <summary>"Allocate the credit to open invoices"</summary>
                            <AllocateCredit id=p.id invoices=v.open_invoices.clone()/>
                        </details>
                    })}
                </section>
                <section class="panel" id="refunds">
                    <h2>"Refunds"</h2>
                    {if v.refunds.is_empty() {
                        view! { <p class="empty">"None."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data"><tbody>
                                {v.refunds.iter().map(|r| view! {
                                    <tr><td>{r.date.to_string()}</td><td>{r.reason.clone()}</td><td class="num">{money(&r.amount, &cur)}</td></tr>
                                }).collect_view()}
                            </tbody></table>
                        }.into_any()
                    }}
                    {refundable.then(|| view! {
                        <details class="edit">
                            <summary>"Refund"</summary>
                            <RefundForm id=p.id/>
                        </details>
                    })}
                </section>
                <section class="panel" id="details">
                    <h2>"Details"</h2>
                    <dl class="facts">
                        <dt>"Cheque"</dt><dd>{or_dash(format!("{} {}", p.cheque_number, p.cheque_bank).trim())}</dd>
                        <dt>"Card"</dt><dd>{if p.card_last4.is_empty() { or_dash(&p.card_reference) } else { format!("•••• {} {}", p.card_last4, p.card_reference) }}</dd>
                        <dt>"Transfer reference"</dt><dd>{or_dash(&p.transfer_reference)}</dd>
                        <dt>"Reference"</dt><dd>{or_dash(&p.reference)}</dd>
                        <dt>"Notes"</dt><dd>{or_dash(&p.notes)}</dd>
                        {p.failure_reason.clone().map(|r| view! { <dt>"Failed"</dt><dd>{r}</dd> })}
                    </dl>
                </section>
            </div>
            <TimelinePanel events=v.events.clone()/>
        </div>
    }
}

/// Complete (the money arrived) or fail (with the reason) a pending payment.
#[component]
fn PaymentActions(id: i64) -> impl IntoView {
    view! {
        <LiveForm class="actions payment-actions">
            <form method="post" action=ApplyPaymentEvent::PATH class="inline">
                <input type="hidden" name="id" value=id/>
                <FormKey/>
                <input type="hidden" name="event" value="complete"/>
                <button type="submit" class="primary">"Mark received"</button>
            </form>
            <details class="lost">
                <summary class="button danger-link">"Mark failed"</summary>
                <form method="post" action=ApplyPaymentEvent::PATH class="form">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <input type="hidden" name="event" value="fail"/>
                    <TextField id="fail-reason" name="reason" field="reason" label="Why (a bounced cheque, a declined card)" required=true/>
                    <button type="submit" class="danger">"Mark failed"</button>
                </form>
            </details>
            <FormError/>
        </LiveForm>
    }
}

/// Emails the receipt to the account's invoice address.
#[component]
fn EmailReceiptButton(id: i64) -> impl IntoView {
    view! {
        <LiveForm action=EmailReceipt::PATH class="inline">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <button type="submit">"Email receipt"</button>
            <FormError/>
        </LiveForm>
    }
}

/// Takes one allocation off the payment: its amount is the account's credit again.
#[component]
fn RemoveAllocationButton(id: i64, allocation_id: i64) -> impl IntoView {
    view! {
        <LiveForm action=RemoveAllocation::PATH class="inline">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <input type="hidden" name="allocation_id" value=allocation_id/>
            <button type="submit" class="link-button">"Remove"</button>
            <FormError/>
        </LiveForm>
    }
}

/// A refund of part or all of a completed payment, with its reason.
#[component]
fn RefundForm(id: i64) -> impl IntoView {
    view! {
        <LiveForm action=RefundPayment::PATH class="form" id="refund-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <TextField id="refund-amount" name="form[amount]" field="amount" label="Amount" required=true/>
            <TextField id="refund-date" name="form[date]" field="date" label="Date" kind="date"/>
            <TextField id="refund-reason" name="form[reason]" field="reason" label="Reason" required=true/>
            <p class="hint">"The refund takes the unallocated credit first, then the newest allocations: their invoices reopen."</p>
            <FormError/>
            <div class="actions"><button type="submit" class="danger">"Record refund"</button></div>
        </LiveForm>
    }
}

/// Allocates the payment's unallocated credit to the account's open invoices.
#[component]
fn AllocateCredit(id: i64, invoices: Vec<OpenInvoice>) -> impl IntoView {
    view! {
        <LiveForm action=AllocatePayment::PATH class="form" id="allocate-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <table class="data"><tbody>
                {invoices.into_iter().enumerate().map(|(i, inv)| view! {
                    <tr>
                        <td>{inv.number.clone()}</td>
                        <td class="num">{inv.balance_label.clone()}</td>
                        <td class="num">
                            <input type="hidden" name=format!("allocations[{i}][invoice_id]") value=inv.id/>
                            <input name=format!("allocations[{i}][amount]") inputmode="decimal" size="8" aria-label=format!("Allocate to {}", inv.number)
                                aria-describedby=format!("allocations[{i}].amount-error")/>
                            <FieldError field=format!("allocations[{i}].amount")/>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody></table>
            <FieldError field="allocations"/>
            <SubmitRow label="Allocate"/>
        </LiveForm>
    }
}
