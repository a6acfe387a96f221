//! The order's shipments: each with its lines, delivery note and (while allowed) a cancel button,
//! and the form that records a new shipment with a quantity per open line (server-rendered forms
//! the one `LiveForm` island posts).
use crate::api::sales_orders::{CancelShipment, CreateShipment};
use crate::components::form::{FieldError, FormError, FormKey, LineQuantityInput, SubmitRow, TextField};
use crate::components::live_form::LiveForm;
use crate::model::sales_order::{SalesOrderLineDto, ShipmentDto};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ShipmentList(shipments: Vec<ShipmentDto>, can_cancel: bool) -> impl IntoView {
    if shipments.is_empty() {
        return view! { <p class="empty">"Nothing shipped yet."</p> }.into_any();
    }
    view! {
        <ul class="shipment-list" id="shipment-list">
            {shipments.into_iter().map(|s| {
                let cancelled = s.status == crate::model::sales_order::ShipmentStatus::Cancelled;
                let what = s.lines.iter().map(|l| format!("{}: {} {}", l.description, l.quantity, l.unit).trim_end().to_string()).collect::<Vec<_>>().join(", ");
                view! {
                    <li class:cancelled=cancelled>
                        <div class="section-head">
                            <strong>{s.number.clone()}</strong>
                            <span>
                                {if cancelled { view! { <span class="badge bad">"Cancelled"</span> }.into_any() } else { view! { <span class="badge ok">"Shipped"</span> }.into_any() }}
                            </span>
                        </div>
                        <div class="muted">
                            {s.date.to_string()}
                            {(!s.carrier.is_empty()).then(|| format!(" · {}", s.carrier))}
                            {(!s.tracking_number.is_empty()).then(|| format!(" · tracking {}", s.tracking_number))}
                            {s.created_by_name.clone().map(|n| format!(" · by {n}"))}
                        </div>
                        <div>{what}</div>
                        <div class="actions">
                            <a href=format!("/shipments/{}/delivery-note.pdf", s.id) target="_blank">"Delivery note (PDF)"</a>
                            {(can_cancel && !cancelled).then(|| view! { <CancelShipmentButton id=s.id number=s.number.clone()/> })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Cancels one shipment (its quantities return to the order); a plain form the `LiveForm` island posts.
#[component]
fn CancelShipmentButton(id: i64, number: String) -> impl IntoView {
    view! {
        <LiveForm action=CancelShipment::PATH class="inline">
            <input type="hidden" name="id" value=id/>
            <FormKey/>
            <button type="submit" class="danger" aria-label=format!("Cancel shipment {number}")>"Cancel shipment"</button>
            <FormError/>
        </LiveForm>
    }
}

/// An open line as the shipment form offers it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenLine {
    pub id: i64,
    pub description: String,
    pub unit: String,
    pub remaining: String,
}

impl OpenLine {
    pub fn from_lines(lines: &[SalesOrderLineDto]) -> Vec<OpenLine> {
        lines
            .iter()
            .filter(|l| l.remaining_quantity != "0")
            .map(|l| OpenLine {
                id: l.id,
                description: l.description.clone(),
                unit: l.unit.clone(),
                remaining: l.remaining_quantity.clone(),
            })
            .collect()
    }
}

/// Records a shipment: date, carrier, tracking number, and how much of each open line ships
/// (prefilled with all that remains).
#[component]
pub fn ShipmentRecorder(order_id: i64, lines: Vec<OpenLine>, today: String) -> impl IntoView {
    view! {
        <LiveForm action=CreateShipment::PATH class="form grid-2" id="shipment-form">
            <input type="hidden" name="order_id" value=order_id/>
            <FormKey/>
            <TextField id="ship-date" name="form[date]" field="date" label="Ship date" kind="date" value=today/>
            <TextField id="ship-carrier" name="form[carrier]" field="carrier" label="Carrier"/>
            <TextField id="ship-tracking" name="form[tracking_number]" field="tracking_number" label="Tracking number"/>
            <div class="span-2 table-scroll">
                <table class="data" id="shipment-lines">
                    <thead><tr><th scope="col">"Line"</th><th scope="col" class="num">"Remaining"</th><th scope="col" class="num">"Ship now"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().enumerate().map(|(i, l)| view! {
                            <tr>
                                <td>{l.description.clone()}</td>
                                <td class="num">{format!("{} {}", l.remaining, l.unit)}</td>
                                <td class="num">
                                    <LineQuantityInput list="form[lines]" index=i line_id=l.id value=l.remaining.clone()
                                        label=format!("Ship now: {}", l.description)/>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <FieldError field="lines"/>
            </div>
            <SubmitRow label="Record shipment"/>
        </LiveForm>
    }
}
