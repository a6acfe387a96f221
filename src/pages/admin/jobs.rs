//! Admin → Jobs: the recent runs of the scheduled jobs, with their outcome.
use crate::api::system::list_job_runs;
use crate::components::page::loaded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <Title text="Jobs"/>
        <div class="page-header"><h1>"Scheduled jobs"</h1></div>
        <p class="muted">"Each job runs on one app instance at a time; this lists the last 100 runs."</p>
        {loaded(list_job_runs(), move |list| if list.is_empty() {
            view! { <p class="empty">"No job has run yet."</p> }.into_any()
        } else {
            view! {
            <table class="data">
                <thead><tr><th scope="col">"Job"</th><th scope="col">"Started"</th><th scope="col">"Took"</th>
                    <th scope="col">"Outcome"</th><th scope="col">"Instance"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.job}</td>
                            <td>{r.started_at}</td>
                            <td>{r.seconds.map(|s| format!("{s:.2} s")).unwrap_or_else(|| "running".into())}</td>
                            <td>{match r.ok {
                                Some(true) => view! { <span class="badge ok">"ok"</span> }.into_any(),
                                Some(false) => view! { <span class="badge bad">"failed"</span> }.into_any(),
                                None => view! { <span class="badge">"running"</span> }.into_any(),
                            }} " " {r.message}</td>
                            <td><code>{r.holder}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            }.into_any()
        })}
    }
}
