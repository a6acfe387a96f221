//! An account's statement for a period: opening balance, invoices, credit notes, payments and
//! refunds with the running balance, the closing balance, and the same as PDF.
use crate::api::payments::account_statement;
use crate::components::page::{id_param, loaded};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StatementPage() -> impl IntoView {
    let id = id_param();
    let q = use_query_map().get_untracked();
    let (from, to) = (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default());
    view! {
        <Title text="Statement"/>
        {loaded(account_statement(id, from, to), move |s| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href=format!("/accounts/{}", s.account_id)>{s.account_name.clone()}</a></p>
                <h1>{format!("Statement {} – {}", s.from, s.to)}</h1>
            </div>
            <a class="button" id="statement-pdf" href=format!("/accounts/{}/statement.pdf?from={}&to={}", s.account_id, s.from, s.to)>"PDF"</a></div>
            <form class="filters" method="get" action=format!("/accounts/{}/statement", s.account_id)>
                <label for="st-from">"From"</label><input id="st-from" name="from" type="date" value=s.from.to_string()/>
                <label for="st-to">"To"</label><input id="st-to" name="to" type="date" value=s.to.to_string()/>
                <button type="submit">"Show"</button>
            </form>
            <section class="panel">
                <div class="table-scroll"><table class="data" id="statement-table">
                    <thead><tr><th scope="col">"Date"</th><th scope="col">"What"</th><th scope="col">"Document"</th>
                        <th scope="col" class="num">"Charges"</th><th scope="col" class="num">"Credits"</th><th scope="col" class="num">"Balance"</th></tr></thead>
                    <tbody>
                        <tr><td>{s.from.to_string()}</td><td colspan="4">"Opening balance"</td><td class="num" id="opening">{s.opening.clone()}</td></tr>
                        {s.entries.iter().map(|e| view! {
                            <tr><td>{e.0.to_string()}</td><td>{e.1.clone()}</td><td>{e.2.clone()}</td>
                                <td class="num">{e.3.clone()}</td><td class="num">{e.4.clone()}</td><td class="num">{e.5.clone()}</td></tr>
                        }).collect_view()}
                        <tr class="grand"><td>{s.to.to_string()}</td><td colspan="4">"Closing balance"</td><td class="num" id="closing">{s.closing.clone()}</td></tr>
                    </tbody>
                </table></div>
                <p class="hint">{format!("In {}; documents in other currencies are not part of this statement.", s.currency)}</p>
            </section>
        }.into_any())}
    }
}
