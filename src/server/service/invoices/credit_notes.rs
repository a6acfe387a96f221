//! Credit notes: `CN-YYYY-NNNNNN` against an issued invoice, for everything not yet credited or
//! for chosen lines and quantities (plus free lines through the API), never more than the invoice
//! holds; the invoice's balance and status follow in the same transaction.
use crate::error::AppError;
use crate::model::invoice::{
    parse_line_quantities, CreditNoteDto, CreditNoteForm, InvoiceLineDto, InvoiceStatus, LineQuantity,
};
use crate::model::lines::LineForm;
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::model::validate::{required_text, FieldErrors};
use crate::server::auth::Actor;
use crate::server::db::{self, credit_notes::CreditNoteRow, Pool};
use crate::server::service::invoices::{credited_by_line, qty, today, ENTITY};
use crate::server::service::{self, numbering, timeline};
use rust_decimal::Decimal;

async fn dto<'e, E: db::Executor<'e>>(ex: E, r: &CreditNoteRow) -> Result<CreditNoteDto, AppError> {
    let c = Currency::from_db(&r.currency, "credit note", r.id)?;
    let m = |v: i64| c.from_minor(v).to_string();
    let lines = db::credit_notes::lines(ex, r.id).await?;
    Ok(CreditNoteDto {
        id: r.id,
        number: r.number.clone(),
        invoice_id: r.invoice_id,
        invoice_number: r.invoice_number.clone(),
        account_id: r.account_id,
        account_name: r.account_name.clone(),
        currency: r.currency.clone(),
        issue_date: r.issue_date,
        reason: r.reason.clone(),
        subtotal: m(r.subtotal_minor),
        tax_total: m(r.tax_total_minor),
        total: m(r.total_minor),
        lines: lines
            .iter()
            .map(|l| InvoiceLineDto {
                id: l.line.id,
                product_id: l.line.product_id,
                description: l.line.description.clone(),
                quantity: l.line.quantity.clone(),
                unit: l.line.unit.clone(),
                unit_price: m(l.line.unit_price_minor),
                discount_percent: l.line.discount_percent.clone(),
                tax_rate_id: l.line.tax_rate_id,
                tax_rate_percent: l.line.tax_rate_percent.clone(),
                net: m(l.line.net_minor),
                tax: m(l.line.tax_minor),
                total: m(l.line.total_minor),
                sales_order_line_id: l.invoice_line_id,
                credited_quantity: "0".into(),
            })
            .collect(),
        created_by_name: r.created_by_name.clone(),
        created_at: r.created_at,
    })
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<CreditNoteDto, AppError> {
    actor.require(Permission::ViewInvoices)?;
    let row = db::credit_notes::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    dto(pool, &row).await
}

pub async fn for_invoice(pool: &Pool, actor: &Actor, invoice_id: i64) -> Result<Vec<CreditNoteDto>, AppError> {
    actor.require(Permission::ViewInvoices)?;
    let mut out = vec![];
    for r in db::credit_notes::for_invoice(pool, invoice_id).await? {
        out.push(dto(pool, &r).await?);
    }
    Ok(out)
}

/// Newest first, `limit` per page, after the credit note id `before` (the REST cursor).
pub async fn list(
    pool: &Pool,
    actor: &Actor,
    invoice_id: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<CreditNoteDto>, Option<i64>), AppError> {
    actor.require(Permission::ViewInvoices)?;
    let rows = db::credit_notes::page(pool, invoice_id, before, limit + 1).await?;
    let next = (rows.len() as i64 > limit).then(|| rows[limit as usize - 1].id);
    let mut out = vec![];
    for r in rows.iter().take(limit as usize) {
        out.push(dto(pool, r).await?);
    }
    Ok((out, next))
}

/// Issues a credit note against invoice `invoice_id`: `form.whole` credits everything not yet
/// credited; otherwise the chosen invoice lines and quantities, and `extra` free lines (a
/// goodwill amount). Nothing is written when any quantity is more than remains to credit.
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    invoice_id: i64,
    form: &CreditNoteForm,
    extra: &[LineForm],
) -> Result<CreditNoteDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut e = FieldErrors::default();
    let reason = required_text(&mut e, "reason", &form.reason, 500);
    let whole = crate::model::validate::flag(&form.whole);
    let chosen = parse_line_quantities(&form.lines, &mut e);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(pool).await?;
    let inv = db::invoices::get_locked(&mut tx, invoice_id).await?;
    creditable(&inv)?;
    let c = inv.currency();
    let lines = db::invoices::lines(&mut *tx, invoice_id).await?;
    let credited = credited_by_line(&mut *tx, invoice_id).await?;
    let room = |id: i64, q: &str| (qty(q) - credited.get(&id).copied().unwrap_or_default()).max(Decimal::ZERO);
    let wanted: Vec<LineQuantity> = if whole {
        lines
            .iter()
            .enumerate()
            .map(|(index, l)| LineQuantity { index, line_id: l.line.id, quantity: room(l.line.id, &l.line.quantity) })
            .filter(|x| !x.quantity.is_zero())
            .collect()
    } else {
        chosen
    };
    let mut priced = Vec::new();
    for LineQuantity { index: i, line_id, quantity: q } in &wanted {
        let Some(l) = lines.iter().find(|l| l.line.id == *line_id) else {
            e.add(&format!("lines[{i}].line_id"), "is not a line of this invoice");
            continue;
        };
        let left = room(l.line.id, &l.line.quantity);
        if *q > left {
            e.add(&format!("lines[{i}].quantity"), format!("is more than remains to credit: {}", left.normalize()));
            continue;
        }
        priced.push(service::lines::requantify(c, &l.line, *q));
    }
    if !whole {
        priced.extend(service::lines::price(&mut tx, c, extra, &mut e).await?);
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    if priced.is_empty() {
        return Err(AppError::field("lines", "choose what to credit: a quantity of a line, or the whole invoice"));
    }
    let id = write(&mut tx, actor, &inv, &reason, &priced).await?;
    let row = db::credit_notes::get_locked(&mut tx, id).await?;
    let out = dto(&mut *tx, &row).await?;
    db::commit(tx).await?;
    Ok(out)
}

