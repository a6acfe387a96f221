//! Each billing period's invoice of a contract's terms, written in the caller's transaction: the
//! first period of a term as soon as the term exists (billing is in advance), later periods when
//! they start. The key (term, period) of `contract_invoices` holds one invoice per period, so a
//! renewal or job that runs twice cannot invoice twice.
use super::ENTITY;
use crate::error::AppError;
use crate::model::contract_terms::{periods, split, Period};
use crate::model::lines::PricedLine;
use crate::model::money::LineInput;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::terms::TermRow, contracts::ContractRow, Tx};
use crate::server::service::{self, timeline};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The invoice lines of one period of a term: the term's lines as they are when the term is
/// invoiced at once; otherwise one line per term line carrying its share of the line's net
/// (shares that add up to the line exactly), at the line's tax rate.
fn period_lines(row: &ContractRow, lines: &[db::lines::LineRow], p: Period, count: u32) -> Vec<PricedLine> {
    let c = row.currency;
    lines
        .iter()
        .map(|l| {
            if count == 1 {
                return PricedLine {
                    source_line_id: None,
                    ..service::lines::requantify(c, l, service::lines::input_of(c, l).quantity)
                };
            }
            let share = split(l.net_minor, count)[(p.number - 1) as usize];
            PricedLine {
                product_id: l.product_id,
                description: format!("{} × {} — {} to {}", l.quantity, l.description, p.start, p.end),
                unit: "period".into(),
                tax_rate_id: l.tax_rate_id,
                source_line_id: None,
                input: LineInput {
                    quantity: Decimal::ONE,
                    unit_price: c.from_minor(share),
                    discount_percent: Decimal::ZERO,
                    tax_rate_percent: l.tax_rate_percent.parse().unwrap_or_default(),
                },
            }
        })
        .collect()
}

/// An invoice of the contract's account for `lines` (a period, or a change's prorated amounts),
/// written in the caller's transaction: a draft, issued when `issue` says so. Returns its id and
/// what happened to it ("INV-… issued" or "draft invoice #…"), and its total in minor units.
pub(super) async fn write_invoice(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &ContractRow,
    lines: &[PricedLine],
    notes: &str,
    issue: bool,
) -> Result<(i64, String, i64), AppError> {
    let c = row.currency;
    let (stored, t) = service::lines::stored(c, lines)?;
    let minor = |v| c.to_minor(v).map_err(|m| AppError::field("lines", m));
    let account = db::accounts::by_id(&mut **tx, row.account_id).await?.ok_or(AppError::NotFound)?;
    let draft = db::invoices::Draft {
        account_id: row.account_id,
        sales_order_id: None,
        owner_id: row.owner_id,
        currency: c.code(),
        due_date: None,
        payment_terms_days: account.payment_terms_days,
        billing_address: &account.billing_address,
        customer_reference: &row.number,
        notes,
        terms_text: &service::invoices::drafts::terms_text(account.payment_terms_days),
    };
    let total = minor(t.total)?;
    let id = db::invoices::insert_draft(tx, &draft, (minor(t.subtotal)?, minor(t.tax_total)?, total)).await?;
    db::invoices::LINES.insert(tx, id, 0, &stored).await?;
    let note = format!("from contract {}", row.number);
    timeline::record(tx, actor, service::invoices::ENTITY, id, "created", None, Some(&note)).await?;
    let done = if issue {
        let i = service::invoices::lifecycle::issue_in(tx, actor, id).await?;
        format!("{} issued", i.number.unwrap_or_default())
    } else {
        format!("draft invoice #{id}")
    };
    Ok((id, done, total))
}

/// Writes the invoice of period `p` of `term` and links it. Returns the invoice's id.
async fn invoice_period(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &ContractRow,
    term: &TermRow,
    p: Period,
    count: u32,
    issue: bool,
) -> Result<i64, AppError> {
    let c = row.currency;
    let lines = db::contracts::terms::LINES.lines(&mut **tx, term.id).await?;
    let what = if count == 1 { String::new() } else { format!(", period {} of {count}", p.number) };
    let notes = format!("{} · {} · term {}{what}: {} to {}", row.number, row.title, term.number, p.start, p.end);
    let (id, done, total) = write_invoice(tx, actor, row, &period_lines(row, &lines, p, count), &notes, issue).await?;
    db::contracts::terms::insert_period_invoice(tx, term.id, i64::from(p.number), p.start, p.end, id).await?;
    let note = format!("term {}{what}: {done} · {}", term.number, c.format(c.from_minor(total)));
    timeline::record(tx, actor, ENTITY, row.id, "invoiced", None, Some(&note)).await?;
    Ok(id)
}

/// What `bill_due` wrote: the new invoices, and whether they were issued (to email after commit).
#[derive(Debug, Default)]
pub struct Billed {
    pub invoices: Vec<i64>,
    pub issued: bool,
}

/// Invoices every period that is due on `day` and has no invoice yet — a term's first period as
/// soon as the term exists, later ones from their start — skipping periods before the contract's
/// `bill_from` (invoiced elsewhere) and terms that ended cancelled; then stores the next period
/// still to invoice. Call with the contract locked.
pub async fn bill_due(
    tx: &mut Tx,
    actor: Option<&Actor>,
    contract_id: i64,
    day: NaiveDate,
) -> Result<Billed, AppError> {
    let row = db::contracts::by_id(&mut **tx, contract_id).await?.ok_or(AppError::NotFound)?;
    let issue = db::contracts::settings::get(&mut **tx).await?.contract_invoice_mode == "issue";
    let done: HashSet<(i64, i64)> = db::contracts::terms::period_invoices(&mut **tx, contract_id)
        .await?
        .iter()
        .map(|i| (i.term_id, i.period))
        .collect();
    let mut billed = Billed { invoices: vec![], issued: issue };
    let mut next: Option<NaiveDate> = None;
    for term in db::contracts::terms::for_contract(&mut **tx, contract_id).await? {
        if term.outcome() == Some(crate::model::contract::TermOutcome::Cancelled) {
            continue;
        }
        let ps = periods(row.start_date, row.term_months as u32, term.number as u32, row.billing.cadence());
        let count = ps.len() as u32;
        for p in ps {
            if p.start < row.bill_from || done.contains(&(term.id, i64::from(p.number))) {
                continue;
            }
            if p.number == 1 || p.start <= day {
                billed.invoices.push(invoice_period(tx, actor, &row, &term, p, count, issue).await?);
            } else {
                next = Some(next.map_or(p.start, |n| n.min(p.start)));
            }
        }
    }
    db::contracts::set_next_bill_date(tx, contract_id, next).await?;
    Ok(billed)
}

/// Emails the invoices a renewal issued, after its transaction committed. A failure (no invoice
/// address, say) leaves the invoice issued and says so on the contract's timeline.
pub async fn send_issued(
    state: &crate::server::state::AppState,
    actor: Option<&Actor>,
    contract_id: i64,
    billed: &Billed,
) -> Result<(), AppError> {
    if !billed.issued {
        return Ok(());
    }
    for id in &billed.invoices {
        if let Err(e) = service::invoices::mail::send_as(state, actor, *id, &[]).await {
            let mut tx = db::begin_write(&state.pool).await?;
            let note = format!("invoice #{id} was issued but not emailed: {e}");
            timeline::record(&mut tx, actor, ENTITY, contract_id, "invoice_not_sent", None, Some(&note)).await?;
            db::commit(tx).await?;
        }
    }
    Ok(())
}
