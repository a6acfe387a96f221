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
