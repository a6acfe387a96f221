//! The opportunity editor island: the deal's fields and the shared line editor, whose totals the
//! server recomputes as you type. Without JavaScript it is a plain form.
use crate::api::opportunities::SaveOpportunity;
use crate::components::form::{action_error, hydrated, FieldError, FormError, TextField};
use crate::components::line_editor::LineEditor;
use crate::model::lines::TotalsView;
use crate::model::opportunity::{LineForm, OpportunityForm};
use crate::model::opportunity_view::OpportunityEditorData;
use leptos::prelude::*;

#[island]
pub fn OpportunityEditor(
    id: Option<i64>,
    form: OpportunityForm,
    lines: Vec<LineForm>,
    data: OpportunityEditorData,
    totals: TotalsView,
) -> impl IntoView {
    let save = ServerAction::<SaveOpportunity>::new();
    let live = hydrated();
    let error = action_error(&save);
    let accounts = StoredValue::new(data.accounts.clone());
    let account = RwSignal::new(form.account_id.clone());
    let currency = RwSignal::new(form.currency.clone());
    // The quote's currency: typed, else the chosen account's, else EUR.
    let quote_currency = Signal::derive(move || {
        let typed = currency.get();
        if !typed.trim().is_empty() {
            return typed;
        }
        let chosen = account.get();
        accounts
            .with_value(|a| a.iter().find(|x| x.0.to_string() == chosen).map(|x| x.2.clone()))
            .unwrap_or_else(|| "EUR".into())
    });
    let mut owner_options: Vec<(String, String)> =
        data.owners.iter().map(|(i, n)| (i.to_string(), n.clone())).collect();
    if !data.can_choose_owner {
        owner_options.clear();
    }
    let initial_account = form.account_id.clone();
    let owner = form.owner_id.clone();
    view! {
        <ActionForm action=save attr:class="form grid-2" attr:id="opportunity-form" attr:data-hydrated=move || live.get().to_string()>
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <TextField error id="opp-name" name="form[name]" field="name" label="Name" value=form.name.clone() required=true/>
            <div class="field">
                <label for="opp-account">"Account *"</label>
                <select id="opp-account" name="form[account_id]" aria-describedby="account_id-error"
                    on:change=move |ev| account.set(event_target_value(&ev))>
                    <option value="">"— choose —"</option>
                    {data.accounts.iter().map(|(i, n, _)| {
                        let selected = i.to_string() == initial_account;
                        view! { <option value=*i selected=selected>{n.clone()}</option> }
                    }).collect_view()}
                </select>
                <FieldError error field="account_id"/>
            </div>
            {(!owner_options.is_empty()).then(|| view! {
                <div class="field">
                    <label for="opp-owner">"Owner"</label>
                    <select id="opp-owner" name="form[owner_id]" aria-describedby="owner_id-error">
                        <option value="">"Me / unchanged"</option>
                        {owner_options.into_iter().map(|(v, l)| { let s = v == owner; view! { <option value=v selected=s>{l}</option> } }).collect_view()}
                    </select>
                    <FieldError error field="owner_id"/>
                </div>
            })}
            <div class="field">
                <label for="opp-currency">"Currency"</label>
                <input id="opp-currency" name="form[currency]" value=form.currency.clone() placeholder="the account's"
                    on:input=move |ev| currency.set(event_target_value(&ev)) aria-describedby="currency-error"/>
                <FieldError error field="currency"/>
            </div>
            <TextField error id="opp-probability" name="form[probability]" field="probability" label="Probability (%)" kind="number"
                value=form.probability.clone() hint="Empty: the stage's usual probability."/>
            <TextField error id="opp-close" name="form[expected_close_date]" field="expected_close_date" label="Expected close"
                kind="date" value=form.expected_close_date.clone()/>
            <TextField error id="opp-amount" name="form[amount]" field="amount" label="Amount without lines" value=form.amount.clone()
                hint="Used only while the deal has no lines; with lines the amount is their subtotal."/>
            <LineEditor lines catalog=data.catalog.clone() currency=quote_currency totals error/>
            <FormError error/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if id.is_some() { "Save opportunity" } else { "Create opportunity" }}
                </button>
            </div>
        </ActionForm>
    }
}
