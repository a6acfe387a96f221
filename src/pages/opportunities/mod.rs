//! Opportunities: the pipeline list, the new-deal page, the deal's detail page, and the line editor.
pub mod detail;
pub mod editor;
pub mod list;
pub mod new;

use crate::model::opportunity::Stage;
use leptos::prelude::*;

/// The stage as a coloured badge.
#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let class = match stage {
        Stage::Won => "badge stage-won",
        Stage::Lost => "badge stage-lost",
        _ => "badge stage-open",
    };
    view! { <span class=class>{stage.label()}</span> }
}

/// "12,000.00 EUR" from a decimal string and a currency code.
pub fn money(amount: &str, currency: &str) -> String {
    use crate::model::money::Currency;
    match (amount.parse(), Currency::parse(currency)) {
        (Ok(a), Ok(c)) => c.format(a),
        _ => format!("{amount} {currency}"),
    }
}
