//! Demo sales orders: an order from each won demo deal, taken through the real services (confirm,
//! ship in one or two shipments, close) so every status, shipment and timeline is believable;
//! and bulk orders for `seed-demo --scale N`.
use crate::error::AppError;
use crate::model::lines::LineQuantityForm;
use crate::model::money::{document_totals, Currency, LineInput};
use crate::model::sales_order::{OrderEvent, ShipmentForm};
use crate::server::auth::Actor;
use crate::server::db::{self, seed as bulk, Pool};
use crate::server::service::{sales_orders, shipments};
use chrono::{DateTime, Datelike, Utc};
use rust_decimal::Decimal;

const EUR: Currency = Currency::EUR;
use std::collections::BTreeMap;

/// Orders for the won demo deals, in every status a real pipeline has.
pub async fn demo(pool: &Pool) -> Result<(), AppError> {
    let won: Vec<i64> = bulk::won_opportunities(pool).await?;
    for (i, opp_id) in won.iter().enumerate() {
        let opp = db::opportunities::by_id(pool, *opp_id).await?.ok_or(AppError::NotFound)?;
        let owner = db::users::by_id(pool, opp.owner_id).await?.ok_or(AppError::NotFound)?;
        let actor = Actor { id: owner.id, name: owner.name.clone(), role: owner.role() };
        let order = sales_orders::create_from_opportunity(pool, &actor, *opp_id).await?;
        if i % 6 == 5 {
            continue; // stays a draft
        }
        sales_orders::apply(pool, &actor, order.id, OrderEvent::Confirm).await?;
        let lines = sales_orders::get(pool, &actor, order.id).await?.lines;
        let ship = |part: bool| ShipmentForm {
            carrier: ["DHL", "UPS", "DB Schenker"][i % 3].into(),
            tracking_number: format!("TRK{:06}{}", order.id * 7919 % 1_000_000, u8::from(part)),
            lines: lines
                .iter()
                .enumerate()
                .filter(|(k, _)| !part || k % 2 == 0)
                .map(|(_, l)| LineQuantityForm { line_id: l.id.to_string(), quantity: l.quantity.clone() })
                .collect(),
            ..Default::default()
        };
        match i % 6 {
            1 => {
                shipments::create(pool, &actor, order.id, &ship(lines.len() > 1)).await?;
            }
            2 | 3 => {
                shipments::create(pool, &actor, order.id, &ship(false)).await?;
                if i % 6 == 3 {
                    sales_orders::apply(pool, &actor, order.id, OrderEvent::Close).await?;
                }
            }
            4 => {
                sales_orders::apply(pool, &actor, order.id, OrderEvent::Hold).await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Per series and year, the last number given: what generated documents continue from.
pub type Counters = BTreeMap<(&'static str, i32), i64>;

pub(super) fn next(counters: &mut Counters, series: &'static str, year: i32) -> i64 {
    let seq = counters.entry((series, year)).or_insert(0);
    *seq += 1;
    *seq
}

/// One order and one issued invoice (the same two lines) per generated account (`accounts`: id,
/// owner, creation time), dated by the account's creation time and numbered per year after the
/// existing numbers.
pub async fn scale(
    tx: &mut db::Tx,
    accounts: &[(i64, i64, DateTime<Utc>)],
    products: &[(i64, String, i64, i64)],
    counters: &mut Counters,
) -> Result<(), sqlx::Error> {
    const STATUSES: [&str; 4] = ["confirmed", "draft", "on_hold", "cancelled"];
    let mut orders = Vec::with_capacity(accounts.len());
    let mut lines = Vec::with_capacity(accounts.len() * 2);
    for (k, (account, owner, at)) in accounts.iter().enumerate() {
        let year = at.year();
        let number = format!("SO-{year}-{:06}", next(counters, "sales_order", year));
        let picked: Vec<&(i64, String, i64, i64)> =
            (0..2).map(|j| &products[(account.unsigned_abs() as usize * 7 + j * 13) % products.len()]).collect();
        let inputs: Vec<LineInput> = picked
            .iter()
            .enumerate()
            .map(|(j, (_, _, price, rate_bp))| LineInput {
                quantity: Decimal::from(1 + ((k + j) % 4) as i64),
                unit_price: EUR.from_minor(*price),
                discount_percent: Decimal::ZERO,
                tax_rate_percent: Decimal::new(*rate_bp, 2),
            })
            .collect();
        let t = document_totals(EUR, &inputs);
        let minor = |d: Decimal| EUR.to_minor(d).unwrap_or(0);
        for (j, ((pid, name, price, rate_bp), lt)) in picked.iter().zip(&t.lines).enumerate() {
            let rate = Decimal::new(*rate_bp, 2).normalize().to_string();
            let qty = inputs[j].quantity.to_string();
            lines.push((orders.len(), j as i64, *pid, name.clone(), qty, *price, rate, minor(lt.net), minor(lt.tax)));
        }
        let (net_total, tax_total) = (minor(t.subtotal), minor(t.tax_total));
        orders.push(bulk::OrderSeed {
            number,
            account_id: *account,
            owner_id: *owner,
            status: STATUSES[k % STATUSES.len()],
            at: *at,
            subtotal: net_total,
            tax: tax_total,
        });
    }
    let ids = bulk::orders(tx, &orders).await?;
    let rows: Vec<bulk::OrderLineSeed> = lines
        .into_iter()
        .map(|(o, position, pid, name, quantity, price, rate, net, tax)| bulk::OrderLineSeed {
            order_id: ids[o],
            position,
            product_id: pid,
            description: name,
            quantity,
            unit_price_minor: price,
            tax_rate_percent: rate,
            net_minor: net,
            tax_minor: tax,
        })
        .collect();
    bulk::lines(tx, "sales_order_lines", "sales_order_id", &rows).await?;
    // The invoices: issued on the order date, due 30 days later (overdue once that has passed),
    // 40 % paid ten days after issue by one bank transfer, so every invoice stays open.
    let today = Utc::now().date_naive();
    let invoices: Vec<bulk::InvoiceSeed> = orders
        .iter()
        .map(|o| {
            let issued = o.at.date_naive();
            let due = issued + chrono::Duration::days(30);
            let paid = (o.subtotal + o.tax) * 2 / 5;
            bulk::InvoiceSeed {
                number: format!("INV-{}-{:06}", issued.year(), next(counters, "invoice", issued.year())),
                account_id: o.account_id,
                owner_id: o.owner_id,
                status: if due < today { "overdue" } else { "partially_paid" },
                paid,
                issue_date: issued,
                due_date: due,
                at: o.at,
                subtotal: o.subtotal,
                tax: o.tax,
            }
        })
        .collect();
    let invoice_ids = bulk::invoices(tx, &invoices).await?;
    let payments: Vec<bulk::PaymentSeed> = invoices
        .iter()
        .zip(&invoice_ids)
        .map(|(inv, &invoice_id)| {
            let day = inv.issue_date + chrono::Duration::days(10);
            bulk::PaymentSeed {
                number: format!("PAY-{}-{:06}", day.year(), next(counters, "payment", day.year())),
                receipt_number: format!("RCPT-{}-{:06}", day.year(), next(counters, "receipt", day.year())),
                account_id: inv.account_id,
                invoice_id,
                invoice_number: inv.number.clone(),
                received_on: day,
                amount: inv.paid,
                at: inv.at + chrono::Duration::days(10),
            }
        })
        .collect();
    bulk::payments(tx, &payments).await?;
    let invoice_lines: Vec<bulk::OrderLineSeed> = rows
        .into_iter()
        .map(|l| bulk::OrderLineSeed { order_id: invoice_ids[ids.binary_search(&l.order_id).unwrap_or(0)], ..l })
        .collect();
    bulk::lines(tx, "invoice_lines", "invoice_id", &invoice_lines).await
}
