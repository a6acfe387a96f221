//! The opportunity editor island: the deal's fields and a line editor whose totals the server
//! recomputes as you type (`quote_lines`, the same function that stores them). Without
//! JavaScript it is a plain form with the existing lines and two spare rows.
use crate::api::opportunities::{quote_lines, EditorData, ProductOption, SaveOpportunity, TotalsView};
use crate::components::form::{hydrated, FieldError, FormError, TextField};
use crate::model::opportunity::{LineForm, OpportunityForm};
use leptos::prelude::*;

/// One editable line: a signal per field, and a key that survives removals of other rows.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    product_id: RwSignal<String>,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit_price: RwSignal<String>,
    discount_percent: RwSignal<String>,
    tax_rate_id: RwSignal<String>,
}

impl Row {
    fn new(key: usize, l: &LineForm) -> Row {
        Row {
            key,
            product_id: RwSignal::new(l.product_id.clone()),
            description: RwSignal::new(l.description.clone()),
            quantity: RwSignal::new(l.quantity.clone()),
            unit_price: RwSignal::new(l.unit_price.clone()),
            discount_percent: RwSignal::new(l.discount_percent.clone()),
            tax_rate_id: RwSignal::new(l.tax_rate_id.clone()),
        }
    }
    fn form(&self) -> LineForm {
        LineForm {
            product_id: self.product_id.get(),
            description: self.description.get(),
            quantity: self.quantity.get(),
            unit_price: self.unit_price.get(),
            discount_percent: self.discount_percent.get(),
            tax_rate_id: self.tax_rate_id.get(),
        }
    }
}

