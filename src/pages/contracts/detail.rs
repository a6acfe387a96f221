//! One contract: header with status, current term and renewal state, the actions the machine
//! allows (renew with its preview, activate, cancel now or at the term's end), the covered lines,
//! the terms with their invoices, the contract's details, the editor and the timeline.
use super::editor::ContractEditor;
use super::{ContractStatusBadge, PreviewLines, RenewalNote};
use crate::api::contracts::{get_contract, ApplyContractEvent, CancelContract};
use crate::api::customer_contracts::SendRenewalOffer;
use crate::components::document::{EditPanel, Totals};
use crate::components::form::{FormError, FormKey, SelectField, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::contract::{ContractEvent, ContractForm, ContractStatus, RenewalPreviewDto, TermDto};
use crate::model::contract_view::ContractView;
use crate::model::display::{money, or_dash};
use crate::model::lines::LineForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn ContractDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_contract(id), move |v| view! { <ContractDetail v/> }.into_any())}
    }
}

#[component]
fn ContractDetail(v: ContractView) -> impl IntoView {
    let c = v.contract.clone();
    let cur = c.currency.clone();
    let uplift = match (c.uplift_kind.as_str(), &c.uplift_percent) {
        ("percent", Some(p)) => format!("{p} % per renewal"),
        ("index", _) => format!("price index (base {})", c.uplift_index_base.clone().unwrap_or_else(|| "—".into())),
        _ => "none".into(),
    };
    let bounds = match (&c.uplift_cap, &c.uplift_floor) {
        (None, None) => String::new(),
        (cap, floor) => format!(
            " · floor {} · cap {}",
            floor.clone().map(|f| format!("{f} %")).unwrap_or_else(|| "—".into()),
            cap.clone().map(|f| format!("{f} %")).unwrap_or_else(|| "—".into())
        ),
    };
    view! {
        <Title text=c.number.clone()/>
        <div class="detail-header">
            <div>
                <p class="crumbs"><a href="/contracts">"Contracts"</a></p>
                <h1>{c.number.clone()} " · " {c.title.clone()}</h1>
                <p class="muted">
                    <a href=format!("/accounts/{}", c.account_id)>{c.account_name.clone()}</a>
                    " · Owner " {c.owner_name.clone()} " · "
                    <span id="contract-status"><ContractStatusBadge status=c.status/></span>
                    " · term " <span id="contract-term">{c.term_number}</span> " until "
                    <strong id="contract-end">{c.end_date.to_string()}</strong>
                    " · " <strong id="contract-amount">{money(&c.amount, &cur)}</strong>
                </p>
                <p id="contract-renewal"><RenewalNote c=c.clone()/></p>
                {c.sales_order_id.map(|oid| view! {
                    <p class="muted">"From " <a href=format!("/orders/{oid}")>"its sales order"</a></p>
                })}
            </div>
            <div class="actions">
                {(!v.actions.is_empty()).then(|| view! { <ContractActions id=c.id actions=v.actions.clone() end=c.end_date.to_string() status=c.status/> })}
                {v.changeable.then(|| view! {
                    <a class="button" id="contract-change" href=format!("/contracts/{}/change", c.id)>"Change within the term"</a>
                })}
            </div>
        </div>
        {v.preview.clone().map(|p| view! { <PreviewPanel p renew=v.actions.contains(&ContractEvent::Renew)/> })}
        <section class="panel" id="lines">
            <h2>"Covered lines"</h2>
            <p class="hint">"What the next term covers, at today's prices (a running term keeps the lines and prices it started with)."</p>
            <div class="table-scroll"><table class="data" id="contract-lines">
                <thead><tr>
                    <th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th><th scope="col">"Unit"</th>
                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount"</th>
                    <th scope="col" class="num">"Tax"</th><th scope="col" class="num">"Net"</th>
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
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <Totals totals=v.totals.clone()/>
        </section>
        <section class="panel" id="terms">
            <h2>"Terms"</h2>
            <p class="hint">{v.month_end_rule.clone()}</p>
            <TermsTable terms=v.terms.clone() currency=cur.clone()/>
            <ChangesTable terms=v.terms.clone() currency=cur.clone()/>
        </section>
        {v.editor.clone().map(|data| {
            let form = ContractForm::from(&v.contract);
            let lines: Vec<LineForm> = v.lines.iter().map(LineForm::from).collect();
            view! {
                <EditPanel summary="Edit contract">
                    <ContractEditor id=Some(c.id) form lines data totals=v.totals.clone()/>
                </EditPanel>
            }
        })}
        <div class="columns">
            <section class="panel" id="details">
                <h2>"Details"</h2>
                <dl class="facts">
                    <dt>"First start"</dt><dd>{c.start_date.to_string()}</dd>
                    <dt>"Term"</dt><dd>{format!("{} months", c.term_months)}</dd>
                    <dt>"Billing"</dt><dd>{c.billing.label()}</dd>
                    <dt>"Invoiced from"</dt><dd>{c.bill_from.to_string()}</dd>
                    <dt>"Renewal"</dt><dd>{if c.auto_renew { "automatic at the term's end" } else { "by hand or by the customer" }}</dd>
                    <dt>"Notice"</dt><dd>{format!("{} days: by {}", c.notice_days, c.notice_date)}</dd>
                    <dt>"Uplift"</dt><dd id="contract-uplift">{uplift}{bounds}</dd>
                    <dt>"SLA tier"</dt><dd>{c.sla_tier.clone().map(|t| format!("{t} policy")).unwrap_or_else(|| "the ticket's own priority".into())}</dd>
                    <dt>"Contact"</dt><dd>{c.contact_name.clone().unwrap_or_else(|| "—".into())}</dd>
                    {c.cancel_reason.clone().map(|r| view! { <dt>"Cancellation"</dt><dd>{r}</dd> })}
                    <dt>"Notes"</dt><dd>{or_dash(&c.notes)}</dd>
                </dl>
            </section>
            <TimelinePanel events=v.events.clone()/>
        </div>
    }
}

