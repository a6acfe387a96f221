//! Invoicing an order: per line what is ordered, shipped, invoiced and left, a quantity to invoice
//! now (prefilled with what is left), or everything left in one click.
use crate::api::invoice_actions::{get_order_invoicing, InvoiceOrder};
use crate::components::form::{FieldError, FormKey, LineQuantityInput, SubmitRow};
use crate::components::live_form::LiveForm;
use crate::components::page::{id_param, loaded};
use crate::model::invoice::Invoiceable;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn InvoiceOrderPage() -> impl IntoView {
    let id = id_param();
    view! {
        <Title text="Invoice an order"/>
        {loaded(get_order_invoicing(id), move |o| view! {
            <div class="page-header"><div>
                <p class="crumbs"><a href=format!("/orders/{}", o.order_id)>{o.order_number.clone()}</a></p>
                <h1>{format!("Invoice {} · {}", o.order_number, o.account_name)}</h1>
                <p class="muted">{if o.only_shipped {
                    "Company setting: only shipped quantities are invoiced."
                } else {
                    "Company setting: everything ordered may be invoiced, shipped or not."
                }}</p>
            </div></div>
            <section class="panel">
                <InvoiceOrderForm order_id=o.order_id lines=o.lines/>
            </section>
        }.into_any())}
    }
}

/// Server-rendered; the `LiveForm` island posts it and puts the errors beside the lines.
#[component]
fn InvoiceOrderForm(order_id: i64, lines: Vec<Invoiceable>) -> impl IntoView {
    view! {
        <LiveForm action=InvoiceOrder::PATH class="form" id="invoice-order-form">
            <input type="hidden" name="order_id" value=order_id/>
            <FormKey/>
            <div class="table-scroll">
                <table class="data" id="invoiceable-lines">
                    <thead><tr>
                        <th scope="col">"Line"</th><th scope="col" class="num">"Ordered"</th><th scope="col" class="num">"Shipped"</th>
                        <th scope="col" class="num">"Invoiced"</th><th scope="col" class="num">"Left"</th><th scope="col" class="num">"Invoice now"</th>
                    </tr></thead>
                    <tbody>
                        {lines.into_iter().enumerate().map(|(i, l)| view! {
                            <tr>
                                <td>{l.description.clone()}</td>
                                <td class="num">{format!("{} {}", l.ordered, l.unit)}</td>
                                <td class="num">{l.shipped.clone()}</td>
                                <td class="num">{l.invoiced.clone()}</td>
                                <td class="num">{l.left.clone()}</td>
                                <td class="num">
                                    <LineQuantityInput list="lines" index=i line_id=l.line_id
                                        value=if l.left == "0" { String::new() } else { l.left.clone() } label=format!("Invoice now: {}", l.description)/>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <FieldError field="lines"/>
            <SubmitRow label="Create draft invoice"/>
        </LiveForm>
    }
}
