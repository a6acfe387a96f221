//! Admin → company settings: company and bank details, defaults, and number series.
use crate::api::settings::{get_settings, SaveSettings};
use crate::components::form::{FieldError, SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::components::timeline::Timeline;
use crate::model::settings::{SettingsDto, SettingsForm};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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

/// Server-rendered; the `LiveForm` island posts it and puts the errors beside the fields.
#[component]
fn SettingsEditor(settings: SettingsDto, tax_rates: Vec<(i64, String)>) -> impl IntoView {
    let f = SettingsForm::from(&settings);
    let mut rate_options = vec![(String::new(), "— none —".to_string())];
    rate_options.extend(tax_rates.into_iter().map(|(id, n)| (id.to_string(), n)));
    view! {
        <LiveForm action=SaveSettings::PATH class="form grid-2" id="settings-form">
            <h2 class="span-2">"Company"</h2>
            <TextField id="s-name" name="form[company_name]" field="company_name" label="Company name" value=f.company_name required=true/>
            <TextField id="s-tax" name="form[tax_id]" field="tax_id" label="Tax id" value=f.tax_id/>
            <TextField id="s-address" name="form[address]" field="address" label="Address" value=f.address multiline=true/>
            <TextField id="s-footer" name="form[invoice_footer]" field="invoice_footer" label="Invoice footer" value=f.invoice_footer
                multiline=true hint="Printed at the bottom of every invoice."/>
            <SelectField id="s-paper" name="form[paper_size]" field="paper_size" label="Paper size of printed documents"
                options=vec![("A4".into(), "A4".into()), ("Letter".into(), "US Letter".into())] selected=f.paper_size/>
            <h2 class="span-2">"Invoicing"</h2>
            <SelectField id="s-invoice-qty" name="form[invoice_quantities]" field="invoice_quantities"
                label="Invoicing an order takes"
                options=vec![("ordered".into(), "Everything ordered and not yet invoiced".into()), ("shipped".into(), "Only what was shipped and not yet invoiced".into())]
                selected=f.invoice_quantities/>
            <TextField id="s-reminders" name="form[reminder_schedule]" field="reminder_schedule" label="Payment reminders (days from the due date)"
                value=f.reminder_schedule hint="For example -3, 0, 7, 14: three days before, on the day, one and two weeks after. Empty: no reminders."/>
            <TextField id="s-link-days" name="form[invoice_link_days]" field="invoice_link_days" label="Customer links work for (days)"
                kind="number" value=f.invoice_link_days/>
            <h2 class="span-2">"Bank details (printed on invoices)"</h2>
            <TextField id="s-bank" name="form[bank_account_name]" field="bank_account_name" label="Account name" value=f.bank_account_name/>
            <TextField id="s-iban" name="form[iban]" field="iban" label="IBAN" value=f.iban/>
            <TextField id="s-bic" name="form[bic]" field="bic" label="BIC" value=f.bic/>
            <h2 class="span-2">"Defaults for new records"</h2>
            <TextField id="s-currency" name="form[default_currency]" field="default_currency" label="Currency" value=f.default_currency required=true/>
            <TextField id="s-terms" name="form[default_payment_terms_days]" field="default_payment_terms_days"
                label="Payment terms (days)" kind="number" value=f.default_payment_terms_days required=true/>
            <SelectField id="s-rate" name="form[default_tax_rate_id]" field="default_tax_rate_id" label="Tax rate"
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
                                    <FieldError field=pf/></td>
                                <td><input name=format!("form[series][{i}][padding]") value=x.padding type="number" min="1" max="12"
                                    aria-label=format!("{} digits", dto.label())/><FieldError field=pd/></td>
                                <td class="muted">{example}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FieldError field="series"/>
            <SubmitRow label="Save settings"/>
        </LiveForm>
    }
}
