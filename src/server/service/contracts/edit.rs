//! Entering and editing contracts: the form checked against the database (account, contact,
//! owner, the order or won deal it comes from), the covered lines priced by `service::lines`, and
//! a new contract's form from a sales order's service and subscription lines.
use super::{require_change, ENTITY};
use crate::error::AppError;
use crate::model::contract::{ContractDto, ContractForm, ContractInput, ContractStatus, UpliftKind};
use crate::model::contract_terms::{notice_deadline, term_containing, term_end, term_start};
use crate::model::lines::LineForm;
use crate::model::money::{Currency, NO_ACCOUNT_YET};
use crate::model::opportunity::Stage;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::ContractRow, lines::NewLine, Pool, Tx};
use crate::server::service::{self, accounts, numbering, timeline};
use chrono::NaiveDate;

/// A checked contract ready to store.
struct Prepared {
    input: ContractInput,
    owner_id: i64,
    currency: Currency,
    bill_from: NaiveDate,
    lines: Vec<NewLine>,
    totals: db::contracts::Totals,
}

/// Checks the form against the database and prices the lines; `current` is the stored contract
/// when editing. Field and line errors come back together.
async fn prepare(
    tx: &mut Tx,
    actor: &Actor,
    form: &ContractForm,
    lines: &[LineForm],
    current: Option<&ContractRow>,
) -> Result<Prepared, AppError> {
    let input = ContractInput::parse(form);
    let mut errors = input.as_ref().err().cloned().unwrap_or_default();
    let typed = input.as_ref().ok().map(|h| h.account_id);
    let account = accounts::for_document(tx, current.map(|c| c.account_id), typed, &mut errors).await?;
    let currency = match (current, &account) {
        (Some(c), _) => c.currency,
        (None, Some(a)) => Currency::from_db(&a.currency, "account", a.id)?,
        (None, None) => NO_ACCOUNT_YET,
    };
    if let (Ok(h), Some(a)) = (&input, &account) {
        if current.is_none() && a.owner_id != actor.id && !actor.role.can(Permission::EditAllContracts) {
            errors.add("account_id", "is not one of your accounts: its owner or a manager enters its contracts");
        }
        if let Some(cid) = h.contact_id {
            match db::contacts::by_id(&mut **tx, cid).await? {
                Some(c) if c.account_id == a.id => {}
                _ => errors.add("contact_id", "must be a contact of this account"),
            }
        }
        if let Some(oid) = h.sales_order_id {
            match db::sales_orders::by_id(&mut **tx, oid).await? {
                Some(o) if o.account_id == a.id => {}
                Some(_) => errors.add("sales_order_id", "belongs to another account"),
                None => errors.add("sales_order_id", "must be chosen from the list"),
            }
        }
        if let Some(oid) = h.opportunity_id {
            match db::opportunities::by_id(&mut **tx, oid).await? {
                Some(o) if o.account_id != a.id => errors.add("opportunity_id", "belongs to another account"),
                Some(o) if o.stage() != Stage::Won => errors.add("opportunity_id", "must be a won opportunity"),
                Some(_) => {}
                None => errors.add("opportunity_id", "must be chosen from the list"),
            }
        }
        if let Some(c) = current.filter(|c| c.status != ContractStatus::Pending) {
            let moved = h.start_date != c.start_date
                || i64::from(h.term_months) != c.term_months
                || h.billing != c.billing
                || h.bill_from.is_some_and(|b| b != c.bill_from);
            if moved {
                errors.add("start_date", "start, term length and billing change only while the contract is pending");
            }
        }
        if h.uplift.kind == UpliftKind::Index
            && db::contracts::settings::get(&mut **tx).await?.price_index_value.is_none()
        {
            errors.add("uplift_kind", "enter the price index in the renewal settings first");
        }
    }
    let priced = service::lines::price(tx, currency, lines, &mut errors).await?;
    if priced.is_empty() && errors.get("lines").is_none() {
        errors.add("lines", "add at least one covered product or service");
    }
    let input = match (input, account) {
        (Ok(h), Some(_)) if errors.is_empty() => h,
        _ => return Err(errors.into()),
    };
    let current_owner = current.map(|c| c.owner_id);
    let owner_id = input.owner_id.or(current_owner).unwrap_or(actor.id);
    if Some(owner_id) != current_owner {
        if owner_id != actor.id && !actor.role.can(Permission::EditAllContracts) {
            return Err(AppError::field("owner_id", "only a manager can give a contract to someone else"));
        }
        accounts::check_owner(tx, owner_id).await?;
    }
    let (stored, t) = service::lines::stored(currency, &priced)?;
    let minor = |v| currency.to_minor(v).map_err(|m| AppError::field("lines", m));
    Ok(Prepared {
        owner_id,
        currency,
        bill_from: bill_from(&input, super::today()),
        totals: (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?),
        lines: stored,
        input,
    })
}

