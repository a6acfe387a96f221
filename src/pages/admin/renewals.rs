//! Admin → renewal settings: how renewals invoice, the grace period after expiry, and the price
//! index index-linked contracts follow.
use crate::api::contracts::{get_renewal_settings, SaveRenewalSettings};
use crate::components::form::{SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::components::timeline::Timeline;
use crate::model::contract_settings::{InvoiceMode, RenewalSettingsForm};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn RenewalSettingsPage() -> impl IntoView {
    view! {
        <Title text="Renewal settings"/>
        {loaded(get_renewal_settings(), move |(settings, events)| {
            let f = RenewalSettingsForm::from(&settings);
            let modes = InvoiceMode::ALL.iter().map(|m| (m.as_str().to_string(), m.label().to_string())).collect();
            view! {
                <div class="page-header"><h1>"Renewal settings"</h1></div>
                <section class="panel">
                    <LiveForm action=SaveRenewalSettings::PATH class="form grid-2" id="renewal-settings-form">
                        <SelectField id="renewal-invoice-mode" name="form[invoice_mode]" field="invoice_mode"
                            label="Renewal invoices" options=modes selected=f.invoice_mode.clone()/>
                        <TextField id="renewal-grace" name="form[grace_days]" field="grace_days" kind="number"
                            label="Grace period (days)" value=f.grace_days.clone()
                            hint="How long after its end an expired contract can still be renewed, keeping its anniversary."/>
                        <TextField id="renewal-reminders" name="form[reminder_days]" field="reminder_days"
                            label="Reminders (days before the end)" value=f.reminder_days.clone()
                            hint="e.g. 90, 60, 30. A reminder also goes at each contract's notice deadline."/>
                        <TextField id="renewal-index-name" name="form[index_name]" field="index_name"
                            label="Price index" value=f.index_name.clone() hint="e.g. Consumer price index (2020 = 100)."/>
                        <TextField id="renewal-index-value" name="form[index_value]" field="index_value"
                            label="Index value now" value=f.index_value.clone()
                            hint="Index-linked contracts move by its change since their prices were set, within their cap and floor."/>
                        <SubmitRow label="Save renewal settings"/>
                    </LiveForm>
                </section>
                <section class="panel">
                    <h2>"History"</h2>
                    <Timeline events/>
                </section>
            }.into_any()
        })}
    }
}
