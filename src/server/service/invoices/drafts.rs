//! Draft invoices: checked and priced against the database, created from scratch, saved, and
//! deleted (an order's quantities return to it). A draft has no number until it is issued.
use super::{qty, ENTITY};
use crate::error::AppError;
use crate::model::invoice::{InvoiceDto, InvoiceForm, InvoiceInput, InvoiceStatus};
use crate::model::lines::LineForm;
use crate::model::money::{Currency, NO_ACCOUNT_YET};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, invoices::InvoiceRow, lines::NewLine, Pool, Tx};
use crate::server::service::{self, timeline};
use rust_decimal::Decimal;

/// A checked draft ready to store.
struct Prepared {
    header: InvoiceInput,
    owner_id: i64,
    currency: Currency,
    payment_terms_days: i64,
    billing_address: String,
    terms_text: String,
    lines: Option<Vec<NewLine>>,
    totals: db::invoices::Totals,
}

/// The invoice's payment terms in words (drafts, and contracts' period invoices).
pub(crate) fn terms_text(days: i64) -> String {
    match days {
        0 => "Payable on receipt.".into(),
        d => format!("Payable within {d} days of the issue date."),
    }
}

/// Checks a draft against the database and prices its lines (`lines` None keeps the stored ones:
/// an order's invoice keeps the order's lines).
async fn prepare(
    tx: &mut Tx,
    actor: &Actor,
    form: &InvoiceForm,
    lines: Option<&[LineForm]>,
    current: Option<&InvoiceRow>,
) -> Result<Prepared, AppError> {
    let header = InvoiceInput::parse(form);
    let mut errors = header.as_ref().err().cloned().unwrap_or_default();
    let typed = header.as_ref().ok().map(|h| h.account_id);
    let account = service::accounts::for_document(tx, current.map(|i| i.account_id), typed, &mut errors).await?;
    let currency = current
        .map(InvoiceRow::currency)
        .map(Ok)
        .or_else(|| account.as_ref().map(|a| Currency::from_db(&a.currency, "account", a.id)))
        .transpose()?
        .unwrap_or(NO_ACCOUNT_YET);
    let priced = match lines {
        Some(ls) => Some(service::lines::price(tx, currency, ls, &mut errors).await?),
        None => None,
    };
    let (header, account) = match (header, account) {
        (Ok(h), Some(a)) if errors.is_empty() => (h, a),
        _ => return Err(errors.into()),
    };
    let owner_id = header.owner_id.or(current.map(|i| i.owner_id)).unwrap_or(actor.id);
    if current.map(|i| i.owner_id) != Some(owner_id) && owner_id != actor.id {
        service::accounts::check_owner(tx, owner_id).await?;
    }
    let payment_terms_days = header.payment_terms_days.unwrap_or(account.payment_terms_days);
    let (stored, totals) = match &priced {
        Some(p) => {
            let (rows, t) = service::lines::stored(currency, p)?;
            let minor = |v| currency.to_minor(v).map_err(|m| AppError::field("lines", m));
            (Some(rows), (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?))
        }
        None => {
            let i = current.expect("stored lines belong to a stored invoice");
            (None, (i.subtotal_minor, i.tax_total_minor, i.total_minor))
        }
    };
    Ok(Prepared {
        owner_id,
        currency,
        payment_terms_days,
        billing_address: if header.billing_address.is_empty() {
            account.billing_address.clone()
        } else {
            header.billing_address.clone()
        },
        terms_text: if header.terms_text.is_empty() {
            terms_text(payment_terms_days)
        } else {
            header.terms_text.clone()
        },
        lines: stored,
        totals,
        header,
    })
}

fn draft<'a>(p: &'a Prepared, sales_order_id: Option<i64>) -> db::invoices::Draft<'a> {
    db::invoices::Draft {
        account_id: p.header.account_id,
        sales_order_id,
        owner_id: p.owner_id,
        currency: p.currency.code(),
        due_date: p.header.due_date,
        payment_terms_days: p.payment_terms_days,
        billing_address: &p.billing_address,
        customer_reference: &p.header.customer_reference,
        notes: &p.header.notes,
        terms_text: &p.terms_text,
    }
}