/// An empty "invoice from": the start, or for a contract that began earlier the running term's
/// start (its earlier terms were invoiced before it was entered here).
fn bill_from(h: &ContractInput, day: NaiveDate) -> NaiveDate {
    h.bill_from.unwrap_or_else(|| {
        if h.start_date < day {
            term_start(h.start_date, h.term_months, term_containing(h.start_date, h.term_months, day))
                .unwrap_or(h.start_date)
        } else {
            h.start_date
        }
    })
}

fn percent_text(p: Option<rust_decimal::Decimal>) -> Option<String> {
    p.map(|v| v.normalize().to_string())
}

fn header(p: &Prepared) -> db::contracts::Header<'_> {
    let h = &p.input;
    db::contracts::Header {
        account_id: h.account_id,
        contact_id: h.contact_id,
        owner_id: p.owner_id,
        title: &h.title,
        currency: p.currency.code(),
        term_months: i64::from(h.term_months),
        billing: h.billing.as_str(),
        start_date: h.start_date,
        bill_from: p.bill_from,
        auto_renew: h.auto_renew,
        notice_days: i64::from(h.notice_days),
        uplift_kind: h.uplift.kind.as_str(),
        uplift_percent: percent_text(h.uplift.percent),
        uplift_cap: percent_text(h.uplift.cap),
        uplift_floor: percent_text(h.uplift.floor),
        sla_tier: h.sla_tier.clone(),
        sales_order_id: h.sales_order_id,
        opportunity_id: h.opportunity_id,
        notes: &h.notes,
    }
}

fn summary(p: &Prepared) -> String {
    let c = p.currency;
    let h = &p.input;
    format!(
        "{} per {}-month term · {} line(s) · {}",
        c.format(c.from_minor(p.totals.2)),
        h.term_months,
        p.lines.len(),
        if h.auto_renew { "renews automatically" } else { "renews by hand" }
    )
}

/// The first term's end and notice deadline of a contract as entered.
fn first_term(h: &ContractInput) -> Result<(NaiveDate, NaiveDate), AppError> {
    let end =
        term_end(h.start_date, h.term_months, 1).ok_or_else(|| AppError::field("start_date", "is too far ahead"))?;
    Ok((end, notice_deadline(end, h.notice_days)))
}

/// Enters a pending contract with its number (`AMC-YYYY-NNNNNN` of this year). It becomes
/// active when activated or when its start date arrives (the renewal job).
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    form: &ContractForm,
    lines: &[LineForm],
) -> Result<ContractDto, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(pool).await?;
    let p = prepare(&mut tx, actor, form, lines, None).await?;
    let (end, notice) = first_term(&p.input)?;
    let number = numbering::next_number(&mut tx, "contract", super::today()).await?;
    let id = db::contracts::insert(&mut tx, &number, &header(&p), p.totals, end, notice).await?;
    db::contracts::LINES.insert(&mut tx, id, 0, &p.lines).await?;
    if p.input.uplift.kind == UpliftKind::Index {
        let base = db::contracts::settings::get(&mut *tx).await?.price_index_value;
        db::contracts::set_index_base(&mut tx, id, base).await?;
    }
    timeline::record(&mut tx, Some(actor), ENTITY, id, "created", None, Some(&summary(&p))).await?;
    if let Some(order) = p.input.sales_order_id {
        let note = format!("{number} · {}", p.input.title);
        timeline::record(
            &mut tx,
            Some(actor),
            service::sales_orders::ENTITY,
            order,
            "contract_created",
            None,
            Some(&note),
        )
        .await?;
    }
    let row = db::contracts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(super::dto(&row, super::today()))
}

