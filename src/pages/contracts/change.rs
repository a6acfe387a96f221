//! Changing a running term: from which day, the term's lines with a new quantity each (0 removes
//! one), lines to add, and "Preview" — a plain GET of this page that shows each line's prorated
//! amount and the invoice and credit note it makes — then "Apply change", which the `LiveForm`
//! island posts to the server fn (the same form, `formmethod="post"`).
use crate::api::contracts::{contract_change_page, ApplyContractChange};
use crate::components::form::{FieldError, FormError, FormKey, LineQuantityInput, ShownError, TextField};
use crate::components::line_editor::LineEditor;
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::model::contract_change::{ChangeForm, ChangePreviewDto};
use crate::model::contract_view::ContractChangePage;
use crate::model::display::money;
use crate::model::lines::{lines_from_query, LineForm, TotalsView};
use crate::model::money::{document_totals, Currency, NO_ACCOUNT_YET};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ContractChangePage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map().get_untracked();
    let change = ChangeForm::from_query(|k| query.get(k));
    let added = lines_from_query(|k| query.get(k));
    let typed = (change.clone(), added.clone());
    view! {
        <Title text="Change contract"/>
        {loaded(contract_change_page(id, change, added), move |p| view! { <ChangeView p typed/> }.into_any())}
    }
}

#[component]
fn ChangeView(p: ContractChangePage, typed: (ChangeForm, Vec<LineForm>)) -> impl IntoView {
    if p.term_lines.is_empty() {
        let why = p.error.clone().map(|e| e.to_string()).unwrap_or_default();
        return view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href=format!("/contracts/{}", p.contract.id)>{p.contract.number.clone()}</a></p>
                <h1>{format!("Change {}", p.contract.number)}</h1>
            </div></div>
            <section class="panel"><p class="form-error" id="change-blocked" role="alert">{why}</p></section>
        }
        .into_any();
    }
    let (change, added) = typed;
    let c = p.contract.clone();
    let cur = c.currency.clone();
    let id = c.id;
    let typed_qty = change.quantities.clone();
    let qty_of =
        move |line_id: i64| typed_qty.iter().find(|q| q.line_id == line_id.to_string()).map(|q| q.quantity.clone());
    let previewed = p.preview.is_some();
    let effective =
        if change.effective_date.is_empty() { p.suggested_date.to_string() } else { change.effective_date.clone() };
    let currency = Currency::parse(&cur).unwrap_or(NO_ACCOUNT_YET);
    if let Some(e) = p.error.clone() {
        provide_context(ShownError(e));
    }
    let totals = TotalsView::new(currency, &document_totals(currency, &[]));
    view! {
        <div class="page-header"><div>
            <p class="crumbs"><a href="/contracts">"Contracts"</a>" / "<a href=format!("/contracts/{id}")>{c.number.clone()}</a></p>
            <h1>{format!("Change {} · term {}", c.number, c.term_number)}</h1>
            <p class="muted">{format!("{} · the running term: {} to {}", c.account_name, p.term_start, p.term_end)}</p>
        </div></div>
        <section class="panel">
            <p class="hint" id="proration-convention">{p.convention.clone()}</p>
            <LiveForm class="form" id="contract-change-form">
                <form method="get" action=format!("/contracts/{id}/change") class="form">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <TextField id="change-effective" name="change[effective_date]" field="effective_date" label="Effective from"
                        kind="date" value=effective required=true hint="A day of the running term; the change counts from it."/>
                    <div class="table-scroll"><table class="data" id="change-lines">
                        <thead><tr>
                            <th scope="col">"Line"</th><th scope="col" class="num">"Quantity now"</th>
                            <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"New quantity"</th>
                        </tr></thead>
                        <tbody>
                            {p.term_lines.iter().enumerate().map(|(i, l)| view! {
                                <tr>
                                    <td>{l.description.clone()}</td>
                                    <td class="num">{format!("{} {}", l.quantity, l.unit)}</td>
                                    <td class="num">{money(&l.unit_price, &cur)}</td>
                                    <td class="num">
                                        <LineQuantityInput list="change[quantities]" errors="quantities" index=i line_id=l.id
                                            value=qty_of(l.id).unwrap_or_default() label=format!("New quantity: {}", l.description)/>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <p class="hint">"Empty keeps a line as it is; 0 removes it. Lines added below run from the same day."</p>
                    <FieldError field="quantities"/>
                    <h3>"Add lines"</h3>
                    <LineEditor lines=added catalog=p.catalog.clone() currency=cur.clone() totals with_unit=true/>
                    <FormError/>
                    <div class="actions">
                        <button type="submit" id="change-preview">"Preview"</button>
                        {previewed.then(|| view! {
                            <button type="submit" class="primary" id="change-apply" formmethod="post"
                                formaction=ApplyContractChange::PATH>"Apply change"</button>
                        })}
                    </div>
                </form>
            </LiveForm>
        </section>
        {p.preview.clone().map(|pv| view! { <ChangePreview p=pv/> })}
    }
    .into_any()
}

/// What applying the change writes: per line the quantities, term prices and prorated amount;
/// then the invoice and the credit note.
#[component]
fn ChangePreview(p: ChangePreviewDto) -> impl IntoView {
    let cur = p.currency.clone();
    let none = |v: &str| v.parse::<rust_decimal::Decimal>().map(|d| d.is_zero()).unwrap_or(true);
    let days = format!(
        "From {} to {}: {} of {} days of term {}.",
        p.effective_date, p.until, p.remaining_days, p.term_days, p.term_number
    );
    let later = p.until.succ_opt().filter(|_| p.until < p.term_end);
    let later = later.map(|d| format!(" Invoiced up to {}: the billing periods from {d} bill the new lines.", p.until));
    view! {
        <section class="panel" id="change-preview-panel">
            <h2>"Preview"</h2>
            <p id="change-days">{days}{later}</p>
            <div class="table-scroll"><table class="data" id="change-preview-lines">
                <thead><tr>
                    <th scope="col">"Line"</th><th scope="col" class="num">"Quantity"</th>
                    <th scope="col" class="num">"Term price before"</th><th scope="col" class="num">"Term price after"</th>
                    <th scope="col" class="num">"Tax"</th><th scope="col" class="num">"Prorated"</th>
                </tr></thead>
                <tbody>
                    {p.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.description.clone()}</td>
                            <td class="num">{format!("{} → {}", l.quantity_before, l.quantity_after)}</td>
                            <td class="num">{money(&l.net_before, &cur)}</td>
                            <td class="num">{money(&l.net_after, &cur)}</td>
                            <td class="num">{format!("{} %", l.tax_rate_percent)}</td>
                            <td class="num">{money(&l.prorated, &cur)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <ul class="facts-list">
                {(!none(&p.invoice_total)).then(|| view! {
                    <li>"Invoice with tax: " <strong id="change-invoice-total">{money(&p.invoice_total, &cur)}</strong></li>
                })}
                {(!none(&p.credit_total)).then(|| view! {
                    <li>"Credit note with tax: " <strong id="change-credit-total">{money(&p.credit_total, &cur)}</strong>
                        {p.credit_invoice_number.clone().map(|n| format!(" against {n}"))}</li>
                })}
                {(none(&p.invoice_total) && none(&p.credit_total)).then(|| view! {
                    <li id="change-nothing">"Nothing to invoice or credit now: the billing periods still to come bill the new lines."</li>
                })}
                <li>"The covered lines after the change: " <strong>{money(&p.new_lines_total, &cur)}</strong>" a term, with tax"</li>
            </ul>
            <p class="hint">"Nothing is written until you apply the change."</p>
        </section>
    }
}
