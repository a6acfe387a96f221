//! A ticket's two SLA clocks (first response, resolution) as the detail page shows them: state,
//! target, time used, what remains or how far over it is, and the due time.
use super::SlaBadge;
use crate::model::display::datetime;
use crate::model::ticket_view::{span, ClockView};
use leptos::prelude::*;

#[component]
pub fn SlaClocks(first_response: ClockView, resolution: ClockView) -> impl IntoView {
    view! {
        <section class="panel" id="sla">
            <h2>"SLA"</h2>
            <div class="clocks">
                <Clock id="clock-first-response" title="First response" c=first_response/>
                <Clock id="clock-resolution" title="Resolution" c=resolution/>
            </div>
            <p class="hint">"Counted in the policy's hours (business hours, or around the clock); paused while waiting on the customer."</p>
        </section>
    }
}

#[component]
fn Clock(id: &'static str, title: &'static str, c: ClockView) -> impl IntoView {
    let remaining = c.remaining_seconds();
    let due = match (c.due_at, c.state.as_str()) {
        (Some(d), _) => datetime(d),
        (None, "paused") => "paused".to_string(),
        (None, _) => "—".to_string(),
    };
    view! {
        <div class="clock" id=id>
            <h3>{title} " " <SlaBadge state=c.state.clone()/></h3>
            <dl class="facts">
                <dt>"Target"</dt><dd>{span(c.target_seconds)}</dd>
                <dt>"Used"</dt><dd class="clock-used">{span(c.used_seconds)}</dd>
                {match c.stopped_at {
                    Some(at) => view! { <dt>"Stopped"</dt><dd>{datetime(at)}</dd> }.into_any(),
                    None if remaining >= 0 => view! { <dt>"Remaining"</dt><dd class="clock-left">{span(remaining)}</dd> }.into_any(),
                    None => view! { <dt>"Overdue by"</dt><dd class="clock-left overdue">{span(-remaining)}</dd> }.into_any(),
                }}
                <dt>"Due"</dt><dd>{due}</dd>
            </dl>
        </div>
    }
}
