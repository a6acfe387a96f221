//! Invoices: list and read, drafts (from scratch, or an order's not-yet-invoiced quantities),
//! issuing with a gapless number, sending, voiding, and `settle` — the one place an issued
//! invoice's balance and status are recomputed (credit notes now, payments next). Every change
//! writes the invoice's timeline in its transaction.
use crate::error::AppError;
use crate::model::invoice::{
    settle as settle_status, transition, InvoiceDto, InvoiceEvent, InvoiceFacts, InvoiceFilter, InvoiceForm,
    InvoiceInput, InvoiceLineDto, InvoiceStatus,
};
use crate::model::lines::LineForm;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::{parse_decimal, Currency, DocumentTotals, LineInput};
use crate::model::permissions::Permission;
use crate::model::sales_order::optional_date;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, invoices::InvoiceRow, lines::NewLine, Pool, Tx};
use crate::server::service::{self, numbering, timeline};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub const ENTITY: &str = "invoice";

pub fn qty(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// What the machine needs about a stored invoice.
pub fn facts(row: &InvoiceRow, has_lines: bool, today: NaiveDate) -> InvoiceFacts {
    InvoiceFacts {
        has_lines,
        sent: row.sent_at.is_some(),
        total: row.total_minor,
        credited: row.credited_minor,
        paid: row.paid_minor,
        due_date: row.due_date,
        today,
    }
}

fn line_dto(c: Currency, r: &db::invoices::InvoiceLineRow, credited: &HashMap<i64, Decimal>) -> InvoiceLineDto {
    let l = &r.line;
    InvoiceLineDto {
        id: l.id,
        product_id: l.product_id,
        description: l.description.clone(),
        quantity: l.quantity.clone(),
        unit: l.unit.clone(),
        unit_price: c.from_minor(l.unit_price_minor).to_string(),
        discount_percent: l.discount_percent.clone(),
        tax_rate_id: l.tax_rate_id,
        tax_rate_percent: l.tax_rate_percent.clone(),
        net: c.from_minor(l.net_minor).to_string(),
        tax: c.from_minor(l.tax_minor).to_string(),
        total: c.from_minor(l.total_minor).to_string(),
        sales_order_line_id: r.sales_order_line_id,
        credited_quantity: credited.get(&l.id).copied().unwrap_or_default().normalize().to_string(),
    }
}

/// An invoice with its lines, totals and what the machine knows.
pub struct Detail {
    pub invoice: InvoiceDto,
    pub lines: Vec<InvoiceLineDto>,
    pub totals: DocumentTotals,
    pub facts: InvoiceFacts,
}

fn resolve_filter(f: &InvoiceFilter) -> Result<db::invoices::Filter, AppError> {
    let statuses = match f.status.trim() {
        "" | "all" => vec![],
        "open" => InvoiceStatus::ALL.into_iter().filter(|s| s.is_open()).map(InvoiceStatus::as_str).collect(),
        s => vec![InvoiceStatus::parse(s).map_err(|m| AppError::field("status", m))?.as_str()],
    };
    let mut e = FieldErrors::default();
    let id = |e: &mut FieldErrors, field: &str, v: &str| match v.trim() {
        "" => None,
        v => v.parse().map_err(|_| e.add(field, "must be an id")).ok(),
    };
    let amount = |e: &mut FieldErrors, field: &str, v: &str| match v.trim() {
        "" => None,
        v => match parse_decimal(v) {
            // Amounts are compared in cents of a two-decimal currency, the list's common case.
            Ok(d) => Currency::EUR.to_minor(d).map_err(|m| e.add(field, m)).ok(),
            Err(m) => {
                e.add(field, m);
                None
            }
        },
    };
    let filter = db::invoices::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        statuses,
        overdue_on: crate::model::validate::flag(&f.overdue).then(today),
        disputed: crate::model::validate::flag(&f.disputed),
        account_id: id(&mut e, "account", &f.account),
        order_id: id(&mut e, "order", &f.order),
        from: optional_date(&mut e, "from", &f.from),
        to: optional_date(&mut e, "to", &f.to),
        min_total: amount(&mut e, "min", &f.min),
        max_total: amount(&mut e, "max", &f.max),
    };
    if e.is_empty() {
        Ok(filter)
    } else {
        Err(e.into())
    }
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &InvoiceFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<InvoiceDto>, AppError> {
    actor.require(Permission::ViewInvoices)?;
    let filter = resolve_filter(f)?;
    let rows = db::invoices::page(pool, &filter, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| db::invoices::ORDER.cursor("", r.id)).map(|r| r.to_dto()))
}

