//! Invoicing sales orders: what an order still has to invoice (everything ordered, or only what
//! shipped — a company setting), a draft invoice for chosen quantities (over-invoicing refused),
//! and the order's invoiced quantities and invoicing status, kept in the same transaction.
use crate::error::AppError;
use crate::model::invoice::{parse_line_quantities, InvoiceDto, Invoiceable, LineQuantity, LineQuantityForm};
use crate::model::permissions::Permission;
use crate::model::sales_order::{InvoicingStatus, OrderStatus};
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, sales_orders::OrderLineRow, Pool, Tx};
use crate::server::service::{self, invoices::qty, timeline};
use rust_decimal::Decimal;

fn left(l: &OrderLineRow, shipped_only: bool) -> Decimal {
    let base = if shipped_only { qty(&l.shipped_quantity) } else { qty(&l.line.quantity) };
    (base - qty(&l.invoiced_quantity)).max(Decimal::ZERO)
}

/// Whether the company invoices only shipped quantities.
async fn shipped_only<'e, E: db::Executor<'e>>(ex: E) -> Result<bool, AppError> {
    Ok(db::settings::get(ex).await?.invoice_quantities == "shipped")
}

/// The order's lines with what each may still invoice, and whether only shipped quantities count.
pub async fn invoiceable(pool: &Pool, actor: &Actor, order_id: i64) -> Result<(bool, Vec<Invoiceable>), AppError> {
    actor.require(Permission::ViewInvoices)?;
    let only_shipped = shipped_only(pool).await?;
    let lines = db::sales_orders::lines(pool, order_id).await?;
    let rows = lines
        .iter()
        .map(|l| Invoiceable {
            line_id: l.line.id,
            description: l.line.description.clone(),
            unit: l.line.unit.clone(),
            ordered: l.line.quantity.clone(),
            shipped: l.shipped_quantity.clone(),
            invoiced: l.invoiced_quantity.clone(),
            left: left(l, only_shipped).normalize().to_string(),
        })
        .collect();
    Ok((only_shipped, rows))
}

/// Adds (or with `add` false, gives back) invoiced quantities of order lines and updates the
/// order's invoicing status. Call with the order locked.
pub async fn add_invoiced(tx: &mut Tx, order_id: i64, taken: &[(i64, Decimal)], add: bool) -> Result<(), AppError> {
    let mut lines = db::sales_orders::lines(&mut **tx, order_id).await?;
    for (line_id, q) in taken {
        let Some(l) = lines.iter_mut().find(|l| l.line.id == *line_id) else { continue };
        let now = if add { qty(&l.invoiced_quantity) + q } else { (qty(&l.invoiced_quantity) - q).max(Decimal::ZERO) };
        l.invoiced_quantity = now.normalize().to_string();
        db::sales_orders::set_invoiced(tx, *line_id, &l.invoiced_quantity).await?;
    }
    let pairs: Vec<(Decimal, Decimal)> =
        lines.iter().map(|l| (qty(&l.line.quantity), qty(&l.invoiced_quantity))).collect();
    db::sales_orders::set_invoicing_status(tx, order_id, InvoicingStatus::of(&pairs).as_str()).await?;
    Ok(())
}

/// A draft invoice for an order: the chosen quantities per line, or (`chosen` None) everything
/// the company's rule leaves to invoice. Quantities beyond that are refused and nothing is written.
pub async fn from_order(
    pool: &Pool,
    actor: &Actor,
    order_id: i64,
    chosen: Option<&[LineQuantityForm]>,
) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut e = FieldErrors::default();
    let picked = chosen.map(|c| parse_line_quantities(c, &mut e));
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(pool).await?;
    let order = db::sales_orders::get_locked(&mut tx, order_id).await?;
    if matches!(order.status(), OrderStatus::Draft | OrderStatus::Cancelled) {
        return Err(AppError::invalid_transition(format!(
            "a {} order is not invoiced: {}",
            order.status().label().to_lowercase(),
            if order.status() == OrderStatus::Draft { "confirm it first" } else { "it was cancelled" }
        )));
    }
    let only_shipped = shipped_only(&mut *tx).await?;
    let lines = db::sales_orders::lines(&mut *tx, order_id).await?;
    let wanted: Vec<LineQuantity> = match picked {
        Some(p) => p,
        None => lines
            .iter()
            .enumerate()
            .map(|(index, l)| LineQuantity { index, line_id: l.line.id, quantity: left(l, only_shipped) })
            .filter(|x| !x.quantity.is_zero())
            .collect(),
    };
    let mut priced = Vec::new();
    for LineQuantity { index: i, line_id, quantity: q } in &wanted {
        let Some(l) = lines.iter().find(|l| l.line.id == *line_id) else {
            e.add(&format!("lines[{i}].line_id"), "is not a line of this order");
            continue;
        };
        let room = left(l, only_shipped);
        if *q > room {
            let what = if only_shipped { "shipped and not yet invoiced" } else { "ordered and not yet invoiced" };
            e.add(
                &format!("lines[{i}].quantity"),
                format!("is more than can be invoiced: {} is {what}", room.normalize()),
            );
            continue;
        }
        priced.push(service::lines::requantify(order.currency(), &l.line, *q));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    if priced.is_empty() {
        return Err(AppError::invalid_transition(if only_shipped {
            "nothing shipped is left to invoice on this order"
        } else {
            "nothing is left to invoice on this order"
        }));
    }
    let c = order.currency();
    let (rows, t) = service::lines::stored(c, &priced)?;
    let minor = |v| c.to_minor(v).map_err(|m| AppError::field("lines", m));
    let totals = (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?);
    let terms = order.payment_terms_days;
    let draft = db::invoices::Draft {
        account_id: order.account_id,
        sales_order_id: Some(order_id),
        owner_id: order.owner_id,
        currency: c.code(),
        due_date: None,
        payment_terms_days: terms,
        billing_address: &order.billing_address,
        customer_reference: &order.customer_reference,
        notes: "",
        terms_text: &if terms == 0 {
            "Payable on receipt.".to_string()
        } else {
            format!("Payable within {terms} days of the issue date.")
        },
    };
    let id = db::invoices::insert_draft(&mut tx, &draft, totals).await?;
    db::invoices::LINES.insert(&mut tx, id, 0, &rows).await?;
    let taken: Vec<(i64, Decimal)> = wanted.iter().map(|w| (w.line_id, w.quantity)).collect();
    add_invoiced(&mut tx, order_id, &taken, true).await?;
    let note = format!("{} · {} line(s) from {}", c.format(t.total), rows.len(), order.number);
    timeline::record(&mut tx, Some(actor), service::invoices::ENTITY, id, "created", None, Some(&note)).await?;
    let on_order = format!("Draft invoice #{id}: {}", c.format(t.total));
    timeline::record(&mut tx, Some(actor), service::sales_orders::ENTITY, order_id, "invoiced", None, Some(&on_order))
        .await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}