/// Refuses a credit note against a draft (edit it instead) or a void invoice.
pub fn creditable(inv: &db::invoices::InvoiceRow) -> Result<(), AppError> {
    if matches!(inv.status(), InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Err(AppError::invalid_transition(format!(
            "a {} invoice takes no credit note{}",
            inv.status().label().to_lowercase(),
            if inv.status() == InvoiceStatus::Draft { ": edit the draft instead" } else { "" }
        )));
    }
    Ok(())
}

/// Writes a credit note of `priced` lines against the locked, creditable invoice `inv` in the
/// caller's transaction — never more than is open on it — and settles the invoice. Returns its id.
pub async fn write(
    tx: &mut db::Tx,
    actor: &Actor,
    inv: &db::invoices::InvoiceRow,
    reason: &str,
    priced: &[crate::model::lines::PricedLine],
) -> Result<i64, AppError> {
    let c = inv.currency();
    let invoice_id = inv.id;
    let (rows, t) = service::lines::stored(c, priced)?;
    let minor = |v| c.to_minor(v).map_err(|m| AppError::field("lines", m));
    let totals = (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?);
    if totals.2 <= 0 {
        return Err(AppError::field("lines", "a credit note must credit something"));
    }
    if totals.2 > inv.balance_minor {
        let left = c.format(c.from_minor(inv.balance_minor.max(0)));
        return Err(AppError::field(
            "lines",
            format!("credits more than is open on the invoice ({left}): take back a payment allocation first (it becomes the account's credit)"),
        ));
    }
    let day = today();
    let number = numbering::next_number(tx, "credit_note", day).await?;
    let note = db::credit_notes::NewCreditNote {
        number: &number,
        invoice_id,
        account_id: inv.account_id,
        currency: c.code(),
        issue_date: day,
        reason,
        totals,
        created_by: actor.id,
    };
    let id = db::credit_notes::insert(tx, &note).await?;
    db::credit_notes::LINES.insert(tx, id, 0, &rows).await?;
    let text = format!("{number}: {} · {reason}", c.format(t.total));
    timeline::record(tx, Some(actor), ENTITY, invoice_id, "credited", None, Some(&text)).await?;
    service::invoices::settle(tx, Some(actor), invoice_id, inv.credited_minor + totals.2, inv.paid_minor).await?;
    Ok(id)
}