fn summary(c: Currency, total: i64, lines: usize) -> String {
    format!("{} · {lines} line(s)", c.format(c.from_minor(total)))
}

/// A draft invoice from scratch. It has no number until it is issued.
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    form: &InvoiceForm,
    lines: &[LineForm],
) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    let p = prepare(&mut tx, actor, form, Some(lines), None).await?;
    let id = db::invoices::insert_draft(&mut tx, &draft(&p, None), p.totals).await?;
    let rows = p.lines.clone().unwrap_or_default();
    db::invoices::LINES.insert(&mut tx, id, 0, &rows).await?;
    let note = summary(p.currency, p.totals.2, rows.len());
    timeline::record(&mut tx, Some(actor), ENTITY, id, "created", None, Some(&note)).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Saves a draft. A draft made from an order keeps the order's lines (delete it to choose others).
pub async fn update(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    form: &InvoiceForm,
    lines: &[LineForm],
) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::invoices::get_locked(&mut tx, id).await?;
    if before.status() != InvoiceStatus::Draft {
        return Err(AppError::invalid_transition(format!(
            "{} is {}: only drafts change (credit it instead)",
            before.number.clone().unwrap_or_default(),
            before.status().label().to_lowercase()
        )));
    }
    let own_lines = before.sales_order_id.is_none();
    let p = prepare(&mut tx, actor, form, own_lines.then_some(lines), Some(&before)).await?;
    db::invoices::update_draft(&mut tx, id, &draft(&p, before.sales_order_id), p.totals).await?;
    if let Some(rows) = &p.lines {
        db::invoices::LINES.replace(&mut tx, id, rows).await?;
    }
    let note = summary(p.currency, p.totals.2, p.lines.as_ref().map(Vec::len).unwrap_or(0));
    timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, Some(&note)).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Gives an invoice's order quantities back to its order (a deleted draft, a void invoice).
pub(super) async fn release_order_quantities(
    tx: &mut Tx,
    actor: &Actor,
    row: &InvoiceRow,
    why: &str,
) -> Result<(), AppError> {
    let Some(order_id) = row.sales_order_id else { return Ok(()) };
    db::sales_orders::lock(tx, order_id).await?;
    let taken: Vec<(i64, Decimal)> = db::invoices::lines(&mut **tx, row.id)
        .await?
        .into_iter()
        .filter_map(|l| l.sales_order_line_id.map(|o| (o, qty(&l.line.quantity))))
        .collect();
    service::invoices::add_invoiced(tx, order_id, &taken, false).await?;
    let note =
        format!("{why}: {} returned to invoicing", row.number.clone().unwrap_or_else(|| format!("draft #{}", row.id)));
    timeline::record(tx, Some(actor), service::sales_orders::ENTITY, order_id, "invoice_released", None, Some(&note))
        .await
}

/// Deletes a draft (it has no number, so the series keeps no gap); an order's quantities return.
pub async fn delete_draft(pool: &Pool, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::invoices::get_locked(&mut tx, id).await?;
    if row.status() != InvoiceStatus::Draft {
        return Err(AppError::invalid_transition("only drafts can be deleted: void or credit an issued invoice"));
    }
    // A contract's period invoice stays: deleting it would leave the period unbilled (and the
    // renewal job would bill it again). Edit or issue it; cancelling the contract ends its billing.
    if let Some(number) = db::contracts::contract_of_invoice(&mut tx, id).await? {
        return Err(AppError::invalid_transition(format!(
            "this draft bills a period of contract {number}: edit or issue it instead of deleting it"
        )));
    }
    release_order_quantities(&mut tx, actor, &row, "Draft deleted").await?;
    db::invoices::delete_draft(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(())
}
