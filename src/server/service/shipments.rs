//! Fulfilment: shipments of confirmed orders (never more than a line's remaining quantity, with
//! the order locked so racing shipments run one after the other), cancelling a shipment (its
//! quantities return), the order's status moving by itself, and the delivery note of each.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::sales_order::{
    transition, OrderEvent, ShipmentDto, ShipmentEvent, ShipmentForm, ShipmentInput, ShipmentLineDto, ShipmentStatus,
};
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, shipments::ShipmentRow, Pool};
use crate::server::pdf::delivery_note::{DeliveryNote, NoteLine};
use crate::server::pdf::sheet::Paper;
use crate::server::service::sales_orders::{can_change, facts, qty, ENTITY};
use crate::server::service::timeline;
use chrono::Utc;
use rust_decimal::Decimal;
use std::collections::HashMap;

fn dto(s: &ShipmentRow, lines: &[db::shipments::ShipmentLineRow]) -> ShipmentDto {
    ShipmentDto {
        id: s.id,
        sales_order_id: s.sales_order_id,
        number: s.number.clone(),
        date: s.ship_date,
        carrier: s.carrier.clone(),
        tracking_number: s.tracking_number.clone(),
        status: s.status,
        lines: lines
            .iter()
            .filter(|l| l.shipment_id == s.id)
            .map(|l| ShipmentLineDto {
                sales_order_line_id: l.sales_order_line_id,
                description: l.description.clone(),
                quantity: l.quantity.clone(),
                unit: l.unit.clone(),
            })
            .collect(),
        created_by_name: s.created_by_name.clone(),
        created_at: s.created_at,
        cancelled_at: s.cancelled_at,
    }
}

/// The shipments of an order, oldest first.
pub async fn for_order(pool: &Pool, actor: &Actor, order_id: i64) -> Result<Vec<ShipmentDto>, AppError> {
    actor.require(Permission::ViewOrders)?;
    let rows = db::shipments::for_order(pool, order_id).await?;
    let lines = db::shipments::lines_for_order(pool, order_id).await?;
    Ok(rows.iter().map(|s| dto(s, &lines)).collect())
}

/// "Server: 2 pcs, Installation: 1.5 h" for the timeline.
fn describe(lines: &[(String, Decimal, String)]) -> String {
    let one = |(desc, q, unit): &(String, Decimal, String)| format!("{desc}: {} {unit}", q.normalize());
    lines.iter().map(|l| one(l).trim_end().to_string()).collect::<Vec<_>>().join(", ")
}

/// Records a shipment of a confirmed or partly fulfilled order. Each quantity must fit the line's
/// remaining quantity; the order becomes partially fulfilled or fulfilled in the same transaction.
pub async fn create(pool: &Pool, actor: &Actor, order_id: i64, form: &ShipmentForm) -> Result<ShipmentDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let input = ShipmentInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    let order = db::sales_orders::get_locked(&mut tx, order_id).await?;
    if !can_change(actor, order.owner_id) {
        return Err(AppError::Forbidden);
    }
    let from = order.status();
    if !from.can_ship() {
        return Err(AppError::invalid_transition(format!(
            "a {} order cannot ship: {}",
            from.label().to_lowercase(),
            if from == crate::model::sales_order::OrderStatus::Draft {
                "confirm it first"
            } else {
                "nothing is open to ship"
            }
        )));
    }
    let lines = db::sales_orders::lines(&mut *tx, order_id).await?;
    let mut errors = FieldErrors::default();
    let mut shipped: HashMap<i64, Decimal> = lines.iter().map(|l| (l.line.id, qty(&l.shipped_quantity))).collect();
    let mut described = Vec::new();
    for l in &input.lines {
        let Some(line) = lines.iter().find(|x| x.line.id == l.line_id) else {
            errors.add(&format!("lines[{}].line_id", l.index), "is not a line of this order");
            continue;
        };
        let remaining = qty(&line.line.quantity) - shipped[&l.line_id];
        if l.quantity > remaining {
            let left = if remaining.is_zero() {
                "nothing is".to_string()
            } else {
                format!("only {} is", remaining.normalize())
            };
            errors.add(&format!("lines[{}].quantity", l.index), format!("is more than remains: {left} left to ship"));
            continue;
        }
        *shipped.entry(l.line_id).or_default() += l.quantity;
        described.push((line.line.description.clone(), l.quantity, line.line.unit.clone()));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let complete = lines.iter().all(|l| shipped[&l.line.id] >= qty(&l.line.quantity));
    let to = transition(from, OrderEvent::Ship { complete }, facts(&lines)).map_err(AppError::invalid_transition)?;
    let seq = db::shipments::next_seq(&mut tx, order_id).await?;
    let number = format!("{}-{seq}", order.number);
    let new = db::shipments::NewShipment {
        order_id,
        seq,
        number: &number,
        date: input.date.unwrap_or_else(|| Utc::now().date_naive()),
        carrier: &input.carrier,
        tracking_number: &input.tracking_number,
        created_by: actor.id,
    };
    let rows: Vec<(i64, String)> = input.lines.iter().map(|l| (l.line_id, l.quantity.to_string())).collect();
    let id = db::shipments::insert(&mut tx, &new, &rows).await?;
    for l in &input.lines {
        db::sales_orders::set_shipped(&mut tx, l.line_id, &shipped[&l.line_id].normalize().to_string()).await?;
    }
    if to != from {
        db::sales_orders::set_status(&mut tx, order_id, to.as_str()).await?;
    }
    let note = format!("{number}: {}", describe(&described));
    let change = (to != from).then_some((from.as_str(), to.as_str()));
    timeline::record(&mut tx, Some(actor), ENTITY, order_id, "shipped", change, Some(&note)).await?;
    let row = db::shipments::get_locked(&mut tx, id).await?;
    let lines = db::shipments::lines_for_order(&mut *tx, order_id).await?;
    db::commit(tx).await?;
    Ok(dto(&row, &lines))
}

