//! The opportunity editor: the deal's fields and the shared line editor, whose totals the server
//! recomputes as you type. A server-rendered form posted by `LiveForm`; only the lines are an
//! island (`LineEditor`), whose currency follows the account and currency fields.
use crate::api::opportunities::SaveOpportunity;
use crate::components::form::{FieldError, FormError, TextField};
use crate::components::line_editor::LineEditor;
use crate::components::live_form::LiveForm;
use crate::model::lines::{CurrencyFollow, TotalsView};
use crate::model::opportunity::{LineForm, OpportunityForm};
use crate::model::opportunity_view::OpportunityEditorData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn OpportunityEditor(
    id: Option<i64>,
    form: OpportunityForm,
    lines: Vec<LineForm>,
    data: OpportunityEditorData,
    totals: TotalsView,
) -> impl IntoView {
    // The quote's currency follows the account and currency fields as they are edited.
    let follow = CurrencyFollow {
        account_field: "opp-account".into(),
        currency_field: "opp-currency".into(),
        account_id: form.account_id.clone(),
        currency: form.currency.clone(),
        accounts: data.accounts.iter().map(|(i, _, c)| (i.to_string(), c.clone())).collect(),
    };
    let mut owner_options: Vec<(String, String)> =
        data.owners.iter().map(|(i, n)| (i.to_string(), n.clone())).collect();
    if !data.can_choose_owner {
        owner_options.clear();
    }
    let initial_account = form.account_id.clone();
    let owner = form.owner_id.clone();
    view! {
        <LiveForm action=SaveOpportunity::PATH class="form grid-2" id="opportunity-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <TextField id="opp-name" name="form[name]" field="name" label="Name" value=form.name.clone() required=true/>
            <div class="field">
                <label for="opp-account">"Account *"</label>
                <select id="opp-account" name="form[account_id]" aria-describedby="account_id-error">
                    <option value="">"— choose —"</option>
                    {data.accounts.iter().map(|(i, n, _)| {
                        let selected = i.to_string() == initial_account;
                        view! { <option value=*i selected=selected>{n.clone()}</option> }
                    }).collect_view()}
                </select>
                <FieldError field="account_id"/>
            </div>
            {(!owner_options.is_empty()).then(|| view! {
                <div class="field">
                    <label for="opp-owner">"Owner"</label>
                    <select id="opp-owner" name="form[owner_id]" aria-describedby="owner_id-error">
                        <option value="">"Me / unchanged"</option>
                        {owner_options.into_iter().map(|(v, l)| { let s = v == owner; view! { <option value=v selected=s>{l}</option> } }).collect_view()}
                    </select>
                    <FieldError field="owner_id"/>
                </div>
            })}
            <div class="field">
                <label for="opp-currency">"Currency"</label>
                <input id="opp-currency" name="form[currency]" value=form.currency.clone() placeholder="the account's"
                    aria-describedby="currency-error"/>
                <FieldError field="currency"/>
            </div>
            <TextField id="opp-probability" name="form[probability]" field="probability" label="Probability (%)" kind="number"
                value=form.probability.clone() hint="Empty: the stage's usual probability."/>
            <TextField id="opp-close" name="form[expected_close_date]" field="expected_close_date" label="Expected close"
                kind="date" value=form.expected_close_date.clone()/>
            <TextField id="opp-amount" name="form[amount]" field="amount" label="Amount without lines" value=form.amount.clone()
                hint="Used only while the deal has no lines; with lines the amount is their subtotal."/>
            <LineEditor lines catalog=data.catalog.clone() currency=String::new() totals with_unit=false follow/>
            <FormError/>
            <div class="actions">
                <button type="submit" class="primary">
                    {if id.is_some() { "Save opportunity" } else { "Create opportunity" }}
                </button>
            </div>
        </LiveForm>
    }
}
