//! Reading payments: the filtered list, one payment with its allocations and refunds, the open
//! invoices a payment may go to, an account's credit and cash received by month.
use crate::error::AppError;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::Currency;
use crate::model::payment::{
    AllocationDto, OpenInvoice, PaymentDto, PaymentFilter, PaymentMethod, PaymentStatus, RefundDto,
};
use crate::model::permissions::Permission;
use crate::model::sales_order::optional_date;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::invoices;
use chrono::{Datelike, NaiveDate};

/// A payment with its allocations and refunds.
pub struct Detail {
    pub payment: PaymentDto,
    pub allocations: Vec<AllocationDto>,
    pub refunds: Vec<RefundDto>,
}

pub fn allocation_dto(r: &db::payments::AllocationRow) -> AllocationDto {
    let c = r.currency;
    AllocationDto {
        id: r.id,
        payment_id: r.payment_id,
        payment_number: r.payment_number.clone(),
        invoice_id: r.invoice_id,
        invoice_number: r.invoice_number.clone().unwrap_or_default(),
        amount: c.from_minor(r.amount_minor).to_string(),
        currency: r.currency.to_string(),
        payment_status: r.payment_status,
        created_at: r.created_at,
    }
}

fn resolve_filter(f: &PaymentFilter) -> Result<db::payments::Filter, AppError> {
    let mut e = FieldErrors::default();
    let methods = match f.method.trim() {
        "" => vec![],
        m => vec![PaymentMethod::parse(m).map_err(|m| e.add("method", m)).map(PaymentMethod::as_str).unwrap_or("cash")],
    };
    let statuses = match f.status.trim() {
        "" => vec![],
        s => vec![PaymentStatus::parse(s)
            .map_err(|m| e.add("status", m))
            .map(PaymentStatus::as_str)
            .unwrap_or("pending")],
    };
    let account_id = match f.account.trim() {
        "" => None,
        v => v.parse().map_err(|_| e.add("account", "must be an id")).ok(),
    };
    let reconciled = match f.reconciled.trim() {
        "" => None,
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            e.add("reconciled", "must be true or false");
            None
        }
    };
    let filter = db::payments::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        methods,
        statuses,
        account_id,
        from: optional_date(&mut e, "from", &f.from),
        to: optional_date(&mut e, "to", &f.to),
        reconciled,
    };
    e.finish(|| filter).map_err(AppError::from)
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &PaymentFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<PaymentDto>, AppError> {
    actor.require(Permission::ViewPayments)?;
    let filter = resolve_filter(f)?;
    let rows = db::payments::page(pool, &filter, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| db::payments::ORDER.cursor("", r.id)).map(|r| r.to_dto()))
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    actor.require(Permission::ViewPayments)?;
    let row = db::payments::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let c = row.currency();
    Ok(Detail {
        allocations: db::payments::allocations_of_payment(pool, id).await?.iter().map(allocation_dto).collect(),
        refunds: db::payments::refunds(pool, id)
            .await?
            .into_iter()
            .map(|r| RefundDto {
                id: r.id,
                date: r.refunded_on,
                amount: c.from_minor(r.amount_minor).to_string(),
                reason: r.reason,
                created_by_name: r.created_by_name,
                created_at: r.created_at,
            })
            .collect(),
        payment: row.to_dto(),
    })
}

/// The account's open invoices in `currency` with what is left to pay on each (after pending
/// payments already allocated), oldest due first.
pub async fn open_invoices(pool: &Pool, actor: &Actor, account_id: i64) -> Result<Vec<OpenInvoice>, AppError> {
    actor.require(Permission::ViewPayments)?;
    let filter = crate::model::invoice::InvoiceFilter {
        account: account_id.to_string(),
        status: "open".into(),
        ..Default::default()
    };
    let mut out = vec![];
    let mut position = Position::First;
    loop {
        let page = invoices::list(pool, actor, &filter, &position, 200).await?;
        for i in &page.items {
            let c = Currency::from_db(&i.currency, "invoice", i.id)?;
            let pending = db::payments::pending_on_invoice(pool, i.id).await?;
            let open = c.to_minor(i.balance.parse().unwrap_or_default()).unwrap_or(0) - pending;
            if open > 0 {
                out.push(OpenInvoice {
                    id: i.id,
                    number: i.number.clone().unwrap_or_default(),
                    due_date: i.due_date,
                    total: i.total.clone(),
                    balance: c.from_minor(open).to_string(),
                    balance_label: c.format(c.from_minor(open)),
                });
            }
        }
        match page.next.as_deref().and_then(crate::model::list::Cursor::decode) {
            Some(c) if out.len() < 1000 => position = Position::After(c),
            _ => break,
        }
    }
    out.sort_by_key(|i| (i.due_date.is_none(), i.due_date, i.id));
    Ok(out)
}

/// The account's credit per currency (arrived money not allocated to invoices), formatted.
pub async fn credit(pool: &Pool, actor: &Actor, account_id: i64) -> Result<Vec<String>, AppError> {
    actor.require(Permission::ViewPayments)?;
    Ok(db::payments::credit_of_account(pool, account_id)
        .await?
        .into_iter()
        .filter_map(|(code, minor)| Currency::parse(&code).ok().map(|c| c.format(c.from_minor(minor))))
        .collect())
}

/// Cash received in the last twelve months: (YYYY-MM, currency, formatted, minor units).
pub async fn received_by_month(
    pool: &Pool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<(String, String, String, i64)>, AppError> {
    actor.require(Permission::ViewPayments)?;
    let from = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), 1).unwrap_or(today);
    Ok(db::payments::received_by_month(pool, from)
        .await?
        .into_iter()
        .filter_map(|(m, code, minor)| {
            Currency::parse(&code).ok().map(|c| (m, code, c.format(c.from_minor(minor)), minor))
        })
        .collect())
}