/// Cancels a shipment: its quantities return to the lines and the order steps back (fulfilled →
/// partially fulfilled or confirmed). Closed orders keep their shipments.
pub async fn cancel(pool: &Pool, actor: &Actor, shipment_id: i64) -> Result<ShipmentDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let mut tx = db::begin_write(pool).await?;
    let shipment = db::shipments::get_locked(&mut tx, shipment_id).await?;
    let order_id = shipment.sales_order_id;
    let order = db::sales_orders::get_locked(&mut tx, order_id).await?;
    if !can_change(actor, order.owner_id) {
        return Err(AppError::Forbidden);
    }
    let cancelled = shipment
        .status
        .transition(ShipmentEvent::Cancel)
        .map_err(|m| AppError::invalid_transition(format!("shipment {} {m}", shipment.number)))?;
    let lines = db::sales_orders::lines(&mut *tx, order_id).await?;
    let mut shipped: HashMap<i64, Decimal> = lines.iter().map(|l| (l.line.id, qty(&l.shipped_quantity))).collect();
    let returned = db::shipments::quantities(&mut tx, shipment_id).await?;
    for (line_id, q) in &returned {
        let s = shipped.entry(*line_id).or_default();
        *s = (*s - qty(q)).max(Decimal::ZERO);
    }
    let none_left = shipped.values().all(|q| q.is_zero());
    let from = order.status();
    let to = transition(from, OrderEvent::Unship { none_left }, facts(&lines)).map_err(AppError::invalid_transition)?;
    for (line_id, _) in &returned {
        db::sales_orders::set_shipped(&mut tx, *line_id, &shipped[line_id].normalize().to_string()).await?;
    }
    db::shipments::set_status(&mut tx, shipment_id, cancelled).await?;
    if to != from {
        db::sales_orders::set_status(&mut tx, order_id, to.as_str()).await?;
    }
    let change = (to != from).then_some((from.as_str(), to.as_str()));
    timeline::record(&mut tx, Some(actor), ENTITY, order_id, "shipment_cancelled", change, Some(&shipment.number))
        .await?;
    let row = db::shipments::get_locked(&mut tx, shipment_id).await?;
    let lines = db::shipments::lines_for_order(&mut *tx, order_id).await?;
    db::commit(tx).await?;
    Ok(dto(&row, &lines))
}

/// The delivery note of a shipment as a document to render, its file name, and its creation time
/// (Unix seconds: the shipment's, so the note renders the same every time).
pub async fn delivery_note(
    pool: &Pool,
    actor: &Actor,
    shipment_id: i64,
) -> Result<(String, DeliveryNote, i64), AppError> {
    actor.require(Permission::ViewOrders)?;
    let s = db::shipments::by_id(pool, shipment_id).await?.ok_or(AppError::NotFound)?;
    let order = db::sales_orders::by_id(pool, s.sales_order_id).await?.ok_or(AppError::NotFound)?;
    let company = db::settings::get(pool).await?;
    let order_lines = db::sales_orders::lines(pool, order.id).await?;
    let all = db::shipments::lines_for_order(pool, order.id).await?;
    let earlier: Vec<i64> = db::shipments::for_order(pool, order.id)
        .await?
        .iter()
        .filter(|x| x.seq < s.seq && x.status.counts())
        .map(|x| x.id)
        .collect();
    let sum = |line_id: i64, shipments: &dyn Fn(i64) -> bool| -> Decimal {
        all.iter()
            .filter(|l| l.sales_order_line_id == line_id && shipments(l.shipment_id))
            .map(|l| qty(&l.quantity))
            .sum()
    };
    let lines = order_lines
        .iter()
        .filter_map(|l| {
            let now = sum(l.line.id, &|id| id == s.id);
            if now.is_zero() {
                return None;
            }
            let before = sum(l.line.id, &|id| earlier.contains(&id));
            let ordered = qty(&l.line.quantity);
            Some(NoteLine {
                description: l.line.description.clone(),
                unit: l.line.unit.clone(),
                ordered: ordered.normalize().to_string(),
                shipped_now: now.normalize().to_string(),
                shipped_before: before.normalize().to_string(),
                remaining: (ordered - before - now).max(Decimal::ZERO).normalize().to_string(),
            })
        })
        .collect();
    let mut company_lines: Vec<String> = company.address.lines().map(str::to_string).collect();
    if !company.tax_id.is_empty() {
        company_lines.push(format!("Tax id {}", company.tax_id));
    }
    let note = DeliveryNote {
        paper: Paper::parse(&company.paper_size),
        company: company.company_name,
        company_lines,
        number: s.number.clone(),
        order_number: order.number.clone(),
        order_date: order.order_date,
        ship_date: s.ship_date,
        customer_reference: order.customer_reference.clone(),
        carrier: s.carrier.clone(),
        tracking_number: s.tracking_number.clone(),
        customer: order.account_name.clone(),
        contact: order.contact_name.clone(),
        shipping_address: order.shipping_address.clone(),
        billing_address: order.billing_address.clone(),
        lines,
        cancelled: s.status == ShipmentStatus::Cancelled,
        footer: company.invoice_footer,
    };
    Ok((format!("{}.pdf", s.number), note, s.created_at.timestamp()))
}