/// The quantities credit notes took back, per invoice line.
pub async fn credited_by_line<'e, E: sqlx::Executor<'e, Database = db::Db>>(
    ex: E,
    invoice_id: i64,
) -> Result<HashMap<i64, Decimal>, AppError> {
    let mut credited: HashMap<i64, Decimal> = HashMap::new();
    for (line, q) in db::credit_notes::credited_quantities(ex, invoice_id).await? {
        *credited.entry(line).or_default() += qty(&q);
    }
    Ok(credited)
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    actor.require(Permission::ViewInvoices)?;
    let row = db::invoices::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let c = row.currency();
    let lines = db::invoices::lines(pool, id).await?;
    let credited = credited_by_line(pool, id).await?;
    let inputs: Vec<LineInput> = lines.iter().map(|l| service::lines::input_of(c, &l.line)).collect();
    Ok(Detail {
        totals: crate::model::money::document_totals(c, &inputs),
        facts: facts(&row, !lines.is_empty(), today()),
        lines: lines.iter().map(|l| line_dto(c, l, &credited)).collect(),
        invoice: row.to_dto(),
    })
}

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

fn terms_text(days: i64) -> String {
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
        .or_else(|| account.as_ref().and_then(|a| Currency::parse(&a.currency).ok()))
        .unwrap_or(Currency::EUR);
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
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
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
    db::invoices::lock(&mut tx, id).await?;
    let before = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
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
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Gives an invoice's order quantities back to its order (a deleted draft, a void invoice).
async fn release_order_quantities(tx: &mut Tx, actor: &Actor, row: &InvoiceRow, why: &str) -> Result<(), AppError> {
    let Some(order_id) = row.sales_order_id else { return Ok(()) };
    db::sales_orders::lock(tx, order_id).await?;
    let taken: Vec<(i64, Decimal)> = db::invoices::lines(&mut **tx, row.id)
        .await?
        .into_iter()
        .filter_map(|l| l.sales_order_line_id.map(|o| (o, qty(&l.line.quantity))))
        .collect();
    service::invoicing::add_invoiced(tx, order_id, &taken, false).await?;
    let note =
        format!("{why}: {} returned to invoicing", row.number.clone().unwrap_or_else(|| format!("draft #{}", row.id)));
    timeline::record(tx, Some(actor), service::sales_orders::ENTITY, order_id, "invoice_released", None, Some(&note))
        .await
}

/// Deletes a draft (it has no number, so the series keeps no gap); an order's quantities return.
pub async fn delete_draft(pool: &Pool, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    db::invoices::lock(&mut tx, id).await?;
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if row.status() != InvoiceStatus::Draft {
        return Err(AppError::invalid_transition("only drafts can be deleted: void or credit an issued invoice"));
    }
    release_order_quantities(&mut tx, actor, &row, "Draft deleted").await?;
    db::invoices::delete_draft(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(())
}

/// Issues a draft: the next `INV-YYYY-NNNNNN` of the issue year, today's date, the due date (the
/// draft's, or today plus the terms) and the billing address are frozen in one transaction.
pub async fn issue(pool: &Pool, actor: &Actor, id: i64) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    db::invoices::lock(&mut tx, id).await?;
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let lines = db::invoices::lines(&mut *tx, id).await?;
    let day = today();
    let due = row.due_date.unwrap_or(day + chrono::Duration::days(row.payment_terms_days));
    let f = InvoiceFacts { due_date: Some(due), ..facts(&row, !lines.is_empty(), day) };
    let to = transition(row.status(), InvoiceEvent::Issue, f).map_err(AppError::invalid_transition)?;
    if due < day {
        return Err(AppError::field("due_date", format!("is before the issue date {day}: change it first")));
    }
    let address = if row.billing_address.is_empty() {
        db::accounts::by_id(&mut *tx, row.account_id).await?.map(|a| a.billing_address).unwrap_or_default()
    } else {
        row.billing_address.clone()
    };
    let number = numbering::next_number(&mut tx, "invoice", day).await?;
    db::invoices::issue(&mut tx, id, &number, to.as_str(), day, due, &address).await?;
    let note = format!("{number} · due {due}");
    timeline::record(&mut tx, Some(actor), ENTITY, id, "issued", Some(("draft", to.as_str())), Some(&note)).await?;
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Voids an issued invoice nothing was paid or credited on. It keeps its number; an order's
/// quantities return to invoicing.
pub async fn void(pool: &Pool, actor: &Actor, id: i64) -> Result<InvoiceDto, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let mut tx = db::begin_write(pool).await?;
    db::invoices::lock(&mut tx, id).await?;
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let from = row.status();
    transition(from, InvoiceEvent::Void, facts(&row, true, today())).map_err(AppError::invalid_transition)?;
    if service::payments::has_allocations(&mut tx, id).await? {
        return Err(AppError::invalid_transition("payments are allocated to this invoice: remove them first"));
    }
    release_order_quantities(&mut tx, actor, &row, "Invoice voided").await?;
    db::invoices::mark_void(&mut tx, id).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "voided", Some((from.as_str(), "void")), None).await?;
    let row = db::invoices::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// The balance hook: writes an issued invoice's credited and paid amounts (minor units) and the
/// status they give, in the caller's transaction; the change of status goes on the timeline.
/// Credit notes call it now; payments, refunds and failed payments will call it too.
pub async fn settle(
    tx: &mut Tx,
    actor: Option<&Actor>,
    id: i64,
    credited: i64,
    paid: i64,
) -> Result<InvoiceStatus, AppError> {
    let row = db::invoices::by_id(&mut **tx, id).await?.ok_or(AppError::NotFound)?;
    let from = row.status();
    let f = InvoiceFacts { credited, paid, ..facts(&row, true, today()) };
    let to = settle_status(from, f);
    db::invoices::set_amounts(tx, id, credited, paid, to.as_str()).await?;
    if to != from {
        timeline::record(tx, actor, ENTITY, id, "status_changed", Some((from.as_str(), to.as_str())), None).await?;
    }
    Ok(to)
}

/// The job's part: invoices whose due date passed with a balance become overdue. Returns how many.
pub async fn mark_overdue(pool: &Pool, day: NaiveDate) -> Result<usize, AppError> {
    let mut n = 0;
    for id in db::invoices::newly_overdue(pool, day).await? {
        let mut tx = db::begin_write(pool).await?;
        db::invoices::lock(&mut tx, id).await?;
        let Some(row) = db::invoices::by_id(&mut *tx, id).await? else { continue };
        let from = row.status();
        let to = settle_status(from, facts(&row, true, day));
        if to != from {
            db::invoices::set_status(&mut tx, id, to.as_str()).await?;
            timeline::record(&mut tx, None, ENTITY, id, "status_changed", Some((from.as_str(), to.as_str())), None)
                .await?;
            n += 1;
        }
        db::commit(tx).await?;
    }
    Ok(n)
}

/// Open balances per currency in the five aging buckets (every bucket present, empty ones zero).
pub async fn aging(pool: &Pool, actor: &Actor) -> Result<Vec<crate::api::invoices::AgingView>, AppError> {
    use crate::model::invoice::AgingBucket;
    actor.require(Permission::ViewInvoices)?;
    let rows = db::invoices::aging(pool, today()).await?;
    let mut out: Vec<crate::api::invoices::AgingView> = vec![];
    for (code, bucket, n, minor) in rows {
        let c = Currency::parse(&code).unwrap_or(Currency::EUR);
        let view = match out.iter_mut().find(|v| v.currency == code) {
            Some(v) => v,
            None => {
                out.push(crate::api::invoices::AgingView {
                    currency: code.clone(),
                    buckets: AgingBucket::ALL
                        .iter()
                        .map(|b| (b.label().to_string(), 0, c.format(rust_decimal::Decimal::ZERO), 0))
                        .collect(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        if let Some(slot) = view.buckets.get_mut(bucket as usize) {
            *slot = (slot.0.clone(), n, c.format(c.from_minor(minor)), minor);
        }
    }
    Ok(out)
}
