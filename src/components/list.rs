//! The list pattern: a filter bar (a plain GET form, so links and the back button keep filters),
//! previous / next links from keyset cursors, the CSV export link, and the empty state.
use crate::model::list::query_string;
use leptos::prelude::*;

/// The search box, the page's own filters (children), an Apply button, and the CSV link.
#[component]
pub fn FilterBar(
    /// The list's path, e.g. "/accounts".
    path: &'static str,
    q: String,
    placeholder: &'static str,
    /// The current filters as a query string, for the CSV export of exactly this list.
    export_query: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <form class="filters" method="get" action=path role="search">
            <label for="q" class="visually-hidden">{placeholder}</label>
            <input id="q" name="q" type="search" placeholder=placeholder value=q maxlength="200"/>
            {children()}
            <button type="submit">"Apply"</button>
            <a class="button-link" href=path>"Clear"</a>
            {export_query.map(|qs| {
                let href = if qs.is_empty() { format!("{path}.csv") } else { format!("{path}.csv?{qs}") };
                view! { <a class="button" href=href download>"Export CSV"</a> }
            })}
        </form>
    }
}

/// A labelled `<select>` for the filter bar: (value, label) options, the current one selected.
#[component]
pub fn FilterSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    view! {
        <label class="visually-hidden" for=format!("filter-{name}")>{label}</label>
        <select id=format!("filter-{name}") name=name title=label>
            {options
                .into_iter()
                .map(|(value, text)| {
                    let is = value == selected;
                    view! { <option value=value selected=is>{text}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// "← Previous" and "Next →" links that keep the filters; nothing when there is one page.
#[component]
pub fn Pager(
    path: &'static str,
    filters: Vec<(&'static str, String)>,
    prev: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    if prev.is_none() && next.is_none() {
        return None;
    }
    let link = move |dir: &'static str, cursor: String| {
        let mut pairs = filters.clone();
        pairs.push((dir, cursor));
        format!("{path}?{}", query_string(&pairs))
    };
    let prev_link = prev.map(|c| link("before", c));
    let next_link = next.map(|c| link("after", c));
    Some(view! {
        <nav class="pager" aria-label="Pages">
            {match prev_link {
                Some(href) => view! { <a href=href rel="prev">"← Previous"</a> }.into_any(),
                None => view! { <span class="muted">"← Previous"</span> }.into_any(),
            }}
            {match next_link {
                Some(href) => view! { <a href=href rel="next">"Next →"</a> }.into_any(),
                None => view! { <span class="muted">"Next →"</span> }.into_any(),
            }}
        </nav>
    })
}

/// What an empty list says: whether filters hid everything, or there is nothing yet.
#[component]
pub fn EmptyState(filtered: bool, what: &'static str, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="empty-state">
            {if filtered {
                view! { <p>{format!("No {what} match these filters.")}</p> }.into_any()
            } else {
                view! { <p>{format!("There are no {what} yet.")}</p> }.into_any()
            }}
            {children.map(|c| c())}
        </div>
    }
}
