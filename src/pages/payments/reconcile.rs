//! The reconciliation workbench: bank accounts, the chosen one's report (unmatched lines,
//! payments not yet on a statement, the difference), statement upload, statements, unmatched
//! lines with their suggestions, and the bank account's statement layout.
use super::reconcile_actions::{BankAccountEditor, IgnoreLineForm, LineActionButton};
use crate::api::bank::reconcile_workbench;
use crate::components::page::loaded;
use crate::model::bank::{LineStatus, StatementLineDto};
use crate::model::display::money;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReconcilePage() -> impl IntoView {
    let q = use_query_map().get_untracked();
    let chosen = q.get("bank_account").and_then(|s| s.parse::<i64>().ok());
    let upload_error = q.get("upload_error");
    view! {
        <Title text="Bank reconciliation"/>
        {loaded(reconcile_workbench(chosen), move |v| {
            let current = v.report.as_ref().map(|r| r.bank_account.id);
            view! {
                <div class="page-header">
                    <div>
                        <p class="crumbs"><a href="/payments">"Payments"</a></p>
                        <h1>"Bank reconciliation"</h1>
                    </div>
                </div>
                <nav class="tabs" aria-label="Bank accounts">
                    {v.accounts.iter().map(|a| {
                        let class = if Some(a.id) == current { "tab active" } else { "tab" };
                        view! {
                            <a class=class href=format!("/payments/reconcile?bank_account={}", a.id)>
                                {a.name.clone()} " " <span class="badge muted">{a.unmatched_lines}</span>
                            </a>
                        }
                    }).collect_view()}
                </nav>
                {match v.report.clone() {
                    None => view! { <p class="empty">"No bank account yet: add one with the layout of its statement files."</p> }.into_any(),
                    Some(r) => {
                        let id = r.bank_account.id;
                        let back = format!("/payments/reconcile?bank_account={id}");
                        view! {
                            <section class="cards" aria-label="Reconciliation">
                                <div class="card"><span class="card-label">"Unmatched lines"</span>
                                    <span class="card-value small" id="unmatched-lines">{r.unmatched_lines}</span>
                                    <span class="card-note">{r.unmatched_lines_total.clone()}</span></div>
                                <div class="card"><span class="card-label">"Payments not on a statement"</span>
                                    <span class="card-value small" id="unreconciled-payments">{r.unreconciled_payments}</span>
                                    <span class="card-note">{r.unreconciled_payments_total.clone()}</span></div>
                                <div class="card"><span class="card-label">"Difference"</span>
                                    <span class="card-value small" id="reconcile-difference">{r.difference.clone()}</span>
                                    <span class="card-note">"lines − payments"</span></div>
                            </section>
                            {v.can_manage.then(|| view! { <UploadForm bank_account_id=id error=upload_error.clone()/> })}
                            <section class="panel" id="statements">
                                <h2>"Statements"</h2>
                                {if r.statements.is_empty() {
                                    view! { <p class="empty">"None imported yet."</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="data"><thead><tr><th scope="col">"File"</th><th scope="col">"Status"</th><th scope="col">"Uploaded"</th>
                                            <th scope="col" class="num">"Lines"</th><th scope="col" class="num">"Skipped"</th><th scope="col" class="num">"Unmatched"</th></tr></thead>
                                        <tbody>{r.statements.iter().map(|s| view! {
                                            <tr>
                                                <td><a href=format!("/payments/reconcile/statements/{}", s.id)>{s.file_name.clone()}</a></td>
                                                <td>{s.status.label()}</td>
                                                <td>{s.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                                <td class="num">{s.line_count}</td><td class="num">{s.skipped_count}</td><td class="num">{s.unmatched_count}</td>
                                            </tr>
                                        }).collect_view()}</tbody></table>
                                    }.into_any()
                                }}
                            </section>
                            <section class="panel" id="unmatched">
                                <h2>"Unmatched lines"</h2>
                                <LineTable lines=r.lines.clone() can_manage=v.can_manage back=back.clone()/>
                            </section>
                            <section class="panel" id="unreconciled-payments-list">
                                <h2>"Payments not yet on a statement"</h2>
                                {if r.payments.is_empty() {
                                    view! { <p class="empty">"None."</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="data"><tbody>{r.payments.iter().map(|p| view! {
                                            <tr>
                                                <td><a href=format!("/payments/{}", p.id)>{p.number.clone()}</a></td>
                                                <td>{p.date.to_string()}</td>
                                                <td>{p.account_name.clone()}</td>
                                                <td>{p.method.label()}</td>
                                                <td class="num">{money(&p.amount, &p.currency)}</td>
                                            </tr>
                                        }).collect_view()}</tbody></table>
                                        <p class="hint"><a href="/payments?reconciled=false">"All payments not reconciled"</a></p>
                                    }.into_any()
                                }}
                            </section>
                            {v.can_manage.then(|| view! {
                                <details class="edit panel">
                                    <summary>"Statement layout of " {r.bank_account.name.clone()}</summary>
                                    <BankAccountEditor id=id form=r.bank_account.form.clone()/>
                                </details>
                            })}
                        }.into_any()
                    }
                }}
                {v.can_manage.then(|| view! {
                    <details class="edit panel" open=v.accounts.is_empty()>
                        <summary>"Add a bank account"</summary>
                        <BankAccountEditor form=v.blank.clone()/>
                    </details>
                })}
            }.into_any()
        })}
    }
}

/// The statement upload: a plain multipart form (works without JavaScript); problems come back
/// in `upload_error` and show under the file field.
#[component]
fn UploadForm(bank_account_id: i64, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some().to_string();
    view! {
        <section class="panel" id="upload">
            <h2>"Import a statement"</h2>
            <form class="form" method="post" action="/payments/reconcile/upload" enctype="multipart/form-data">
                <input type="hidden" name="bank_account_id" value=bank_account_id/>
                <div class="field">
                    <label for="statement-file">"Statement file (CSV)"</label>
                    <input id="statement-file" type="file" name="file" accept=".csv,text/csv,text/plain" required
                        aria-invalid=invalid aria-describedby="file-error"/>
                    <p class="hint">"Checked in full first: a file with a problem imports nothing. Lines imported before are skipped."</p>
                    {error.map(|e| view! { <p class="field-error" id="file-error" role="alert">{e}</p> })}
                </div>
                <div class="actions"><button type="submit" class="primary">"Preview"</button></div>
            </form>
        </section>
    }
}

/// A line's status as a badge.
#[component]
pub fn LineStatusBadge(status: LineStatus) -> impl IntoView {
    let class = match status {
        LineStatus::Unmatched => "badge status-queued",
        LineStatus::Reconciled => "badge ok",
        LineStatus::Ignored => "badge muted",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// Statement lines with their suggestion and one-click accept; `back` is where actions return.
#[component]
pub fn LineTable(lines: Vec<StatementLineDto>, can_manage: bool, back: String) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="empty">"No lines here."</p> }.into_any();
    }
    view! {
        <div class="table-scroll"><table class="data lines-table">
            <thead><tr>
                <th scope="col">"Line"</th><th scope="col">"Booked"</th><th scope="col" class="num">"Amount"</th>
                <th scope="col">"Text"</th><th scope="col">"Status"</th><th scope="col">"Match"</th><th scope="col"></th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| {
                    let back = back.clone();
                    let text = [l.counterparty.clone(), l.description.clone(), l.reference.clone()]
                        .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
                    view! {
                        <tr id=format!("line-{}", l.id) data-status=l.status.as_str()>
                            <td><a href=format!("/payments/reconcile/lines/{}", l.id)>{format!("#{}", l.line_no)}</a></td>
                            <td>{l.booked_on.to_string()}</td>
                            <td class="num">{l.amount_label.clone()}</td>
                            <td class="line-text">{text}</td>
                            <td><LineStatusBadge status=l.status/></td>
                            <td>{match (l.status, l.suggestion.clone()) {
                                (LineStatus::Reconciled, _) => l.payments.iter().map(|(id, n)| view! {
                                    <a href=format!("/payments/{id}")>{n.clone()}</a>" "
                                }).collect_view().into_any(),
                                (LineStatus::Ignored, _) => view! { <span class="muted">{l.ignore_reason.clone()}</span> }.into_any(),
                                (_, Some(s)) => view! {
                                    <span class="suggestion" title=s.reasons.join("\n")>
                                        <strong>{s.number.clone()}</strong>" " {s.account_name.clone()}
                                        " " <span class="badge">{format!("{}%", s.score)}</span>
                                    </span>
                                }.into_any(),
                                (_, None) => view! { <span class="muted">"No clear match"</span> }.into_any(),
                            }}</td>
                            <td class="actions">
                                {match (can_manage, l.status, l.suggestion.clone()) {
                                    (true, LineStatus::Unmatched, Some(s)) => view! {
                                        <LineActionButton id=l.id action="accept".into() label="Accept".into()
                                            kind=s.kind.as_str().to_string() target_id=s.target_id back=back primary=true/>
                                    }.into_any(),
                                    _ => ().into_any(),
                                }}
                                <a class="button small" href=format!("/payments/reconcile/lines/{}", l.id)>"Details"</a>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// The line actions for a resolved or unresolved line on its own page.
#[component]
pub fn LineResolution(id: i64, status: LineStatus) -> impl IntoView {
    match status {
        LineStatus::Unmatched => view! {
            <details class="edit"><summary>"Not a customer payment"</summary><IgnoreLineForm id=id/></details>
        }
        .into_any(),
        _ => view! { <LineActionButton id=id action="reopen".into() label="Reopen".into() primary=false/> }.into_any(),
    }
}
