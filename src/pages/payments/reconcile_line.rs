//! One statement line: its text, its status, every candidate with score and reasons (accept in
//! one click), splitting it into payments for several invoices or customers, and marking it as
//! not a customer payment — or reopening it.
use super::reconcile::{LineResolution, LineStatusBadge};
use super::reconcile_actions::{LineActionButton, SplitLineForm};
use crate::api::bank::load_bank_line;
use crate::components::page::{id_param, loaded};
use crate::model::bank::{CandidateKind, LineStatus};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BankLinePage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(load_bank_line(id), move |v| {
            let l = v.line.clone();
            let open = l.status == LineStatus::Unmatched && v.can_manage;
            let money_in = !l.amount.starts_with('-');
            // The split form starts from the invoice candidates (what is open on each).
            let prefill: Vec<(String, String)> = v.candidates.iter()
                .filter(|c| c.kind == CandidateKind::Invoice)
                .take(1)
                .map(|c| (c.number.clone(), String::new()))
                .collect();
            view! {
                <Title text=format!("Bank line {}", l.line_no)/>
                <div class="detail-header">
                    <div>
                        <p class="crumbs"><a href="/payments/reconcile">"Bank reconciliation"</a>" / "
                            <a href=format!("/payments/reconcile/statements/{}", l.statement_id)>"Statement"</a></p>
                        <h1>{format!("{} on {}", l.amount_label, l.booked_on)}</h1>
                        <p class="muted">{[format!("Line {}", l.line_no), l.counterparty.clone(), l.description.clone(), l.reference.clone()]
                            .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</p>
                        <p id="line-status"><LineStatusBadge status=l.status/>
                            {l.ignore_reason.clone().map(|r| view! { " " <span class="muted">{r}</span> })}
                            {l.payments.iter().map(|(id, n)| view! { " " <a href=format!("/payments/{id}")>{n.clone()}</a> }).collect_view()}
                        </p>
                    </div>
                    <div class="actions">{v.can_manage.then(|| view! { <LineResolution id=l.id status=l.status/> })}</div>
                </div>
                <section class="panel" id="candidates">
                    <h2>"Candidates"</h2>
                    {if v.candidates.is_empty() {
                        view! { <p class="empty">{if money_in { "Nothing open matches this line: split it into payments below." } else { "Money leaving the account has no candidates." }}</p> }.into_any()
                    } else {
                        view! {
                            <table class="data"><thead><tr><th scope="col">"Document"</th><th scope="col">"Account"</th>
                                <th scope="col" class="num">"Open / amount"</th><th scope="col" class="num">"Score"</th><th scope="col">"Why"</th><th scope="col"></th></tr></thead>
                            <tbody>{v.candidates.iter().map(|c| {
                                let href = match c.kind { CandidateKind::Invoice => format!("/invoices/{}", c.target_id), CandidateKind::Payment => format!("/payments/{}", c.target_id) };
                                view! {
                                    <tr>
                                        <td><a href=href>{c.number.clone()}</a></td>
                                        <td><a href=format!("/accounts/{}", c.account_id)>{c.account_name.clone()}</a></td>
                                        <td class="num">{c.amount_label.clone()}</td>
                                        <td class="num"><span class="badge">{format!("{}%", c.score)}</span></td>
                                        <td><ul class="reasons">{c.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul></td>
                                        <td>{open.then(|| view! {
                                            <LineActionButton id=l.id action="accept".into() label="Accept".into()
                                                kind=c.kind.as_str().to_string() target_id=c.target_id primary=true/>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}</tbody></table>
                        }.into_any()
                    }}
                </section>
                {(open && money_in).then(|| view! {
                    <section class="panel" id="split">
                        <h2>"Create payments from this line"</h2>
                        <SplitLineForm id=l.id amount_label=l.amount_label.clone() accounts=v.accounts.clone() prefill/>
                    </section>
                })}
            }.into_any()
        })}
    }
}
