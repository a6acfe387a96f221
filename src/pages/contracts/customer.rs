//! The page a customer opens from a renewal offer: no sign-in, no navigation — the contract, the
//! next term's lines and price beside today's, and accept or decline (with an optional reason)
//! while the renewal is open; afterwards what was decided. A bad link is a plain "not found".
use super::PreviewLines;
use crate::api::customer_contracts::{get_customer_contract, AcceptCustomerContract, DeclineCustomerContract};
use crate::components::form::{SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::customer_contract::CustomerContract;
use crate::model::display::money;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerContractPage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    view! {
        {Suspend::new(async move {
            match get_customer_contract(token.clone()).await {
                Err(_) => view! {
                    <Title text="Not found"/>
                    <main class="center-page"><section class="panel"><h1>"Not found"</h1>
                        <p>"This link does not lead to a contract. It may have expired: ask the sender for a new one."</p>
                    </section></main>
                }.into_any(),
                Ok(v) => view! { <Renewal v token=token.clone()/> }.into_any(),
            }
        })}
    }
}

#[component]
fn Renewal(v: CustomerContract, token: String) -> impl IntoView {
    let cur = v.currency.clone();
    let (accept_token, decline_token) = (token.clone(), token);
    view! {
        <Title text=format!("Renewal of {}", v.number)/>
        <main class="customer-page">
            <header class="detail-header">
                <div>
                    <p class="muted">{v.company.clone()}</p>
                    <h1>{format!("{} · {}", v.number, v.title)}</h1>
                    <p class="muted">{format!("For {} · the current term runs until {}", v.account_name, v.end_date)}</p>
                </div>
            </header>
            {v.decision.clone().map(|d| view! { <p class="notice ok" role="status" id="customer-decision">{d}</p> })}
            <section class="panel" id="next-term">
                <h2>{format!("Next term: {} to {}", v.next_start, v.next_end)}</h2>
                <p id="customer-uplift">{v.uplift_reason.clone()}</p>
                <PreviewLines id="customer-lines" lines=v.lines.clone() currency=cur.clone() next_label="Next term"/>
                <p class="totals-line">"Next term total " <strong id="customer-amount">{money(&v.amount, &cur)}</strong>
                    {format!(" (now {})", money(&v.current_amount, &cur))}</p>
                {(v.can_decide && v.auto_renew).then(|| view! {
                    <p class="hint">{format!("It renews automatically unless you decline by {}.", v.notice_date)}</p>
                })}
            </section>
            {v.can_decide.then(move || view! {
                <div class="columns">
                    <section class="panel" id="accept">
                        <h2>"Renew"</h2>
                        <p>"We renew the contract on these terms and send the invoice of the next term."</p>
                        <LiveForm action=AcceptCustomerContract::PATH class="form" id="accept-form">
                            <input type="hidden" name="token" value=accept_token/>
                            <SubmitRow label="Accept the renewal"/>
                        </LiveForm>
                    </section>
                    <section class="panel" id="decline">
                        <h2>"Do not renew"</h2>
                        <LiveForm action=DeclineCustomerContract::PATH class="form" id="decline-form">
                            <input type="hidden" name="token" value=decline_token/>
                            <TextField id="decline-reason" name="reason" field="reason" label="Why (optional)" multiline=true/>
                            <SubmitRow label="Decline the renewal"/>
                        </LiveForm>
                    </section>
                </div>
            })}
        </main>
    }
}
