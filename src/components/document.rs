//! Shapes every document page (opportunity, order, invoice) shares: the totals block under the
//! lines and the "Edit draft" panel holding the document's editor.
use crate::model::lines::TotalsView;
use leptos::prelude::*;

/// Subtotal, one row per tax rate, and the grand total (`total_id` names it for the tests).
#[component]
pub fn Totals(totals: TotalsView, #[prop(optional)] total_id: Option<&'static str>) -> impl IntoView {
    let TotalsView { subtotal, taxes, total, .. } = totals;
    view! {
        <div class="totals">
            <div><span>"Subtotal"</span><span class="num">{subtotal}</span></div>
            {taxes.into_iter().map(|(l, t)| view! { <div><span>{format!("Tax {l}")}</span><span class="num">{t}</span></div> }).collect_view()}
            <div class="grand"><span>"Total"</span><span class="num" id=total_id>{total}</span></div>
        </div>
    }
}

/// A panel with the document's editor folded under `summary` (open at once while it has no lines).
#[component]
pub fn EditPanel(summary: &'static str, #[prop(optional)] open: bool, children: Children) -> impl IntoView {
    view! {
        <section class="panel">
            <details class="edit" open=open>
                <summary>{summary}</summary>
                {children()}
            </details>
        </section>
    }
}
