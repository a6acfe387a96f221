//! One bank statement: while staged, its preview (rows as they will be imported, those imported
//! before marked, import or discard); once imported, its lines by status with their suggestions.
use super::reconcile::LineTable;
use super::reconcile_actions::StatementActionButton;
use crate::api::bank::load_bank_statement;
use crate::components::page::{id_param, loaded};
use crate::model::bank::{LineStatus, StatementPreview, StatementStatus};
use crate::model::display::count;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BankStatementPage() -> impl IntoView {
    let id = id_param();
    let status = use_query_map().get_untracked().get("status");
    view! {
        {loaded(load_bank_statement(id, status), move |v| {
            let s = v.statement.clone();
            let back = format!("/payments/reconcile/statements/{}?status={}", s.id, v.status);
            let tab = |value: &'static str, label: &'static str| {
                let active = v.status == value || (value.is_empty() && v.status == "all");
                view! {
                    <a class=if active { "tab active" } else { "tab" }
                        href=format!("/payments/reconcile/statements/{}?status={value}", s.id)>{label}</a>
                }
            };
            view! {
                <Title text=s.file_name.clone()/>
                <div class="detail-header">
                    <div>
                        <p class="crumbs"><a href="/payments">"Payments"</a>" / "
                            <a href=format!("/payments/reconcile?bank_account={}", s.bank_account_id)>{s.bank_account_name.clone()}</a></p>
                        <h1>{s.file_name.clone()}</h1>
                        <p class="muted">{if s.status == StatementStatus::Staged {
                            "Waiting for import: check the preview".to_string()
                        } else {
                            format!("{} imported, {} skipped as imported before, {} unmatched",
                                count(s.line_count, "line"), s.skipped_count, s.unmatched_count)
                        }}</p>
                    </div>
                    <div class="actions">
                        {(v.can_manage && s.status == StatementStatus::Staged).then(|| view! {
                            <StatementActionButton id=s.id action="import".into() label="Import".into() primary=true/>
                            <StatementActionButton id=s.id action="discard".into() label="Discard".into() primary=false/>
                        })}
                        {(v.can_manage && s.status == StatementStatus::Imported).then(|| view! {
                            <StatementActionButton id=s.id action="rematch".into() label="Match again".into() primary=false/>
                        })}
                    </div>
                </div>
                {match v.preview.clone() {
                    Some(p) => view! { <Preview p/> }.into_any(),
                    None => view! {
                        <nav class="tabs" aria-label="Line status">
                            {tab("", "All")}{tab(LineStatus::Unmatched.as_str(), "Unmatched")}{tab(LineStatus::Reconciled.as_str(), "Reconciled")}{tab(LineStatus::Ignored.as_str(), "Not customer payments")}
                        </nav>
                        <section class="panel"><LineTable lines=v.lines.clone() can_manage=v.can_manage back/></section>
                    }.into_any(),
                }}
            }.into_any()
        })}
    }
}

#[component]
fn Preview(p: StatementPreview) -> impl IntoView {
    view! {
        <section class="cards" aria-label="Preview">
            <div class="card"><span class="card-label">"Rows in the file"</span><span class="card-value small">{p.total}</span></div>
            <div class="card"><span class="card-label">"New lines"</span><span class="card-value small" id="preview-new">{p.new_count}</span></div>
            <div class="card"><span class="card-label">"Imported before (skipped)"</span><span class="card-value small" id="preview-duplicates">{p.duplicate_count}</span></div>
        </section>
        {(!p.errors.is_empty()).then(|| view! {
            <section class="panel" role="alert"><h2>"Problems"</h2><ul>
                {p.errors.iter().map(|e| view! { <li>{format!("line {}: {}", e.line, e.message)}</li> }).collect_view()}
            </ul></section>
        })}
        <section class="panel">
            <div class="table-scroll"><table class="data" id="preview-table">
                <thead><tr><th scope="col">"Line"</th><th scope="col">"Booked"</th><th scope="col" class="num">"Amount"</th>
                    <th scope="col">"Counterparty"</th><th scope="col">"Description"</th><th scope="col">"Reference"</th><th scope="col"></th></tr></thead>
                <tbody>{p.lines.iter().map(|l| view! {
                    <tr class=if l.duplicate { "muted" } else { "" }>
                        <td>{l.line_no}</td><td>{l.booked_on.to_string()}</td><td class="num">{l.amount_label.clone()}</td>
                        <td>{l.counterparty.clone()}</td><td>{l.description.clone()}</td><td>{l.reference.clone()}</td>
                        <td>{l.duplicate.then_some("imported before")}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
            {(p.total > p.lines.len() as i64).then(|| view! {
                <p class="hint">{format!("The first {} of {} rows.", p.lines.len(), p.total)}</p>
            })}
        </section>
    }
}