/// Saves a pending or active contract. Its covered lines are the next term's lines: a running
/// term keeps the lines and prices it started with. Start, term length and billing change only
/// while pending.
pub async fn update(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    form: &ContractForm,
    lines: &[LineForm],
) -> Result<ContractDto, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::contracts::get_locked(&mut tx, id).await?;
    require_change(actor, &before)?;
    if !before.status.is_live() {
        return Err(AppError::invalid_transition(format!(
            "a {} contract does not change: renew it or enter a new one",
            before.status.label().to_lowercase()
        )));
    }
    let p = prepare(&mut tx, actor, form, lines, Some(&before)).await?;
    if p.owner_id != before.owner_id {
        let to = accounts::check_owner(&mut tx, p.owner_id).await?;
        timeline::record(&mut tx, Some(actor), ENTITY, id, "reassigned", Some((&before.owner_name, &to)), None).await?;
    }
    db::contracts::update(&mut tx, id, &header(&p), p.totals).await?;
    db::contracts::LINES.replace(&mut tx, id, &p.lines).await?;
    if p.input.uplift.kind == UpliftKind::Index && before.uplift_kind != UpliftKind::Index {
        let base = db::contracts::settings::get(&mut *tx).await?.price_index_value;
        db::contracts::set_index_base(&mut tx, id, base).await?;
    }
    let schedule = if before.status == ContractStatus::Pending {
        let (end, notice) = first_term(&p.input)?;
        db::contracts::Schedule { term_number: 0, end_date: end, notice_date: notice, next_bill_date: None }
    } else {
        db::contracts::Schedule {
            term_number: before.term_number,
            end_date: before.end_date,
            notice_date: notice_deadline(before.end_date, p.input.notice_days),
            next_bill_date: before.next_bill_date,
        }
    };
    db::contracts::set_schedule(&mut tx, id, &schedule).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, Some(&summary(&p))).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(super::dto(&row, super::today()))
}

/// A new contract's form and lines from a sales order: its account, contact and won deal, and
/// its service and subscription lines at the order's prices (all lines when it has none of those).
pub async fn from_order(
    pool: &Pool,
    actor: &Actor,
    order_id: i64,
) -> Result<(ContractForm, Vec<LineForm>, String), AppError> {
    actor.require(Permission::EditOwnContracts)?;
    actor.require(Permission::ViewOrders)?;
    let order = db::sales_orders::by_id(pool, order_id).await?.ok_or(AppError::NotFound)?;
    let c = order.currency();
    let rows = db::sales_orders::lines(pool, order_id).await?;
    let product_ids: Vec<i64> = rows.iter().filter_map(|r| r.line.product_id).collect();
    let recurring = db::products::recurring_ids(pool, &product_ids).await?;
    let mut chosen: Vec<_> =
        rows.iter().filter(|r| r.line.product_id.is_some_and(|p| recurring.contains(&p))).collect();
    if chosen.is_empty() {
        chosen = rows.iter().collect();
    }
    let lines = chosen.iter().map(|r| service::lines::form_of(c, &r.line)).collect();
    let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
    let form = ContractForm {
        account_id: order.account_id.to_string(),
        contact_id: id(order.contact_id),
        title: format!("Maintenance and support — {}", order.number),
        start_date: super::today().to_string(),
        term_months: "12".into(),
        notice_days: "30".into(),
        sales_order_id: order.id.to_string(),
        opportunity_id: id(order.opportunity_id),
        ..Default::default()
    };
    Ok((form, lines, order.number))
}
