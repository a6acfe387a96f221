//! Payments: recording (with allocations, once per form key), allocating credit to more invoices,
//! and the invoice balances it moves — in the same transaction, with each invoice locked so racing
//! payments never over-pay it. Completing, failing and refunding are in `payment_status`.
use crate::error::AppError;
use crate::model::invoice::InvoiceStatus;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::Currency;
use crate::model::payment::{
    parse_allocations, AllocationDto, AllocationForm, OpenInvoice, PaymentDto, PaymentFilter, PaymentForm,
    PaymentInput, PaymentMethod, PaymentStatus, RefundDto,
};
use crate::model::permissions::Permission;
use crate::model::sales_order::optional_date;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, payments::PaymentRow, Pool, Tx};
use crate::server::service::{invoices, numbering, timeline};
use chrono::{Datelike, NaiveDate, Utc};

pub const ENTITY: &str = "payment";

/// A payment with its allocations and refunds.
pub struct Detail {
    pub payment: PaymentDto,
    pub allocations: Vec<AllocationDto>,
    pub refunds: Vec<RefundDto>,
}

pub fn allocation_dto(r: &db::payments::AllocationRow) -> AllocationDto {
    let c = Currency::parse(&r.currency).unwrap_or(Currency::EUR);
    AllocationDto {
        id: r.id,
        payment_id: r.payment_id,
        payment_number: r.payment_number.clone(),
        invoice_id: r.invoice_id,
        invoice_number: r.invoice_number.clone().unwrap_or_default(),
        amount: c.from_minor(r.amount_minor).to_string(),
        currency: r.currency.clone(),
        payment_status: PaymentStatus::parse(&r.payment_status).unwrap_or(PaymentStatus::Pending),
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
            let c = Currency::parse(&i.currency).unwrap_or(Currency::EUR);
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

/// Recomputes what arrived money paid on an invoice and settles its balance and status.
pub async fn settle_invoice(tx: &mut Tx, actor: Option<&Actor>, invoice_id: i64) -> Result<(), AppError> {
    let paid = db::payments::paid_on_invoice(tx, invoice_id).await?;
    let credited = db::invoices::by_id(&mut **tx, invoice_id).await?.ok_or(AppError::NotFound)?.credited_minor;
    invoices::settle(tx, actor, invoice_id, credited, paid).await?;
    Ok(())
}

/// What is left to pay on an invoice once the pending payments allocated to it arrive.
pub async fn open_on(tx: &mut Tx, inv: &db::invoices::InvoiceRow) -> Result<i64, AppError> {
    let pending: i64 = db::payments::allocations_of_invoice(&mut **tx, inv.id)
        .await?
        .iter()
        .filter(|a| a.payment_status == PaymentStatus::Pending.as_str())
        .map(|a| a.amount_minor)
        .sum();
    Ok(inv.balance_minor - pending)
}

/// Adds allocations of payment `p` (locked by the caller) to invoices of its account: each at most
/// what is open on the invoice, all together at most what of the payment is unallocated. Errors
/// are named `allocations[i].…`.
async fn add_allocations(
    tx: &mut Tx,
    actor: &Actor,
    p: &PaymentRow,
    rows: &[AllocationForm],
) -> Result<usize, AppError> {
    let c = p.currency();
    let mut e = FieldErrors::default();
    let wanted = parse_allocations(rows, c, &mut e);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut left = p.unallocated_minor();
    let mut done = vec![];
    db::invoices::lock_all(tx, wanted.iter().map(|(_, invoice_id, _)| *invoice_id)).await?;
    for (i, invoice_id, amount) in &wanted {
        let field = |f: &str| format!("allocations[{i}].{f}");
        let amount = c.to_minor(*amount).map_err(|m| AppError::field(&field("amount"), m))?;
        let inv = match db::invoices::by_id(&mut **tx, *invoice_id).await? {
            Some(inv) if inv.account_id == p.account_id && inv.currency == p.currency => inv,
            Some(_) => {
                e.add(&field("invoice_id"), "is an invoice of another account or currency");
                continue;
            }
            None => {
                e.add(&field("invoice_id"), "must be chosen from the list");
                continue;
            }
        };
        if !inv.status().is_open() {
            e.add(&field("invoice_id"), format!("is {}: nothing is open on it", inv.status().label().to_lowercase()));
            continue;
        }
        let open = open_on(tx, &inv).await?;
        if amount > open {
            e.add(
                &field("amount"),
                format!(
                    "is more than is open on {}: {}",
                    inv.number.clone().unwrap_or_default(),
                    c.format(c.from_minor(open.max(0)))
                ),
            );
            continue;
        }
        if amount > left {
            e.add(
                &field("amount"),
                format!("is more than the payment has left: {}", c.format(c.from_minor(left.max(0)))),
            );
            continue;
        }
        left -= amount;
        db::payments::insert_allocation(tx, p.id, *invoice_id, amount, actor.id).await?;
        done.push((*invoice_id, inv.number.clone().unwrap_or_default(), amount));
    }
    if !e.is_empty() {
        return Err(e.into());
    }
    db::payments::refresh_sums(tx, p.id).await?;
    let counts = p.status().counts();
    for (invoice_id, number, amount) in &done {
        let note =
            format!("{}: {}{}", p.number, c.format(c.from_minor(*amount)), if counts { "" } else { " (pending)" });
        timeline::record(tx, Some(actor), invoices::ENTITY, *invoice_id, "payment_allocated", None, Some(&note))
            .await?;
        timeline::record(
            tx,
            Some(actor),
            ENTITY,
            p.id,
            "allocated",
            None,
            Some(&format!("{number}: {}", c.format(c.from_minor(*amount)))),
        )
        .await?;
        if counts {
            settle_invoice(tx, Some(actor), *invoice_id).await?;
        }
    }
    Ok(done.len())
}

/// Records a payment with its allocations. The same form key twice gives back the first payment
/// and writes nothing (a double submit); a completed payment gets its receipt number at once.
pub async fn record(
    pool: &Pool,
    actor: &Actor,
    form: &PaymentForm,
    allocations: &[AllocationForm],
) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let account = match form.account_id.trim().parse::<i64>() {
        Ok(id) => db::accounts::by_id(pool, id).await?,
        Err(_) => None,
    };
    let currency = account.as_ref().and_then(|a| Currency::parse(&a.currency).ok()).unwrap_or(Currency::EUR);
    let input = PaymentInput::parse(form, currency);
    let input = match (input, &account) {
        (Ok(i), Some(_)) => i,
        (Ok(_), None) => return Err(AppError::field("account_id", "must be chosen from the list")),
        (Err(mut e), None) if !form.account_id.trim().is_empty() => {
            e.add("account_id", "must be chosen from the list");
            return Err(e.into());
        }
        (Err(e), _) => return Err(e.into()),
    };
    let mut tx = db::begin_write(pool).await?;
    if let Some(key) = &input.form_key {
        if let Some(id) = db::payments::by_form_key(&mut tx, key).await? {
            return db::payments::by_id(pool, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound);
        }
    }
    let id = match record_in(&mut tx, actor, currency, &input, allocations).await {
        Ok(id) => id,
        // The same form key committed by a racing submit: that payment is the one.
        Err(AppError::Conflict { code, .. }) if code == FORM_KEY_TAKEN => {
            drop(tx);
            let mut tx = db::begin_write(pool).await?;
            let key = input.form_key.as_deref().unwrap_or_default();
            let id = db::payments::by_form_key(&mut tx, key).await?.ok_or(AppError::NotFound)?;
            return db::payments::by_id(&mut *tx, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound);
        }
        Err(e) => return Err(e),
    };
    let row = db::payments::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

const FORM_KEY_TAKEN: &str = "form_key_taken";

/// Writes a checked payment and its allocations in the caller's transaction (the record form,
/// and bank reconciliation creating payments from statement lines). Returns the payment's id.
pub async fn record_in(
    tx: &mut Tx,
    actor: &Actor,
    currency: Currency,
    input: &PaymentInput,
    allocations: &[AllocationForm],
) -> Result<i64, AppError> {
    let day = input.date.unwrap_or_else(|| Utc::now().date_naive());
    let number = numbering::next_number(tx, "payment", day).await?;
    let receipt = match input.status {
        PaymentStatus::Completed => Some(numbering::next_number(tx, "receipt", day).await?),
        _ => None,
    };
    let amount_minor = currency.to_minor(input.amount).map_err(|m| AppError::field("amount", m))?;
    let new = db::payments::NewPayment {
        number: &number,
        account_id: input.account_id,
        received_on: day,
        amount_minor,
        currency: currency.code(),
        method: input.method.as_str(),
        status: input.status.as_str(),
        cheque_number: &input.cheque_number,
        cheque_bank: &input.cheque_bank,
        cheque_date: input.cheque_date,
        card_reference: &input.card_reference,
        card_last4: &input.card_last4,
        transfer_reference: &input.transfer_reference,
        reference: &input.reference,
        notes: &input.notes,
        receipt_number: receipt.as_deref(),
        form_key: input.form_key.as_deref(),
        created_by: Some(actor.id),
    };
    let id = match db::payments::insert(tx, &new).await {
        Ok(id) => id,
        Err(e) if db::is_unique_violation(&e) && input.form_key.is_some() => {
            return Err(AppError::Conflict {
                message: "this form was submitted already".into(),
                code: FORM_KEY_TAKEN.into(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let note = format!(
        "{} by {}{}",
        currency.format(input.amount),
        input.method.label().to_lowercase(),
        if input.status == PaymentStatus::Pending { " (pending)" } else { "" }
    );
    timeline::record(tx, Some(actor), ENTITY, id, "recorded", None, Some(&note)).await?;
    let row = db::payments::by_id(&mut **tx, id).await?.ok_or(AppError::NotFound)?;
    add_allocations(tx, actor, &row, allocations).await?;
    Ok(id)
}

pub async fn locked(tx: &mut Tx, id: i64) -> Result<PaymentRow, AppError> {
    if !db::payments::lock(tx, id).await? {
        return Err(AppError::NotFound);
    }
    db::payments::by_id(&mut **tx, id).await?.ok_or(AppError::NotFound)
}

/// Allocates more of a payment's unallocated amount (the account's credit) to open invoices.
pub async fn allocate(pool: &Pool, actor: &Actor, id: i64, rows: &[AllocationForm]) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = locked(&mut tx, id).await?;
    if !p.status().allocatable() {
        return Err(AppError::invalid_transition(format!(
            "a {} payment has nothing to allocate",
            p.status().label().to_lowercase()
        )));
    }
    if add_allocations(&mut tx, actor, &p, rows).await? == 0 {
        return Err(AppError::field("allocations", "allocate an amount to at least one invoice"));
    }
    let row = db::payments::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Takes an allocation back: its amount becomes the account's credit again and the invoice reopens.
pub async fn remove_allocation(
    pool: &Pool,
    actor: &Actor,
    payment_id: i64,
    allocation_id: i64,
) -> Result<PaymentDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let p = locked(&mut tx, payment_id).await?;
    let alloc = db::payments::allocations_of_payment(&mut *tx, payment_id)
        .await?
        .into_iter()
        .find(|a| a.id == allocation_id)
        .ok_or(AppError::NotFound)?;
    db::invoices::lock(&mut tx, alloc.invoice_id).await?;
    db::payments::reduce_allocation(&mut tx, allocation_id, 0).await?;
    db::payments::refresh_sums(&mut tx, payment_id).await?;
    let c = p.currency();
    let note = format!("{}: {} back to the account's credit", p.number, c.format(c.from_minor(alloc.amount_minor)));
    timeline::record(
        &mut tx,
        Some(actor),
        invoices::ENTITY,
        alloc.invoice_id,
        "payment_unallocated",
        None,
        Some(&note),
    )
    .await?;
    timeline::record(&mut tx, Some(actor), ENTITY, payment_id, "unallocated", None, Some(&note)).await?;
    if p.status().counts() {
        settle_invoice(&mut tx, Some(actor), alloc.invoice_id).await?;
    }
    let row = db::payments::by_id(&mut *tx, payment_id).await?.ok_or(AppError::NotFound)?;
    db::commit(tx).await?;
    Ok(row.to_dto())
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

/// Whether any payment allocation (even a pending one) points at the invoice.
pub async fn has_allocations(tx: &mut Tx, invoice_id: i64) -> Result<bool, AppError> {
    Ok(!db::payments::allocations_of_invoice(&mut **tx, invoice_id).await?.is_empty())
}

/// The invoice statuses a payment may go to.
pub fn is_payable(status: InvoiceStatus) -> bool {
    status.is_open()
}