/// The next term as renewing now would write it: each line's price before and after the uplift.
#[component]
fn PreviewPanel(p: RenewalPreviewDto, renew: bool) -> impl IntoView {
    let cur = p.currency.clone();
    let title = if p.term_number == 1 { "First term" } else { "Renewal preview" };
    view! {
        <section class="panel" id="renewal-preview">
            <h2>{title}</h2>
            <p>
                {format!("Term {}: {} to {}. ", p.term_number, p.start_date, p.end_date)}
                <span id="preview-reason">{p.uplift_reason.clone()}</span>
            </p>
            <PreviewLines id="preview-lines" lines=p.lines.clone() currency=cur.clone() next_label="New unit price"/>
            <p class="totals-line">
                "Term total " <strong id="preview-amount">{money(&p.amount, &cur)}</strong>
                {format!(" (now {}; uplift {} %)", money(&p.current_amount, &cur), p.uplift_percent)}
            </p>
            {(!renew).then(|| view! { <p class="hint">"Nothing is written until the contract is renewed."</p> })}
        </section>
    }
}

#[component]
fn TermsTable(terms: Vec<TermDto>, currency: String) -> impl IntoView {
    if terms.is_empty() {
        return view! { <p class="empty">"No term yet: the first starts when the contract is activated or its start date arrives."</p> }.into_any();
    }
    view! {
        <div class="table-scroll"><table class="data" id="terms-table">
            <thead><tr>
                <th scope="col">"Term"</th><th scope="col">"From"</th><th scope="col">"Until"</th>
                <th scope="col" class="num">"Uplift"</th><th scope="col" class="num">"Amount"</th>
                <th scope="col">"Invoices"</th><th scope="col">"How it came"</th><th scope="col">"How it ended"</th>
            </tr></thead>
            <tbody>
                {terms.into_iter().map(|t| view! {
                    <tr>
                        <td>{t.number}</td>
                        <td>{t.start_date.to_string()}</td>
                        <td>{t.end_date.to_string()}</td>
                        <td class="num">{format!("{} %", t.uplift_percent)}</td>
                        <td class="num">{money(&t.amount, &currency)}</td>
                        <td class="term-invoices">
                            {if t.invoices.is_empty() {
                                view! { <span class="muted">"—"</span> }.into_any()
                            } else {
                                t.invoices.iter().map(|i| view! {
                                    <a href=format!("/invoices/{}", i.invoice_id) title=format!("{} to {}", i.period_start, i.period_end)>
                                        {i.invoice_number.clone().unwrap_or_else(|| format!("Draft #{}", i.invoice_id))}
                                    </a>" "
                                }).collect_view().into_any()
                            }}
                        </td>
                        <td>{t.origin.label()}</td>
                        <td>{t.outcome.map(|o| o.label()).unwrap_or("running or to come")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// The changes made within terms: from which day, the days prorated, the net change and the
/// prorated invoice or credit note.
#[component]
fn ChangesTable(terms: Vec<TermDto>, currency: String) -> impl IntoView {
    let changes: Vec<_> = terms.iter().flat_map(|t| t.changes.clone()).collect();
    (!changes.is_empty()).then(|| view! {
        <h3>"Changes within a term"</h3>
        <div class="table-scroll"><table class="data" id="changes-table">
            <thead><tr>
                <th scope="col">"Term"</th><th scope="col">"From"</th><th scope="col" class="num">"Days"</th>
                <th scope="col" class="num">"Net change"</th><th scope="col">"Document"</th><th scope="col">"What changed"</th>
            </tr></thead>
            <tbody>
                {changes.into_iter().map(|x| view! {
                    <tr>
                        <td>{x.term_number}</td>
                        <td>{x.effective_date.to_string()}</td>
                        <td class="num">{format!("{} of {}", x.remaining_days, x.term_days)}</td>
                        <td class="num">{money(&x.net, &currency)}</td>
                        <td class="change-documents">
                            {x.invoice_id.map(|i| view! {
                                <a href=format!("/invoices/{i}")>{x.invoice_number.clone().unwrap_or_else(|| format!("Draft #{i}"))}</a>" "
                            })}
                            {x.credit_note_number.clone().map(|n| view! { <span>{n}</span> })}
                        </td>
                        <td>{x.summary.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    })
}

/// Activate / renew buttons and the cancel form (reason, now or at the term's end). Plain forms
/// the one `LiveForm` island posts.
#[component]
fn ContractActions(id: i64, actions: Vec<ContractEvent>, end: String, status: ContractStatus) -> impl IntoView {
    let cancel = actions.contains(&ContractEvent::Cancel);
    // The customer decides on an offer while a renewal is open (active, not renewed, not ending).
    let renew = actions.contains(&ContractEvent::Renew) && status == ContractStatus::Active;
    let when =
        vec![("now".to_string(), "Now".to_string()), ("term_end".to_string(), format!("At the term's end ({end})"))];
    view! {
        <LiveForm class="actions contract-actions">
            {actions.into_iter().filter(|e| *e != ContractEvent::Cancel).map(|e| view! {
                <form method="post" action=ApplyContractEvent::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <input type="hidden" name="event" value=e.as_str()/>
                    <button type="submit" class="primary" id=format!("contract-{}", e.as_str())>{e.label()}</button>
                </form>
            }).collect_view()}
            {renew.then(|| view! {
                <form method="post" action=SendRenewalOffer::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <button type="submit" id="contract-offer">"Email renewal offer"</button>
                </form>
            })}
            {cancel.then(|| view! {
                <details class="lost">
                    <summary class="button danger-link">"Cancel contract"</summary>
                    <form method="post" action=CancelContract::PATH class="form">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <TextField id="cancel-reason" name="form[reason]" field="reason" label="Reason" required=true/>
                        <SelectField id="cancel-effective" name="form[effective]" field="effective" label="Effective"
                            options=when selected="term_end"/>
                        <button type="submit" class="danger">"Cancel the contract"</button>
                    </form>
                </details>
            })}
            <FormError/>
        </LiveForm>
    }
}
