//! One sales order: header with status and invoicing state, the actions the machine allows,
//! lines with shipped / remaining / invoiced quantities and totals, shipments with delivery notes,
//! the draft editor, the order's details and its timeline.
use super::editor::OrderEditor;
use super::shipments::{OpenLine, ShipmentList, ShipmentRecorder};
use super::{InvoicingBadge, OrderStatusBadge};
use crate::api::sales_orders::{get_order, ApplyOrderEvent};
use crate::components::document::{EditPanel, Totals};
use crate::components::form::{FormError, FormKey};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::components::timeline::TimelinePanel;
use crate::model::display::{money, or_dash};
use crate::model::lines::LineForm;
use crate::model::sales_order::{OrderEvent, OrderForm};
use crate::model::sales_order_view::OrderView;
use crate::pages::invoices::InvoiceTable;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let id = id_param();
    view! {
        {loaded(get_order(id), move |v| view! { <OrderDetail v/> }.into_any())}
    }
}

#[component]
fn OrderDetail(v: OrderView) -> impl IntoView {
    let o = v.order.clone();
    let cur = o.currency.clone();
    let open = OpenLine::from_lines(&v.lines);
    let today = chrono::Utc::now().date_naive().to_string();
    view! {
        <Title text=o.number.clone()/>
        <div class="detail-header">
            <div>
                <p class="crumbs"><a href="/orders">"Sales orders"</a></p>
                <h1>{o.number.clone()}</h1>
                <p class="muted">
                    <a href=format!("/accounts/{}", o.account_id)>{o.account_name.clone()}</a>
                    " · Owner " {o.owner_name.clone()} " · "
                    <span id="order-status"><OrderStatusBadge status=o.status/></span> " "
                    <span id="order-invoicing"><InvoicingBadge status=o.invoicing_status/></span>
                    " · " <strong id="order-total">{money(&o.total, &cur)}</strong>
                </p>
                {o.opportunity_id.map(|oid| view! {
                    <p class="muted">"From opportunity " <a href=format!("/opportunities/{oid}")>{o.opportunity_name.clone().unwrap_or_default()}</a></p>
                })}
            </div>
            <div class="actions">
                {(!v.actions.is_empty()).then(|| view! { <OrderActions id=o.id actions=v.actions.clone()/> })}
                {v.can_invoice.then(|| view! { <a class="button" href=format!("/orders/{}/invoice", o.id) id="invoice-order">"Invoice this order"</a> })}
                {v.can_create_contract.then(|| view! { <a class="button" href=format!("/contracts/new?order_id={}", o.id) id="contract-from-order">"Create contract"</a> })}
            </div>
        </div>
        <section class="panel" id="lines">
            <h2>"Lines"</h2>
            {if v.lines.is_empty() {
                view! { <p class="empty">"No lines yet: add them in the editor below before confirming."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll"><table class="data" id="order-lines">
                        <thead><tr>
                            <th scope="col">"Description"</th><th scope="col" class="num">"Qty"</th><th scope="col">"Unit"</th>
                            <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount"</th>
                            <th scope="col" class="num">"Tax"</th><th scope="col" class="num">"Net"</th>
                            <th scope="col" class="num">"Shipped"</th><th scope="col" class="num">"Remaining"</th>
                            <th scope="col" class="num">"Invoiced"</th>
                        </tr></thead>
                        <tbody>
                            {v.lines.iter().map(|l| view! {
                                <tr>
                                    <td>{l.description.clone()}</td>
                                    <td class="num">{l.quantity.clone()}</td>
                                    <td>{l.unit.clone()}</td>
                                    <td class="num">{money(&l.unit_price, &cur)}</td>
                                    <td class="num">{format!("{} %", l.discount_percent)}</td>
                                    <td class="num">{format!("{} %", l.tax_rate_percent)}</td>
                                    <td class="num">{money(&l.net, &cur)}</td>
                                    <td class="num shipped">{l.shipped_quantity.clone()}</td>
                                    <td class="num remaining">{l.remaining_quantity.clone()}</td>
                                    <td class="num">{l.invoiced_quantity.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <Totals totals=v.totals.clone()/>
                }.into_any()
            }}
        </section>
        {v.editor.clone().map(|data| {
            let form = OrderForm::from(&v.order);
            let lines: Vec<LineForm> = v.lines.iter().map(LineForm::from).collect();
            view! {
                <EditPanel summary="Edit draft" open=v.lines.is_empty()>
                    <OrderEditor id=Some(o.id) form lines data totals=v.totals.clone()/>
                </EditPanel>
            }
        })}
        <div class="columns">
            <div>
                <section class="panel" id="shipments">
                    <h2>"Shipments"</h2>
                    <ShipmentList shipments=v.shipments.clone() can_cancel=v.can_cancel_shipments/>
                    {(v.can_ship && !open.is_empty()).then(|| view! {
                        <details class="edit" open=v.shipments.is_empty()>
                            <summary>"Record a shipment"</summary>
                            <ShipmentRecorder order_id=o.id lines=open today/>
                        </details>
                    })}
                </section>
                {(!v.invoices.is_empty() || v.can_invoice).then(|| view! {
                    <section class="panel" id="invoices">
                        <h2>"Invoices"</h2>
                        <InvoiceTable invoices=v.invoices.clone()/>
                    </section>
                })}
                <section class="panel" id="details">
                    <h2>"Details"</h2>
                    <dl class="facts">
                        <dt>"Order date"</dt><dd>{o.order_date.to_string()}</dd>
                        <dt>"Expected delivery"</dt><dd>{o.expected_delivery_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Contact"</dt><dd>{o.contact_name.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Customer reference"</dt><dd>{or_dash(&o.customer_reference)}</dd>
                        <dt>"Payment terms"</dt><dd>{format!("{} days", o.payment_terms_days)}</dd>
                        <dt>"Billing address"</dt><dd>{or_dash(&o.billing_address)}</dd>
                        <dt>"Shipping address"</dt><dd>{or_dash(&o.shipping_address)}</dd>
                        <dt>"Notes"</dt><dd>{or_dash(&o.notes)}</dd>
                    </dl>
                </section>
            </div>
            <TimelinePanel events=v.events.clone()/>
        </div>
    }
}

/// One button per event the machine allows; cancelling asks once more. Plain forms the one
/// `LiveForm` island posts.
#[component]
fn OrderActions(id: i64, actions: Vec<OrderEvent>) -> impl IntoView {
    let cancel = actions.contains(&OrderEvent::Cancel);
    view! {
        <LiveForm class="actions order-actions">
            {actions.into_iter().filter(|e| *e != OrderEvent::Cancel).map(|e| view! {
                <form method="post" action=ApplyOrderEvent::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <FormKey/>
                    <input type="hidden" name="event" value=e.as_str()/>
                    <button type="submit" class=if e == OrderEvent::Confirm { "primary" } else { "" }>{e.label()}</button>
                </form>
            }).collect_view()}
            {cancel.then(|| view! {
                <details class="lost">
                    <summary class="button danger-link">"Cancel order"</summary>
                    <form method="post" action=ApplyOrderEvent::PATH class="form">
                        <input type="hidden" name="id" value=id/>
                        <FormKey/>
                        <input type="hidden" name="event" value="cancel"/>
                        <p>"Cancelling cannot be undone."</p>
                        <button type="submit" class="danger">"Yes, cancel this order"</button>
                    </form>
                </details>
            })}
            <FormError/>
        </LiveForm>
    }
}
