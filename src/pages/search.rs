//! `/search?q=`: what the shell's search box found, grouped by kind — or straight to the document
//! whose number was typed (a 302), a hint when nothing was typed, an empty state when nothing matched.
use crate::api::search::search;
use crate::components::page::loaded;
use crate::model::list::urlencode;
use crate::model::search_view::{SearchHit, SearchView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let q = use_query_map().get_untracked().get("q").unwrap_or_default();
    view! {
        <Title text="Search"/>
        {loaded(search(q), show)}
    }
}

fn show(v: SearchView) -> impl IntoView {
    if let Some(href) = &v.redirect {
        #[cfg(feature = "ssr")]
        super::layout::redirect_page(href);
        // The 302 answers a browser; this is the body for anything that does not follow it.
        return view! { <p>"Opening " <a href=href.clone()>{v.q.clone()}</a> "…"</p> }.into_any();
    }
    let heading = if v.q.is_empty() { "Search".to_string() } else { format!("Search: {}", v.q) };
    let body = match (&v.hint, v.hits.is_empty()) {
        (Some(hint), _) => view! { <p class="empty" id="search-hint">{hint.clone()}</p> }.into_any(),
        (None, true) => view! {
            <p class="empty" id="search-empty">
                "Nothing matches “" {v.q.clone()} "”. Try part of an account's name or a whole document number."
            </p>
        }
        .into_any(),
        (None, false) => v
            .groups()
            .into_iter()
            .map(|(kind, hits)| {
                let id = format!("search-{}", kind.heading().to_lowercase().replace(' ', "-"));
                // A full group may have more: its list searches on, with keyset pages.
                let more = kind.list_path().filter(|_| hits.len() >= kind.limit()).map(|path| {
                    let href = format!("{path}?q={}", urlencode(&v.q));
                    view! { <p class="hint"><a href=href>"More in the list →"</a></p> }
                });
                view! {
                    <section class="panel search-group" id=id>
                        <h2>{kind.heading()}</h2>
                        <ul class="search-hits">{hits.into_iter().map(hit).collect_view()}</ul>
                        {more}
                    </section>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <div class="page-header"><h1>{heading}</h1></div>
        {body}
    }
    .into_any()
}

fn hit(h: SearchHit) -> impl IntoView {
    view! {
        <li>
            <a href=h.href>{h.label}</a>
            {(!h.note.is_empty()).then(|| view! { " " <span class="muted">{h.note}</span> })}
        </li>
    }
}
