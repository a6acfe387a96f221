//! Admin → support settings: the company calendar the SLA clocks count in, the holiday list, the
//! SLA policy of each priority, the automatic assignment rule and the ticket settings.
use crate::api::support_settings::{get_support_settings, SaveSupportSettings};
use crate::components::form::{FieldError, SelectField, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::components::page::loaded;
use crate::components::timeline::Timeline;
use crate::model::support_settings::{SupportSettingsDto, SupportSettingsForm, WEEKDAYS};
use crate::model::ticket::AssignmentRule;
use crate::model::ticket_view::span;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn SupportSettingsPage() -> impl IntoView {
    view! {
        <Title text="Support settings"/>
        {loaded(get_support_settings(), move |v| view! {
            <div class="page-header"><h1>"Support settings"</h1></div>
            <section class="panel">
                <SupportSettingsEditor settings=v.settings/>
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
fn SupportSettingsEditor(settings: SupportSettingsDto) -> impl IntoView {
    let f = SupportSettingsForm::from(&settings);
    let days = [&f.day1, &f.day2, &f.day3, &f.day4, &f.day5, &f.day6, &f.day7].map(|d| !d.is_empty());
    let rules = AssignmentRule::ALL.iter().map(|r| (r.as_str().to_string(), r.label().to_string())).collect();
    view! {
        <LiveForm action=SaveSupportSettings::PATH class="form grid-2" id="support-settings-form">
            <h2 class="span-2">"Business hours"</h2>
            <p class="hint span-2">"SLA clocks that are not 24×7 count only these hours. Saving recomputes the due times of every open ticket."</p>
            <TextField id="ss-timezone" name="form[timezone]" field="timezone" label="Time zone" value=f.timezone required=true
                hint="An IANA name such as Europe/Berlin, America/New_York or UTC."/>
            <fieldset class="field" id="ss-days" aria-describedby="work_days-error">
                <legend>"Working days"</legend>
                {WEEKDAYS.iter().map(|(n, name)| {
                    let checked = days[n - 1];
                    view! {
                        <label class="check">
                            <input type="checkbox" name=format!("form[day{n}]") value="on" checked=checked/>
                            " " {*name}
                        </label>
                    }
                }).collect_view()}
                <FieldError field="work_days"/>
            </fieldset>
            <TextField id="ss-start" name="form[work_start]" field="work_start" label="Working day starts" kind="time" value=f.work_start required=true/>
            <TextField id="ss-end" name="form[work_end]" field="work_end" label="Working day ends" kind="time" value=f.work_end required=true/>
            <div class="field span-2">
                <label for="ss-holidays">"Holidays"</label>
                <textarea id="ss-holidays" name="form[holidays]" rows="6" aria-describedby="holidays-error">{f.holidays}</textarea>
                <p class="hint">"One per line: the date, then its name — 2026-12-25 Christmas Day. No clock counts on these days."</p>
                <FieldError field="holidays"/>
            </div>
            <h2 class="span-2">"SLA targets per priority"</h2>
            <p class="hint span-2">"In minutes of business hours, or of wall time for a 24×7 priority. A ticket keeps the targets it was opened (or given its priority) under."</p>
            <table class="data span-2" id="policies-table">
                <thead><tr>
                    <th scope="col">"Priority"</th><th scope="col">"First response (minutes)"</th>
                    <th scope="col">"Resolution (minutes)"</th><th scope="col">"24×7"</th>
                </tr></thead>
                <tbody>
                    {f.policies.into_iter().zip(settings.policies).enumerate().map(|(i, (p, dto))| {
                        let label = dto.priority.label();
                        let (fr, res) = (format!("first_response_{}", p.priority), format!("resolution_{}", p.priority));
                        view! {
                            <tr>
                                <td>{label}<input type="hidden" name=format!("form[policies][{i}][priority]") value=p.priority.clone()/></td>
                                <td>
                                    <input name=format!("form[policies][{i}][first_response_minutes]") value=p.first_response_minutes
                                        type="number" min="1" aria-label=format!("{label} first response in minutes")
                                        aria-describedby=format!("{fr}-error")/>
                                    <span class="muted">" = " {span(dto.first_response_minutes * 60)}</span>
                                    <FieldError field=fr/>
                                </td>
                                <td>
                                    <input name=format!("form[policies][{i}][resolution_minutes]") value=p.resolution_minutes
                                        type="number" min="1" aria-label=format!("{label} resolution in minutes")
                                        aria-describedby=format!("{res}-error")/>
                                    <span class="muted">" = " {span(dto.resolution_minutes * 60)}</span>
                                    <FieldError field=res/>
                                </td>
                                <td><input type="checkbox" name=format!("form[policies][{i}][all_day]") value="on" checked=dto.all_day
                                    aria-label=format!("{label} counts around the clock")/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FieldError field="policies"/>
            <h2 class="span-2">"Tickets"</h2>
            <SelectField id="ss-assignment" name="form[assignment]" field="assignment" label="Automatic assignment of new tickets"
                options=rules selected=f.assignment/>
            <TextField id="ss-auto-close" name="form[auto_close_days]" field="auto_close_days" kind="number" required=true
                label="Close resolved tickets after (days without a customer reply)" value=f.auto_close_days/>
            <TextField id="ss-link-days" name="form[link_days]" field="link_days" kind="number" required=true
                label="Customer ticket links work for (days)" value=f.link_days/>
            <SubmitRow label="Save support settings"/>
        </LiveForm>
    }
}
