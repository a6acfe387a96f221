//! Reading invoices: the filtered list, one invoice with its lines and totals, and the aging
//! report of open balances.
use super::{facts, qty, today};
use crate::error::AppError;
use crate::model::invoice::{InvoiceDto, InvoiceFacts, InvoiceFilter, InvoiceLineDto, InvoiceStatus};
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::{parse_decimal, Currency, DocumentTotals, LineInput};
use crate::model::permissions::Permission;
use crate::model::sales_order::optional_date;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service;
use rust_decimal::Decimal;
use std::collections::HashMap;

fn line_dto(c: Currency, r: &db::invoices::InvoiceLineRow, credited: &HashMap<i64, Decimal>) -> InvoiceLineDto {
    let l = &r.line;
    service::lines::line_dto!(InvoiceLineDto, c, l,
        sales_order_line_id: r.sales_order_line_id,
        credited_quantity: credited.get(&l.id).copied().unwrap_or_default().normalize().to_string(),
    )
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
pub async fn credited_by_line<'e, E: db::Executor<'e>>(
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

/// Open balances per currency in the five aging buckets (every bucket present, empty ones zero).
pub async fn aging(pool: &Pool, actor: &Actor) -> Result<Vec<crate::model::invoice_view::AgingView>, AppError> {
    use crate::model::invoice::AgingBucket;
    actor.require(Permission::ViewInvoices)?;
    let rows = db::invoices::aging(pool, today()).await?;
    let mut out: Vec<crate::model::invoice_view::AgingView> = vec![];
    for (code, bucket, n, minor) in rows {
        let c = Currency::from_db(&code, "aging of open invoices in", 0)?;
        let view = match out.iter_mut().find(|v| v.currency == code) {
            Some(v) => v,
            None => {
                out.push(crate::model::invoice_view::AgingView {
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
