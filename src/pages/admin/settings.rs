//! Admin → company settings: company and bank details, defaults, and number series.
use crate::api::settings::{get_settings, SaveSettings};
use crate::components::form::{action_error, hydrated, FieldError, SelectField, SubmitRow, TextField};
use crate::components::page::loaded;
use crate::components::timeline::Timeline;
use crate::model::settings::{SettingsDto, SettingsForm};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Company settings"/>
        {loaded(get_settings(), move |v| view! {
            <div class="page-header"><h1>"Company settings"</h1></div>
            <section class="panel">
                <SettingsEditor settings=v.settings tax_rates=v.tax_rates/>
            </section>
            <section class="panel">
                <h2>"History"</h2>
                <Timeline events=v.events/>
            </section>
        }.into_any())}
    }
}

#[island]
fn SettingsEditor(settings: SettingsDto, tax_rates: Vec<(i64, String)>) -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let live = hydrated();
    let error = action_error(&save);
    let f = SettingsForm::from(&settings);
    let mut rate_options = vec![(String::new(), "— none —".to_string())];
    rate_options.extend(tax_rates.into_iter().map(|(id, n)| (id.to_string(), n)));
    view! {
        <ActionForm action=save attr:class="form grid-2" attr:id="settings-form" attr:data-hydrated=move || live.get().to_string()>
            <h2 class="span-2">"Company"</h2>
            <TextField error id="s-name" name="form[company_name]" field="company_name" label="Company name" value=f.company_name required=true/>
            <TextField error id="s-tax" name="form[tax_id]" field="tax_id" label="Tax id" value=f.tax_id/>
            <TextField error id="s-address" name="form[address]" field="address" label="Address" value=f.address multiline=true/>
            <TextField error id="s-footer" name="form[invoice_footer]" field="invoice_footer" label="Invoice footer" value=f.invoice_footer
                multiline=true hint="Printed at the bottom of every invoice."/>
            <SelectField error id="s-paper" name="form[paper_size]" field="paper_size" label="Paper size of printed documents"
                options=vec![("A4".into(), "A4".into()), ("Letter".into(), "US Letter".into())] selected=f.paper_size/>
            <h2 class="span-2">"Invoicing"</h2>
            <SelectField error id="s-invoice-qty" name="form[invoice_quantities]" field="invoice_quantities"
                label="Invoicing an order takes"
                options=vec![("ordered".into(), "Everything ordered and not yet invoiced".into()), ("shipped".into(), "Only what was shipped and not yet invoiced".into())]
                selected=f.invoice_quantities/>
            <TextField error id="s-reminders" name="form[reminder_schedule]" field="reminder_schedule" label="Payment reminders (days from the due date)"
                value=f.reminder_schedule hint="For example -3, 0, 7, 14: three days before, on the day, one and two weeks after. Empty: no reminders."/>
            <TextField error id="s-link-days" name="form[invoice_link_days]" field="invoice_link_days" label="Customer links work for (days)"
                kind="number" value=f.invoice_link_days/>
            <h2 class="span-2">"Bank details (printed on invoices)"</h2>
            <TextField error id="s-bank" name="form[bank_account_name]" field="bank_account_name" label="Account name" value=f.bank_account_name/>
            <TextField error id="s-iban" name="form[iban]" field="iban" label="IBAN" value=f.iban/>
            <TextField error id="s-bic" name="form[bic]" field="bic" label="BIC" value=f.bic/>
            <h2 class="span-2">"Defaults for new records"</h2>
            <TextField error id="s-currency" name="form[default_currency]" field="default_currency" label="Currency" value=f.default_currency required=true/>
            <TextField error id="s-terms" name="form[default_payment_terms_days]" field="default_payment_terms_days"
                label="Payment terms (days)" kind="number" value=f.default_payment_terms_days required=true/>
            <SelectField error id="s-rate" name="form[default_tax_rate_id]" field="default_tax_rate_id" label="Tax rate"
                options=rate_options selected=f.default_tax_rate_id/>
            <h2 class="span-2">"Document numbers"</h2>
            <table class="data span-2" id="series-table">
                <thead><tr><th scope="col">"Series"</th><th scope="col">"Prefix"</th><th scope="col">"Digits"</th><th scope="col">"Example"</th></tr></thead>
                <tbody>
                    {f.series.into_iter().zip(settings.series).enumerate().map(|(i, (x, dto))| {
                        let example = crate::model::numbering::SeriesFormat { prefix: dto.prefix.clone(), padding: dto.padding as u32 }.format(2026, 42);
                        let (pf, pd) = (format!("prefix_{}", x.series), format!("padding_{}", x.series));
                        view! {
                            <tr>
                                <td>{dto.label()}<input type="hidden" name=format!("form[series][{i}][series]") value=x.series.clone()/></td>
                                <td><input name=format!("form[series][{i}][prefix]") value=x.prefix aria-label=format!("{} prefix", dto.label()) size="8"/>
                                    <FieldError error field=pf/></td>
                                <td><input name=format!("form[series][{i}][padding]") value=x.padding type="number" min="1" max="12"
                                    aria-label=format!("{} digits", dto.label())/><FieldError error field=pd/></td>
                                <td class="muted">{example}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FieldError error field="series"/>
            <SubmitRow error label="Save settings"/>
        </ActionForm>
    }
}
