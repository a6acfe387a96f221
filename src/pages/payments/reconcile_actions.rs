//! The workbench's forms: line actions (accept, ignore, reopen), statement actions (import,
//! discard, match again), the split form and the bank account's layout form. Server-rendered
//! forms; the one `LiveForm` island posts them.
use crate::api::bank::{BankLineAction, SaveBankAccount, SplitBankLine, StatementAction};
use crate::components::form::{FieldError, FormError, FormKey, SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::bank::{BankAccountForm, DateFormat};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// One button posting a line action (accept a candidate, reopen).
#[component]
pub fn LineActionButton(
    id: i64,
    action: String,
    label: String,
    #[prop(optional)] kind: Option<String>,
    #[prop(optional)] target_id: Option<i64>,
    #[prop(optional)] back: Option<String>,
    primary: bool,
) -> impl IntoView {
    view! {
        <LiveForm action=BankLineAction::PATH class="inline line-action">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <input type="hidden" name="action" value=action/>
            {kind.map(|k| view! { <input type="hidden" name="kind" value=k/> })}
            {target_id.map(|t| view! { <input type="hidden" name="target_id" value=t/> })}
            {back.map(|b| view! { <input type="hidden" name="back" value=b/> })}
            <button type="submit" class=if primary { "primary small" } else { "small" }>{label}</button>
            <FieldError field="target_id"/>
            <FormError/>
        </LiveForm>
    }
}

/// Marks a line as not a customer payment, with the reason.
#[component]
pub fn IgnoreLineForm(id: i64, #[prop(optional)] back: Option<String>) -> impl IntoView {
    view! {
        <LiveForm action=BankLineAction::PATH class="form" id="ignore-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <input type="hidden" name="action" value="ignore"/>
            {back.map(|b| view! { <input type="hidden" name="back" value=b/> })}
            <TextField id=format!("ignore-reason-{id}") name="reason" field="reason" label="Why" required=true
                hint="A bank fee, interest, a transfer between own accounts, a supplier refund…"/>
            <FormError/>
            <div class="actions"><button type="submit">"Not a customer payment"</button></div>
        </LiveForm>
    }
}

/// One button posting a statement action (import, discard, rematch).
#[component]
pub fn StatementActionButton(id: i64, action: String, label: String, primary: bool) -> impl IntoView {
    view! {
        <LiveForm action=StatementAction::PATH class="inline">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <input type="hidden" name="action" value=action.clone()/>
            <button type="submit" id=format!("statement-{action}") class=if primary { "primary" } else { "" }>{label}</button>
            <FormError/>
        </LiveForm>
    }
}

/// Rows of invoice number and amount (invoices of any customers), and the account that keeps
/// what the rows leave as credit.
#[component]
pub fn SplitLineForm(
    id: i64,
    amount_label: String,
    accounts: Vec<(i64, String)>,
    prefill: Vec<(String, String)>,
) -> impl IntoView {
    let rows = 6.max(prefill.len() + 2);
    let mut options = vec![(String::new(), "— nobody: the rows take it all —".to_string())];
    options.extend(accounts.into_iter().map(|(id, n)| (id.to_string(), n)));
    view! {
        <LiveForm action=SplitBankLine::PATH class="form" id="split-form">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <p class="hint">{format!("The line brings {amount_label}. Each row pays an invoice; invoices of several customers make one payment per customer.")}</p>
            <table class="data"><thead><tr><th scope="col">"Invoice number"</th><th scope="col" class="num">"Amount"</th></tr></thead><tbody>
                {(0..rows).map(|i| {
                    let (inv, amount) = prefill.get(i).cloned().unwrap_or_default();
                    view! {
                        <tr>
                            <td>
                                <input name=format!("form[rows][{i}][invoice]") value=inv placeholder="INV-2026-000123" aria-label=format!("Invoice {}", i + 1)
                                    aria-describedby=format!("rows[{i}].invoice-error")/>
                                <FieldError field=format!("rows[{i}].invoice")/>
                            </td>
                            <td class="num">
                                <input name=format!("form[rows][{i}][amount]") value=amount inputmode="decimal" size="10" aria-label=format!("Amount {}", i + 1)
                                    aria-describedby=format!("rows[{i}].amount-error")/>
                                <FieldError field=format!("rows[{i}].amount")/>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody></table>
            <FieldError field="rows"/>
            <SelectField id="split-credit" name="form[credit_account_id]" field="credit_account_id"
                label="What the rows leave is credit of" options selected=""/>
            <SubmitRow label="Create payments"/>
        </LiveForm>
    }
}

/// A bank account's name, currency and statement layout.
#[component]
pub fn BankAccountEditor(#[prop(optional)] id: Option<i64>, form: BankAccountForm) -> impl IntoView {
    let formats: Vec<(String, String)> =
        DateFormat::ALL.iter().map(|f| (f.pattern().to_string(), format!("like {}", f.label()))).collect();
    let delimiters: Vec<(String, String)> = [(",", "comma ,"), (";", "semicolon ;"), ("tab", "tab"), ("|", "bar |")]
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect();
    let f = form;
    let prefix = id.map(|i| format!("bank-{i}")).unwrap_or_else(|| "bank-new".into());
    let fid = move |s: &str| format!("{prefix}-{s}");
    view! {
        <LiveForm action=SaveBankAccount::PATH class="form bank-form">
            {id.map(|i| view! { <input type="hidden" name="id" value=i/> })}
            <div class="grid-2">
                <TextField id=fid("name") name="form[name]" field="name" label="Name" value=f.name.clone() required=true/>
                <TextField id=fid("currency") name="form[currency]" field="currency" label="Currency" value=f.currency.clone() required=true/>
                <TextField id=fid("iban") name="form[iban]" field="iban" label="IBAN" value=f.iban.clone()/>
                <TextField id=fid("date") name="form[date_column]" field="date_column" label="Date column" value=f.date_column.clone() required=true/>
                <SelectField id=fid("date-format") name="form[date_format]" field="date_format" label="Dates are written" options=formats selected=f.date_format.clone()/>
                <TextField id=fid("amount") name="form[amount_column]" field="amount_column" label="Amount column (signed)" value=f.amount_column.clone()
                    hint="Or leave empty and name the debit and credit columns."/>
                <TextField id=fid("debit") name="form[debit_column]" field="debit_column" label="Debit column" value=f.debit_column.clone()/>
                <TextField id=fid("credit") name="form[credit_column]" field="credit_column" label="Credit column" value=f.credit_column.clone()/>
                <TextField id=fid("description") name="form[description_column]" field="description_column" label="Description column" value=f.description_column.clone() required=true/>
                <TextField id=fid("counterparty") name="form[counterparty_column]" field="counterparty_column" label="Counterparty column" value=f.counterparty_column.clone()/>
                <TextField id=fid("reference") name="form[reference_column]" field="reference_column" label="Reference column" value=f.reference_column.clone()/>
                <SelectField id=fid("delimiter") name="form[delimiter]" field="delimiter" label="Columns separated by" options=delimiters selected=f.delimiter.clone()/>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id=fid("comma") name="form[decimal_comma]" value="true" checked=!f.decimal_comma.is_empty()/>
                <label for=fid("comma")>"Amounts use a decimal comma (1.234,56)"</label>
            </div>
            <SubmitRow label="Save bank account"/>
        </LiveForm>
    }
}
