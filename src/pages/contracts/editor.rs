//! The contract editor: the contract's fields for its account (schedule fields only while it is
//! pending) and the shared line editor for the covered lines, whose totals the server recomputes
//! as you type. A server-rendered form posted by `LiveForm`; only the lines are an island.
use crate::api::contracts::SaveContract;
use crate::components::form::{id_options, FieldError, FormError, SelectField, TextField};
use crate::components::line_editor::LineEditor;
use crate::components::live_form::LiveForm;
use crate::model::contract::{Billing, ContractForm, UpliftKind};
use crate::model::contract_view::ContractEditorData;
use crate::model::lines::{LineForm, TotalsView};
use crate::model::ticket::Priority;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ContractEditor(
    id: Option<i64>,
    form: ContractForm,
    lines: Vec<LineForm>,
    data: ContractEditorData,
    totals: TotalsView,
) -> impl IntoView {
    let f = form;
    let billing: Vec<(String, String)> = Billing::ALL.iter().map(|b| (b.as_str().into(), b.label().into())).collect();
    let uplift: Vec<(String, String)> = UpliftKind::ALL.iter().map(|u| (u.as_str().into(), u.label().into())).collect();
    let mut tiers = vec![(String::new(), "— the ticket's own priority —".to_string())];
    tiers.extend(Priority::ALL.iter().map(|p| (p.as_str().to_string(), format!("{} policy", p.label()))));
    let schedule = data.schedule_editable;
    view! {
        <LiveForm action=SaveContract::PATH class="form grid-2" id="contract-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <input type="hidden" name="form[account_id]" value=data.account_id/>
            <input type="hidden" name="form[sales_order_id]" value=f.sales_order_id.clone()/>
            <input type="hidden" name="form[opportunity_id]" value=f.opportunity_id.clone()/>
            <div class="field">
                <span class="label">"Account"</span>
                <strong id="contract-account-name">{data.account_name.clone()}</strong>
                <span class="hint">{format!("Invoiced in {}", data.currency)}</span>
            </div>
            <TextField id="contract-title" name="form[title]" field="title" label="Title" value=f.title.clone() required=true/>
            <SelectField id="contract-contact" name="form[contact_id]" field="contact_id" label="Customer contact"
                options=id_options("— none —", &data.contacts) selected=f.contact_id.clone()/>
            {data.can_choose_owner.then(|| view! {
                <SelectField id="contract-owner" name="form[owner_id]" field="owner_id" label="Owner"
                    options=id_options("Me / unchanged", &data.owners) selected=f.owner_id.clone()/>
            })}
            {if schedule {
                view! {
                    <TextField id="contract-start" name="form[start_date]" field="start_date" label="Start date" kind="date"
                        value=f.start_date.clone() required=true
                        hint="May lie in the past: a running contract is entered with its earlier terms as history."/>
                    <TextField id="contract-term" name="form[term_months]" field="term_months" label="Term (months)"
                        kind="number" value=f.term_months.clone()/>
                    <SelectField id="contract-billing" name="form[billing]" field="billing" label="Billing"
                        options=billing selected=f.billing.clone()/>
                    <TextField id="contract-bill-from" name="form[bill_from]" field="bill_from" label="Invoice from"
                        kind="date" value=f.bill_from.clone()
                        hint="Periods before this day were invoiced elsewhere. Empty: from the start (or the running term's start)."/>
                }.into_any()
            } else {
                view! {
                    <input type="hidden" name="form[start_date]" value=f.start_date.clone()/>
                    <input type="hidden" name="form[term_months]" value=f.term_months.clone()/>
                    <input type="hidden" name="form[billing]" value=f.billing.clone()/>
                    <input type="hidden" name="form[bill_from]" value=f.bill_from.clone()/>
                    <FieldError field="start_date"/>
                }.into_any()
            }}
            <div class="field checkbox">
                <label>
                    <input type="checkbox" name="form[auto_renew]" value="true" id="contract-auto-renew"
                        checked=!f.auto_renew.is_empty()/>
                    " Renews automatically at the term's end"
                </label>
            </div>
            <TextField id="contract-notice" name="form[notice_days]" field="notice_days" label="Notice period (days)"
                kind="number" value=f.notice_days.clone() hint="Before the term's end; reminders and the list's 'notice passed' use it."/>
            <SelectField id="contract-uplift-kind" name="form[uplift_kind]" field="uplift_kind" label="Uplift on renewal"
                options=uplift selected=f.uplift_kind.clone()/>
            <TextField id="contract-uplift" name="form[uplift_percent]" field="uplift_percent" label="Uplift (%)"
                value=f.uplift_percent.clone() hint="For a fixed percentage, e.g. 5 or 2.50."/>
            <TextField id="contract-cap" name="form[uplift_cap]" field="uplift_cap" label="Cap (%)"
                value=f.uplift_cap.clone() hint="The most a renewal raises prices. Empty: no cap."/>
            <TextField id="contract-floor" name="form[uplift_floor]" field="uplift_floor" label="Floor (%)"
                value=f.uplift_floor.clone() hint="The least (may be negative). Empty: no floor."/>
            <SelectField id="contract-sla" name="form[sla_tier]" field="sla_tier" label="SLA tier for its tickets"
                options=tiers selected=f.sla_tier.clone()/>
            <TextField id="contract-notes" name="form[notes]" field="notes" label="Notes" value=f.notes.clone() multiline=true/>
            <LineEditor lines catalog=data.catalog.clone() currency=data.currency.clone() totals with_unit=true/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">
                    {if id.is_some() { "Save contract" } else { "Enter contract" }}
                </button>
            </div>
        </LiveForm>
    }
}