#[island]
pub fn OpportunityEditor(
    id: Option<i64>,
    form: OpportunityForm,
    lines: Vec<LineForm>,
    data: EditorData,
    totals: TotalsView,
) -> impl IntoView {
    let save = ServerAction::<SaveOpportunity>::new();
    let live = hydrated();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let default_rate = data.default_tax_rate_id.map(|i| i.to_string()).unwrap_or_default();
    let blank = LineForm { tax_rate_id: default_rate, ..Default::default() };
    let spare = 2;
    let mut initial: Vec<Row> = lines.iter().enumerate().map(|(k, l)| Row::new(k, l)).collect();
    let mut next_key = initial.len();
    for _ in 0..spare {
        initial.push(Row::new(next_key, &blank));
        next_key += 1;
    }
    let next_key = StoredValue::new(next_key);
    let blank = StoredValue::new(blank);
    let rows = RwSignal::new(initial);
    let products = StoredValue::new(data.products.clone());
    let rates = StoredValue::new(data.tax_rates.clone());
    let accounts = StoredValue::new(data.accounts.clone());
    let account = RwSignal::new(form.account_id.clone());
    let currency = RwSignal::new(form.currency.clone());
    // The quote's currency: typed, else the chosen account's, else EUR.
    let quote_currency = move || {
        let typed = currency.get();
        if !typed.trim().is_empty() {
            return typed;
        }
        let chosen = account.get();
        accounts
            .with_value(|a| a.iter().find(|x| x.0.to_string() == chosen).map(|x| x.2.clone()))
            .unwrap_or_else(|| "EUR".into())
    };
    let quote = Action::new(move |input: &(String, Vec<LineForm>)| {
        let (c, ls) = input.clone();
        async move { quote_lines(c, ls).await }
    });
    let shown = RwSignal::new(totals);
    Effect::new(move |_| {
        let ls: Vec<LineForm> = rows.get().iter().map(Row::form).collect();
        quote.dispatch((quote_currency(), ls));
    });
    Effect::new(move |_| {
        if let Some(Ok(t)) = quote.value().get() {
            shown.set(t);
        }
    });
    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let row = blank.with_value(|b| Row::new(key, b));
        rows.update(|rs| rs.push(row));
    };
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
            <div class="span-2">
                <table class="data lines" id="lines-table">
                    <thead><tr>
                        <th scope="col">"Product"</th><th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th>
                        <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount %"</th>
                        <th scope="col">"Tax rate"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().enumerate().map(|(i, row)| view! {
                            <LineRow i row rows products rates error/>
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="button" class="add-line" on:click=add_row>"Add line"</button>
                <FieldError error field="lines"/>
            </div>
            <div class="totals span-2" id="totals" aria-live="polite">
                <div><span>"Subtotal"</span><span class="num" id="total-subtotal">{move || shown.get().subtotal}</span></div>
                {move || shown.get().taxes.into_iter().map(|(label, tax)| view! {
                    <div><span>{format!("Tax {label}")}</span><span class="num">{tax}</span></div>
                }).collect_view()}
                <div class="grand"><span>"Total"</span><span class="num" id="total-total">{move || shown.get().total}</span></div>
            </div>
            <FormError error/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if id.is_some() { "Save opportunity" } else { "Create opportunity" }}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn LineRow(
    i: usize,
    row: Row,
    rows: RwSignal<Vec<Row>>,
    products: StoredValue<Vec<ProductOption>>,
    rates: StoredValue<Vec<(i64, String)>>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let name = move |f: &str| format!("lines[{i}][{f}]");
    let err = move |f: &str| format!("lines[{i}].{f}");
    let n = i + 1;
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        row.product_id.set(v.clone());
        if let Some(p) = products.with_value(|ps| ps.iter().find(|p| p.id.to_string() == v).cloned()) {
            row.description.set(p.name);
            row.unit_price.set(p.unit_price);
            row.tax_rate_id.set(p.tax_rate_id.to_string());
        }
    };
    let chosen = row.product_id.get_untracked();
    let rate = row.tax_rate_id.get_untracked();
    view! {
        <tr>
            <td><select name=name("product_id") aria-label=format!("Line {n} product") on:change=pick>
                <option value="">"— none —"</option>
                {products.with_value(|ps| ps.iter().map(|p| {
                    let s = p.id.to_string() == chosen;
                    view! { <option value=p.id selected=s>{p.label.clone()}</option> }
                }).collect_view())}
            </select><FieldError error field=err("product_id")/></td>
            <td><input name=name("description") aria-label=format!("Line {n} description") value=row.description.get_untracked()
                prop:value=move || row.description.get() on:input=move |ev| row.description.set(event_target_value(&ev))/>
                <FieldError error field=err("description")/></td>
            <td><input name=name("quantity") aria-label=format!("Line {n} quantity") inputmode="decimal" size="5"
                value=row.quantity.get_untracked() prop:value=move || row.quantity.get()
                on:input=move |ev| row.quantity.set(event_target_value(&ev))/><FieldError error field=err("quantity")/></td>
            <td><input name=name("unit_price") aria-label=format!("Line {n} unit price") inputmode="decimal" size="8"
                value=row.unit_price.get_untracked() prop:value=move || row.unit_price.get()
                on:input=move |ev| row.unit_price.set(event_target_value(&ev))/><FieldError error field=err("unit_price")/></td>
            <td><input name=name("discount_percent") aria-label=format!("Line {n} discount") inputmode="decimal" size="4"
                value=row.discount_percent.get_untracked() prop:value=move || row.discount_percent.get()
                on:input=move |ev| row.discount_percent.set(event_target_value(&ev))/><FieldError error field=err("discount_percent")/></td>
            <td><select name=name("tax_rate_id") aria-label=format!("Line {n} tax rate") prop:value=move || row.tax_rate_id.get()
                on:change=move |ev| row.tax_rate_id.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {rates.with_value(|rs| rs.iter().map(|(id, label)| {
                    let s = id.to_string() == rate;
                    view! { <option value=*id selected=s>{label.clone()}</option> }
                }).collect_view())}
            </select><FieldError error field=err("tax_rate_id")/></td>
            <td><button type="button" class="link-button" aria-label=format!("Remove line {n}")
                on:click=move |_| rows.update(|rs| rs.retain(|r| r.key != row.key))>"Remove"</button></td>
        </tr>
    }
}
