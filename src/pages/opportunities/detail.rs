//! One opportunity: header, the stage moves the machine allows, lines with totals, the editor
//! (open deals, for those who may edit), and the timeline.
use super::editor::OpportunityEditor;
use super::StageBadge;
use crate::api::opportunities::{get_opportunity, MoveOpportunity};
use crate::api::sales_orders::CreateOrderFromOpportunity;
use crate::components::document::{EditPanel, Totals};
use crate::components::form::{FieldError, FormError};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::display::money;
use crate::model::opportunity::{LineForm, OpportunityForm, Stage};
use crate::pages::sales_orders::OrderTable;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn OpportunityDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_opportunity(id), move |v| {
            let o = v.opportunity.clone();
            let form = OpportunityForm::from_dto(&o, !v.lines.is_empty());
            let lines: Vec<LineForm> = v.lines.iter().map(LineForm::from).collect();
            view! {
                <Title text=o.name.clone()/>
                <div class="detail-header">
                    <div>
                        <p class="crumbs"><a href="/opportunities">"Opportunities"</a></p>
                        <h1>{o.name.clone()}</h1>
                        <p class="muted">
                            <a href=format!("/accounts/{}", o.account_id)>{o.account_name.clone()}</a>
                            " · Owner " {o.owner_name.clone()} " · " <span id="opp-stage"><StageBadge stage=o.stage/></span>
                            " · " <strong>{money(&o.amount, &o.currency)}</strong> {format!(" · {} %", o.probability)}
                            {o.expected_close_date.map(|d| format!(" · closes {d}"))}
                        </p>
                        {o.lost_reason.clone().map(|r| view! { <p class="muted">"Lost: " {r}</p> })}
                    </div>
                    {(!v.next_stages.is_empty()).then(|| view! { <StageActions id=o.id next=v.next_stages.clone()/> })}
                    {v.can_create_order.then(|| view! { <CreateOrderButton opportunity_id=o.id/> })}
                </div>
                <div class="columns">
                    <div>
                        <section class="panel" id="lines">
                            <h2>"Lines"</h2>
                            {if v.lines.is_empty() {
                                view! { <p class="empty">"No lines: the amount was typed."</p> }.into_any()
                            } else {
                                let cur = o.currency.clone();
                                view! {
                                    <div class="table-scroll"><table class="data">
                                        <thead><tr><th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th>
                                            <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount"</th>
                                            <th scope="col" class="num">"Tax"</th><th scope="col" class="num">"Net"</th></tr></thead>
                                        <tbody>
                                            {v.lines.iter().map(|l| view! {
                                                <tr>
                                                    <td>{l.description.clone()}</td>
                                                    <td class="num">{l.quantity.clone()}</td>
                                                    <td class="num">{money(&l.unit_price, &cur)}</td>
                                                    <td class="num">{format!("{} %", l.discount_percent)}</td>
                                                    <td class="num">{format!("{} %", l.tax_rate_percent)}</td>
                                                    <td class="num">{money(&l.net, &cur)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                    <Totals totals=v.totals.clone() total_id="opp-total"/>
                                }.into_any()
                            }}
                        </section>
                        {v.editor.clone().map(|data| view! {
                            <EditPanel summary="Edit opportunity">
                                <OpportunityEditor id=Some(o.id) form lines data totals=v.totals.clone()/>
                            </EditPanel>
                        })}
                    </div>
                    <div>
                        {(v.can_create_order || !v.orders.is_empty()).then(|| view! {
                            <section class="panel" id="orders">
                                <h2>"Sales orders"</h2>
                                <OrderTable orders=v.orders.clone()/>
                            </section>
                        })}
                        <TimelinePanel events=v.events/>
                    </div>
                </div>
            }.into_any()
        })}
    }
}

/// One button per stage the machine allows; "Mark lost" asks for the reason first. Plain forms the
/// one `LiveForm` island posts.
#[component]
fn StageActions(id: i64, next: Vec<Stage>) -> impl IntoView {
    let lost = next.contains(&Stage::Lost);
    view! {
        <LiveForm class="actions stage-actions">
            {next.into_iter().filter(|s| *s != Stage::Lost).map(|s| view! {
                <form method="post" action=MoveOpportunity::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="stage" value=s.as_str()/>
                    <button type="submit" class=if s == Stage::Won { "primary" } else { "" }>{s.action()}</button>
                </form>
            }).collect_view()}
            {lost.then(|| view! {
                <details class="lost">
                    <summary class="button danger-link">"Mark lost"</summary>
                    <form method="post" action=MoveOpportunity::PATH class="form" id="lost-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="stage" value="lost"/>
                        <label for="lost-reason">"Why was it lost?"</label>
                        <input id="lost-reason" name="lost_reason" maxlength="500" aria-describedby="lost_reason-error"/>
                        <FieldError field="lost_reason"/>
                        <button type="submit" class="danger">"Mark lost"</button>
                    </form>
                </details>
            })}
            <FormError/>
        </LiveForm>
    }
}

/// "Create order" on a won deal: a draft order with the deal's lines, opened at once.
#[component]
fn CreateOrderButton(opportunity_id: i64) -> impl IntoView {
    view! {
        <LiveForm class="actions" id="create-order">
            <form method="post" action=CreateOrderFromOpportunity::PATH class="inline">
                <input type="hidden" name="opportunity_id" value=opportunity_id/>
                <button type="submit" class="primary">"Create order"</button>
            </form>
            <FormError/>
        </LiveForm>
    }
}
