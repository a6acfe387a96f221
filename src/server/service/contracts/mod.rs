//! Renewal / AMC contracts: who may do what, the list and the contract read with its terms, and
//! the rows as DTOs. Creating and editing are `edit`, the term-making events (activate, renew,
//! cancel, the preview) `renewal`, each billing period's invoice `billing`, and the daily catch-up
//! `jobs`. Every change writes the contract's timeline in the same transaction.
pub mod billing;
pub mod changes;
pub mod coverage;
pub mod customer;
pub mod edit;
pub mod jobs;
pub mod reminders;
pub mod renewal;
pub mod settings;
pub mod stats;

use crate::error::AppError;
use crate::model::contract::{ContractDto, ContractFilter, ContractLineDto, ContractStatus, TermDto, TermInvoiceDto};
use crate::model::contract_terms::{notice_deadline, term_end};
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::ContractRow, Pool};
use crate::server::service;
use chrono::{Duration, NaiveDate, Utc};

pub const ENTITY: &str = "contract";

/// Today, the day every date rule of a request is judged on (the jobs pass their own day).
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// Whether the actor may change the contract: managers and admins all; sales those they own or
/// whose account they own.
pub fn can_change(actor: &Actor, row: &ContractRow) -> bool {
    actor.role.can(Permission::EditAllContracts)
        || (actor.role.can(Permission::EditOwnContracts)
            && (row.owner_id == actor.id || row.account_owner_id == actor.id))
}

