//! The line editor island inside the document forms (opportunities, sales orders, invoices): rows
//! of product / description / quantity / unit / price / discount / tax, add and remove, and totals
//! the server recomputes as you type (`quote_lines`, the same function that stores them). The only
//! live part of those forms: the rest is server-rendered and posted by `LiveForm`, which also
//! writes the line errors into the slots here. Posts as `lines[i][field]`; without JavaScript it
//! is a plain form with the lines and two spare rows.
use crate::api::lines::QuoteLines;
use crate::components::form::FieldError;
use crate::error::AppError;
use crate::model::lines::{CurrencyFollow, LineForm, TotalsView};
use crate::model::pickers::{Catalog, ProductOption};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// One editable line: a signal per field, and a key that survives removals of other rows.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    product_id: RwSignal<String>,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit: RwSignal<String>,
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
            unit: RwSignal::new(l.unit.clone()),
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
            unit: self.unit.get(),
            unit_price: self.unit_price.get(),
            discount_percent: self.discount_percent.get(),
            tax_rate_id: self.tax_rate_id.get(),
        }
    }
}

/// The lines table, "Add line", and the live totals. `currency` is what the quote is priced in,
/// unless `follow` names the form's fields it comes from; `with_unit` shows the unit column
/// (documents that keep units).
#[island]
pub fn LineEditor(
    lines: Vec<LineForm>,
    catalog: Catalog,
    currency: String,
    totals: TotalsView,
    with_unit: bool,
    #[prop(optional)] follow: Option<CurrencyFollow>,
) -> impl IntoView {
    let currency = follow_currency(currency, follow);
    let default_rate = catalog.default_tax_rate_id.map(|i| i.to_string()).unwrap_or_default();
    let blank = LineForm { tax_rate_id: default_rate, ..Default::default() };
    let mut initial: Vec<Row> = lines.iter().enumerate().map(|(k, l)| Row::new(k, l)).collect();
    for _ in 0..2 {
        initial.push(Row::new(initial.len(), &blank));
    }
    let next_key = StoredValue::new(initial.len());
    let blank = StoredValue::new(blank);
    let rows = RwSignal::new(initial);
    let products = StoredValue::new(catalog.products);
    let rates = StoredValue::new(catalog.tax_rates);
    let quote = Action::new_local(move |input: &(String, Vec<LineForm>)| {
        let (c, ls) = input.clone();
        async move { quote(c, ls).await }
    });
    let shown = RwSignal::new(totals);
    Effect::new(move |_| {
        let ls: Vec<LineForm> = rows.get().iter().map(Row::form).collect();
        quote.dispatch((currency.get(), ls));
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
    view! {
        <div class="span-2 table-scroll">
            <table class="data lines" id="lines-table">
                <thead><tr>
                    <th scope="col">"Product"</th><th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th>
                    {with_unit.then(|| view! { <th scope="col">"Unit"</th> })}
                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount %"</th>
                    <th scope="col">"Tax rate"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, row)| view! {
                        <LineRow i row rows products rates with_unit/>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="add-line" on:click=add_row>"Add line"</button>
            <FieldError field="lines"/>
        </div>
        <div class="totals span-2" id="totals" aria-live="polite">
            <div><span>"Subtotal"</span><span class="num" id="total-subtotal">{move || shown.get().subtotal}</span></div>
            {move || shown.get().taxes.into_iter().map(|(label, tax)| view! {
                <div><span>{format!("Tax {label}")}</span><span class="num">{tax}</span></div>
            }).collect_view()}
            <div class="grand"><span>"Total"</span><span class="num" id="total-total">{move || shown.get().total}</span></div>
        </div>
    }
}

/// A text cell of a line: posted as `lines[i][field]`, errors under it.
#[component]
fn Cell(
    i: usize,
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] size: Option<&'static str>,
    #[prop(optional)] decimal: bool,
) -> impl IntoView {
    let n = i + 1;
    view! {
        <td><input name=format!("lines[{i}][{field}]") aria-label=format!("Line {n} {label}") size=size
            inputmode=decimal.then_some("decimal") value=value.get_untracked() prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError field=format!("lines[{i}].{field}")/></td>
    }
}

#[component]
fn LineRow(
    i: usize,
    row: Row,
    rows: RwSignal<Vec<Row>>,
    products: StoredValue<Vec<ProductOption>>,
    rates: StoredValue<Vec<(i64, String)>>,
    with_unit: bool,
) -> impl IntoView {
    let name = move |f: &str| format!("lines[{i}][{f}]");
    let err = move |f: &str| format!("lines[{i}].{f}");
    let n = i + 1;
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        row.product_id.set(v.clone());
        if let Some(p) = products.with_value(|ps| ps.iter().find(|p| p.id.to_string() == v).cloned()) {
            row.description.set(p.name);
            row.unit.set(p.unit);
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
            </select><FieldError field=err("product_id")/></td>
            <Cell i field="description" label="description" value=row.description/>
            <Cell i field="quantity" label="quantity" value=row.quantity size="5" decimal=true/>
            {if with_unit {
                view! { <Cell i field="unit" label="unit" value=row.unit size="4"/> }.into_any()
            } else {
                view! { <input type="hidden" name=name("unit") value=row.unit.get_untracked() prop:value=move || row.unit.get()/> }.into_any()
            }}
            <Cell i field="unit_price" label="unit price" value=row.unit_price size="8" decimal=true/>
            <Cell i field="discount_percent" label="discount" value=row.discount_percent size="4" decimal=true/>
            <td><select name=name("tax_rate_id") aria-label=format!("Line {n} tax rate") prop:value=move || row.tax_rate_id.get()
                on:change=move |ev| row.tax_rate_id.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {rates.with_value(|rs| rs.iter().map(|(id, label)| {
                    let s = id.to_string() == rate;
                    view! { <option value=*id selected=s>{label.clone()}</option> }
                }).collect_view())}
            </select><FieldError field=err("tax_rate_id")/></td>
            <td><button type="button" class="link-button" aria-label=format!("Remove line {n}")
                on:click=move |_| rows.update(|rs| rs.retain(|r| r.key != row.key))>"Remove"</button></td>
        </tr>
    }
}

/// The quote's currency: fixed, or (`follow`) the form's currency field when typed, else the chosen
/// account's, else EUR — read from the form's own fields as the person edits them.
fn follow_currency(fixed: String, follow: Option<CurrencyFollow>) -> Signal<String> {
    let Some(f) = follow else { return Signal::stored(fixed) };
    let typed = RwSignal::new(f.currency);
    let account = RwSignal::new(f.account_id);
    let (account_field, currency_field) = (f.account_field, f.currency_field);
    let handle = window_event_listener(leptos::ev::input, move |ev| {
        let id = event_target::<leptos::web_sys::Element>(&ev).id();
        if id == account_field {
            account.set(event_target_value(&ev));
        } else if id == currency_field {
            typed.set(event_target_value(&ev));
        }
    });
    on_cleanup(move || handle.remove());
    let accounts = StoredValue::new(f.accounts);
    Signal::derive(move || {
        let t = typed.get();
        if !t.trim().is_empty() {
            return t;
        }
        let chosen = account.get();
        accounts
            .with_value(|a| a.iter().find(|(id, _)| *id == chosen).map(|(_, c)| c.clone()))
            .unwrap_or_else(|| "EUR".into())
    })
}

/// The totals of the lines as typed, from the server's `quote_lines` (posted by hand as
/// `currency` and `lines[i][field]`: no typed server-fn client in the wasm).
async fn quote(currency: String, lines: Vec<LineForm>) -> Result<TotalsView, AppError> {
    #[cfg(feature = "hydrate")]
    {
        let mut pairs = vec![("currency".to_string(), currency)];
        for (i, l) in lines.iter().enumerate() {
            for (field, value) in [
                ("product_id", &l.product_id),
                ("description", &l.description),
                ("quantity", &l.quantity),
                ("unit", &l.unit),
                ("unit_price", &l.unit_price),
                ("discount_percent", &l.discount_percent),
                ("tax_rate_id", &l.tax_rate_id),
            ] {
                pairs.push((format!("lines[{i}][{field}]"), value.clone()));
            }
        }
        let text = crate::components::live_form::client::post_pairs(QuoteLines::PATH, &pairs).await?;
        serde_json::from_str(&text).map_err(|e| AppError::Transport(e.to_string()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        drop((currency, lines, QuoteLines::PATH));
        Err(AppError::Transport("quotes are asked for in the browser".into()))
    }
}
