//! The timeline of a record: who did what and when, newest first; and the panel detail pages show it in.
use crate::model::timeline::TimelineEvent;
use leptos::prelude::*;

fn describe(e: &TimelineEvent) -> String {
    let kind = e.kind.replace('_', " ");
    let mut s = kind[..1].to_uppercase() + &kind[1..];
    if let (Some(from), Some(to)) = (&e.from_state, &e.to_state) {
        s.push_str(&format!(": {} → {}", from.replace('_', " "), to.replace('_', " ")));
    }
    s
}

#[component]
pub fn Timeline(events: Vec<TimelineEvent>) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="empty">"Nothing has happened here yet."</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {events
                .into_iter()
                .map(|e| {
                    let what = describe(&e);
                    let who = e.actor_name.clone().unwrap_or_else(|| "System".into());
                    let when = crate::model::display::datetime(e.at);
                    view! {
                        <li>
                            <time datetime=e.at.to_rfc3339()>{when}</time>
                            <span class="who">{who}</span>
                            <span class="what">{what}</span>
                            {e.note.map(|n| view! { <span class="note">{n}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_state_changes_in_words() {
        let e = TimelineEvent {
            id: 1,
            entity: "user".into(),
            entity_id: 1,
            actor_name: None,
            kind: "role_changed".into(),
            from_state: Some("sales".into()),
            to_state: Some("manager".into()),
            note: None,
            at: chrono::Utc::now(),
        };
        assert_eq!(describe(&e), "Role changed: sales → manager");
    }
}

/// The timeline panel of a detail page (`#timeline`).
#[component]
pub fn TimelinePanel(events: Vec<TimelineEvent>) -> impl IntoView {
    view! {
        <section class="panel" id="timeline">
            <h2>"Timeline"</h2>
            <Timeline events/>
        </section>
    }
}