pub(crate) fn require_change(actor: &Actor, row: &ContractRow) -> Result<(), AppError> {
    if can_change(actor, row) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The term a renewal made and that has not started on `day` yet.
pub fn renewed_ahead(row: &ContractRow, day: NaiveDate) -> bool {
    row.term_number > 1 && row.last_start.is_some_and(|s| s > day)
}

/// The row as the API and pages read it, judged on `day`: the current term is the one running
/// (the previous one while a renewal waits for its start); a pending contract shows its first term.
pub fn dto(row: &ContractRow, day: NaiveDate) -> ContractDto {
    let c = row.currency;
    let ahead = renewed_ahead(row, day);
    let (term_number, end_date, amount) = match (row.term_number, ahead) {
        (0, _) => {
            let end = term_end(row.start_date, row.term_months as u32, 1).unwrap_or(row.end_date);
            (1, end, row.total_minor)
        }
        (n, true) => {
            (n - 1, row.last_start.map(|s| s - Duration::days(1)).unwrap_or(row.end_date), row.prev_total.unwrap_or(0))
        }
        (n, false) => (n, row.end_date, row.last_total.unwrap_or(row.total_minor)),
    };
    let notice_date = notice_deadline(end_date, row.notice_days as u32);
    ContractDto {
        id: row.id,
        number: row.number.clone(),
        account_id: row.account_id,
        account_name: row.account_name.clone(),
        contact_id: row.contact_id,
        contact_name: row.contact_name.clone(),
        owner_id: row.owner_id,
        owner_name: row.owner_name.clone(),
        title: row.title.clone(),
        status: row.status,
        currency: c.to_string(),
        term_months: row.term_months,
        billing: row.billing,
        start_date: row.start_date,
        bill_from: row.bill_from,
        term_number,
        end_date,
        renewed_until: ahead.then_some(row.end_date),
        auto_renew: row.auto_renew,
        notice_days: row.notice_days,
        notice_date,
        notice_passed: row.status == ContractStatus::Active
            && !ahead
            && row.cancel_at.is_none()
            && day > notice_date
            && day <= end_date,
        uplift_kind: row.uplift_kind,
        uplift_percent: row.uplift_percent.clone(),
        uplift_cap: row.uplift_cap.clone(),
        uplift_floor: row.uplift_floor.clone(),
        uplift_index_base: row.uplift_index_base.clone(),
        sla_tier: row.sla_tier.clone(),
        sales_order_id: row.sales_order_id,
        opportunity_id: row.opportunity_id,
        cancel_reason: row.cancel_reason.clone(),
        cancel_at: row.cancel_at,
        notes: row.notes.clone(),
        amount: c.from_minor(amount).to_string(),
        lines_total: c.from_minor(row.total_minor).to_string(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

pub fn line_dto(c: Currency, l: &db::lines::LineRow) -> ContractLineDto {
    service::lines::line_dto!(ContractLineDto, c, l)
}

fn resolve_filter(actor: &Actor, f: &ContractFilter, day: NaiveDate) -> Result<db::contracts::Filter, AppError> {
    let statuses = match f.status.trim() {
        "" | "all" => vec![],
        "live" => vec![ContractStatus::Pending.as_str(), ContractStatus::Active.as_str()],
        s => vec![ContractStatus::parse(s).map_err(|m| AppError::field("status", m))?.as_str()],
    };
    let id = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            "me" if field == "owner" => Ok(Some(actor.id)),
            v => v.parse().map(Some).map_err(|_| AppError::field(field, "must be an id")),
        }
    };
    let due_within = match f.due.trim() {
        "" => None,
        d @ ("30" | "60" | "90") => Some((day, day + Duration::days(d.parse().unwrap_or(30)))),
        _ => return Err(AppError::field("due", "must be 30, 60 or 90")),
    };
    let yes_no = |field: &str, v: &str| -> Result<Option<bool>, AppError> {
        match v.trim() {
            "" => Ok(None),
            "1" | "true" => Ok(Some(true)),
            "0" | "false" => Ok(Some(false)),
            _ => Err(AppError::field(field, "must be 1 or 0")),
        }
    };
    let by_end = match f.sort.trim() {
        "" | "newest" => false,
        "end" => true,
        _ => return Err(AppError::field("sort", "must be newest or end")),
    };
    Ok(db::contracts::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        statuses,
        due_within,
        notice_passed_on: yes_no("notice_passed", &f.notice_passed)?.filter(|y| *y).map(|_| day),
        auto_renew: yes_no("auto_renew", &f.auto_renew)?,
        account_id: id("account", &f.account)?,
        owner_id: id("owner", &f.owner)?,
        by_end,
    })
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &ContractFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<ContractDto>, AppError> {
    actor.require(Permission::ViewContracts)?;
    let day = today();
    let filter = resolve_filter(actor, f, day)?;
    let rows = db::contracts::page(pool, &filter, position, limit).await?;
    let order = db::contracts::order(filter.by_end);
    Ok(ListPage::from_rows(rows, limit, position, |r| order.cursor(&r.end_date.to_string(), r.id))
        .map(|r| dto(&r, day)))
}

/// A contract with its covered lines and its terms (first to last, each with lines and invoices).
pub struct Detail {
    pub row: ContractRow,
    pub contract: ContractDto,
    pub lines: Vec<ContractLineDto>,
    /// The covered lines' totals (the next term's before uplift).
    pub totals: crate::model::money::DocumentTotals,
    pub terms: Vec<TermDto>,
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    actor.require(Permission::ViewContracts)?;
    let row = db::contracts::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let c = row.currency;
    let lines = db::contracts::LINES.lines(pool, id).await?;
    let invoices = db::contracts::terms::period_invoices(pool, id).await?;
    let changes = db::contracts::changes::for_contract(pool, id).await?;
    let mut terms = vec![];
    for t in db::contracts::terms::for_contract(pool, id).await? {
        let term_lines = db::contracts::terms::LINES.lines(pool, t.id).await?;
        let invoices: Vec<TermInvoiceDto> = invoices
            .iter()
            .filter(|i| i.term_id == t.id)
            .map(|i| TermInvoiceDto {
                period: i.period,
                period_start: i.period_start,
                period_end: i.period_end,
                invoice_id: i.invoice_id,
                invoice_number: i.invoice_number.clone(),
                invoice_status: i.invoice_status.clone(),
                total: c.from_minor(i.total_minor).to_string(),
            })
            .collect();
        terms.push(TermDto {
            number: t.number,
            start_date: t.start_date,
            end_date: t.end_date,
            uplift_percent: t.uplift_percent.clone(),
            subtotal: c.from_minor(t.subtotal_minor).to_string(),
            tax_total: c.from_minor(t.tax_total_minor).to_string(),
            amount: c.from_minor(t.total_minor).to_string(),
            invoice_id: invoices.first().map(|i| i.invoice_id),
            invoices,
            outcome: t.outcome(),
            origin: t.origin,
            lines: term_lines.iter().map(|l| line_dto(c, l)).collect(),
            changes: changes.iter().filter(|x| x.term_id == t.id).map(|x| changes::dto(c, x)).collect(),
        });
    }
    let inputs: Vec<_> = lines.iter().map(|l| service::lines::input_of(c, l)).collect();
    Ok(Detail {
        contract: dto(&row, today()),
        totals: crate::model::money::document_totals(c, &inputs),
        lines: lines.iter().map(|l| line_dto(c, l)).collect(),
        terms,
        row,
    })
}
