//! The events that make terms: activation (with the history of a contract that began earlier),
//! renewal — by hand, by the customer or automatically, always through `renew_in`, so the preview
//! and the renewal price each line by the same function — expiry and cancellation. A term is
//! claimed by its number (`contract_terms` is unique per contract and number) with the contract
//! locked, so whatever runs twice, retries or races writes one term and one invoice.
use super::billing::{self, Billed};
use super::{renewed_ahead, require_change, ENTITY};
use crate::error::AppError;
use crate::model::contract::{
    transition, CancelForm, CancelWhen, ContractDto, ContractEvent, ContractFacts, ContractStatus, PreviewLineDto,
    RenewalPreviewDto, TermOrigin, TermOutcome, UpliftKind,
};
use crate::model::contract_terms::{
    notice_deadline, term_containing, term_end, term_start, uplifted_price, Uplift, UpliftRule,
};
use crate::model::lines::PricedLine;
use crate::model::money::DocumentTotals;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::settings::SettingsRow, contracts::ContractRow, lines::NewLine, Tx};
use crate::server::service::{self, timeline};
use crate::server::state::AppState;
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;

fn decimal(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|v| v.parse::<Decimal>().ok())
}

/// The contract's uplift rule as stored, with the price index as it stands now.
fn rule(row: &ContractRow, settings: &SettingsRow) -> UpliftRule {
    let uplift = match row.uplift_kind {
        UpliftKind::None => Uplift::None,
        UpliftKind::Percent => Uplift::Percent(decimal(&row.uplift_percent).unwrap_or_default()),
        UpliftKind::Index => match decimal(&row.uplift_index_base) {
            Some(base) => Uplift::Index { base, current: decimal(&settings.price_index_value) },
            None => Uplift::None,
        },
    };
    UpliftRule { uplift, cap: decimal(&row.uplift_cap), floor: decimal(&row.uplift_floor) }
}

/// How the percentage came about, in words for the preview and the timeline.
fn reason(rule: &UpliftRule, percent: Decimal, settings: &SettingsRow) -> String {
    let raw = UpliftRule { cap: None, floor: None, ..*rule }.percent();
    let held = if raw == percent {
        String::new()
    } else if rule.cap.is_some_and(|c| percent == c) {
        format!(" (held at the cap of {percent} %)")
    } else {
        format!(" (held at the floor of {percent} %)")
    };
    match rule.uplift {
        Uplift::None => "No price change on renewal.".into(),
        Uplift::Percent(p) => format!("A fixed uplift of {p} %{held}."),
        Uplift::Index { current: None, .. } => {
            format!("No index value is entered for {}: prices stay as they are.", index_name(settings))
        }
        Uplift::Index { base, current: Some(now) } => {
            format!("{} moved from {base} to {now}: {raw} %{held}.", index_name(settings))
        }
    }
}

fn index_name(s: &SettingsRow) -> String {
    if s.price_index_name.trim().is_empty() {
        "The price index".into()
    } else {
        s.price_index_name.clone()
    }
}

/// The next term as a renewal would write it.
pub struct NextTerm {
    pub number: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub percent: Decimal,
    pub reason: String,
    pub old: Vec<db::lines::LineRow>,
    pub new: Vec<PricedLine>,
    pub stored: Vec<NewLine>,
    pub totals: DocumentTotals,
}

/// Computes term `number` from the covered lines: dates on the anniversary, each unit price
/// uplifted by the rule — unless `as_entered` (the first term, and the terms activation writes
/// for a contract that began earlier: its lines carry the prices of the running term).
fn next_term(
    row: &ContractRow,
    lines: Vec<db::lines::LineRow>,
    settings: &SettingsRow,
    number: i64,
    as_entered: bool,
) -> Result<NextTerm, AppError> {
    let c = row.currency;
    let months = row.term_months as u32;
    let n = number as u32;
    let (Some(start), Some(end)) = (term_start(row.start_date, months, n), term_end(row.start_date, months, n)) else {
        return Err(AppError::invalid_transition("the next term would end past the calendar's end"));
    };
    let rule = rule(row, settings);
    let percent = if as_entered { Decimal::ZERO } else { rule.percent() };
    let new: Vec<PricedLine> = lines
        .iter()
        .map(|l| {
            let mut p = service::lines::requantify(c, l, service::lines::input_of(c, l).quantity);
            p.source_line_id = None;
            p.input.unit_price = uplifted_price(c, p.input.unit_price, percent);
            p
        })
        .collect();
    let (stored, totals) = service::lines::stored(c, &new)?;
    let reason = if as_entered { "Prices as entered.".into() } else { reason(&rule, percent, settings) };
    Ok(NextTerm { number, start, end, percent, reason, old: lines, new, stored, totals })
}

/// What renewing now would write, before anything is written.
pub async fn preview(pool: &db::Pool, actor: &Actor, id: i64) -> Result<RenewalPreviewDto, AppError> {
    actor.require(Permission::ViewContracts)?;
    let row = db::contracts::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let lines = db::contracts::LINES.lines(pool, id).await?;
    let settings = db::contracts::settings::get(pool).await?;
    let next = next_term(&row, lines, &settings, row.term_number + 1, row.term_number == 0)?;
    Ok(preview_dto(&row, &next))
}

/// `preview` in the caller's transaction (the customer's page, the offer email).
pub(super) async fn preview_of(tx: &mut Tx, row: &ContractRow) -> Result<RenewalPreviewDto, AppError> {
    let lines = db::contracts::LINES.lines(&mut **tx, row.id).await?;
    let settings = db::contracts::settings::get(&mut **tx).await?;
    let next = next_term(row, lines, &settings, row.term_number + 1, row.term_number == 0)?;
    Ok(preview_dto(row, &next))
}

fn preview_dto(row: &ContractRow, t: &NextTerm) -> RenewalPreviewDto {
    let c = row.currency;
    RenewalPreviewDto {
        term_number: t.number,
        start_date: t.start,
        end_date: t.end,
        uplift_percent: t.percent.normalize().to_string(),
        uplift_reason: t.reason.clone(),
        currency: c.to_string(),
        current_amount: c.from_minor(row.last_total.unwrap_or(row.total_minor)).to_string(),
        subtotal: t.totals.subtotal.to_string(),
        tax_total: t.totals.tax_total.to_string(),
        amount: t.totals.total.to_string(),
        lines: t
            .old
            .iter()
            .zip(&t.new)
            .zip(&t.totals.lines)
            .map(|((o, n), nt)| PreviewLineDto {
                description: o.description.clone(),
                quantity: o.quantity.clone(),
                unit_price: c.from_minor(o.unit_price_minor).to_string(),
                new_unit_price: n.input.unit_price.to_string(),
                net: c.from_minor(o.net_minor).to_string(),
                new_net: nt.net.to_string(),
            })
            .collect(),
    }
}

/// What the machine knows about the contract on `day` (the detail page asks it too).
pub(crate) fn facts(row: &ContractRow, day: NaiveDate, grace_days: i64) -> ContractFacts {
    ContractFacts {
        today: day,
        end_date: row.end_date,
        renewed_ahead: renewed_ahead(row, day),
        cancel_scheduled: row.cancel_at.is_some(),
        grace_days: grace_days.clamp(0, 365) as u32,
    }
}

/// Writes term `number` (claimed by its number: a second writer gets 409), its lines, the covered
/// lines at their new prices, the index base, the schedule, and how the previous term ended.
async fn write_term(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &ContractRow,
    t: &NextTerm,
    origin: TermOrigin,
    outcome: Option<TermOutcome>,
    settings: &SettingsRow,
) -> Result<(), AppError> {
    let c = row.currency;
    let minor = |v| c.to_minor(v).map_err(|m| AppError::field("lines", m));
    let totals = (minor(t.totals.subtotal)?, minor(t.totals.tax_total)?, minor(t.totals.total)?);
    let percent = t.percent.normalize().to_string();
    let term = db::contracts::terms::NewTerm {
        contract_id: row.id,
        number: t.number,
        start_date: t.start,
        end_date: t.end,
        uplift_percent: &percent,
        totals,
        origin,
        outcome,
        created_by: actor.map(|a| a.id),
    };
    let Some(term_id) = db::contracts::terms::insert(tx, &term).await? else {
        return Err(AppError::invalid_transition(format!("term {} is already renewed", t.number)));
    };
    db::contracts::terms::LINES.insert(tx, term_id, 0, &t.stored).await?;
    if !t.percent.is_zero() {
        db::contracts::LINES.replace(tx, row.id, &t.stored).await?;
        db::contracts::set_totals(tx, row.id, totals).await?;
    }
    if row.uplift_kind == UpliftKind::Index && t.number > 1 && settings.price_index_value.is_some() {
        db::contracts::set_index_base(tx, row.id, settings.price_index_value.clone()).await?;
    }
    if t.number > 1 {
        db::contracts::terms::set_outcome(tx, row.id, t.number - 1, TermOutcome::Renewed).await?;
    }
    let schedule = db::contracts::Schedule {
        term_number: t.number,
        end_date: t.end,
        notice_date: notice_deadline(t.end, row.notice_days as u32),
        next_bill_date: row.next_bill_date,
    };
    db::contracts::set_schedule(tx, row.id, &schedule).await?;
    if origin != TermOrigin::History {
        let note = format!(
            "term {}: {} to {} · {} · uplift {percent} % · {}",
            t.number,
            t.start,
            t.end,
            c.format(t.totals.total),
            origin.label().to_lowercase()
        );
        let kind = if origin == TermOrigin::Activation { "term_started" } else { "renewed" };
        timeline::record(tx, actor, ENTITY, row.id, kind, None, Some(&note)).await?;
    }
    Ok(())
}

/// Activates a pending contract on `day`: its first term, or — for a contract that began earlier —
/// every term up to the one running on `day` (the earlier ones as entered history), then the
/// invoices due. Call with the contract locked.
pub(super) async fn activate_in(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &ContractRow,
    day: NaiveDate,
) -> Result<Billed, AppError> {
    let settings = db::contracts::settings::get(&mut **tx).await?;
    transition(row.status, ContractEvent::Activate, facts(row, day, settings.contract_grace_days))
        .map_err(AppError::invalid_transition)?;
    let running = if row.start_date <= day { term_containing(row.start_date, row.term_months as u32, day) } else { 1 };
    let mut current = row.clone();
    for n in 1..=i64::from(running) {
        let lines = db::contracts::LINES.lines(&mut **tx, row.id).await?;
        let t = next_term(&current, lines, &settings, n, true)?;
        let (origin, outcome) = if n < i64::from(running) {
            (TermOrigin::History, Some(TermOutcome::Renewed))
        } else {
            (TermOrigin::Activation, None)
        };
        write_term(tx, actor, &current, &t, origin, outcome, &settings).await?;
        current = db::contracts::by_id(&mut **tx, row.id).await?.ok_or(AppError::NotFound)?;
    }
    db::contracts::set_status(tx, row.id, ContractStatus::Active).await?;
    let note =
        if running > 1 { format!("entered running: terms 1 to {} as history", running - 1) } else { String::new() };
    timeline::record(
        tx,
        actor,
        ENTITY,
        row.id,
        "status_changed",
        Some(("pending", "active")),
        (!note.is_empty()).then_some(note.as_str()),
    )
    .await?;
    billing::bill_due(tx, actor, row.id, day).await
}

/// Renews a contract on `day` through the machine: the next term at the uplifted prices and its
/// first invoice. Call with the contract locked.
pub(super) async fn renew_in(
    tx: &mut Tx,
    actor: Option<&Actor>,
    row: &ContractRow,
    day: NaiveDate,
    origin: TermOrigin,
) -> Result<Billed, AppError> {
    let settings = db::contracts::settings::get(&mut **tx).await?;
    let to = transition(row.status, ContractEvent::Renew, facts(row, day, settings.contract_grace_days))
        .map_err(AppError::invalid_transition)?;
    let lines = db::contracts::LINES.lines(&mut **tx, row.id).await?;
    let t = next_term(row, lines, &settings, row.term_number + 1, false)?;
    write_term(tx, actor, row, &t, origin, None, &settings).await?;
    if to != row.status {
        db::contracts::set_status(tx, row.id, to).await?;
        let change = Some((row.status.as_str(), to.as_str()));
        timeline::record(tx, actor, ENTITY, row.id, "status_changed", change, Some("renewed within the grace period"))
            .await?;
    }
    billing::bill_due(tx, actor, row.id, day).await
}

/// Expires an active contract whose last term ended unrenewed. Call with the contract locked.
pub(super) async fn expire_in(tx: &mut Tx, row: &ContractRow, day: NaiveDate) -> Result<(), AppError> {
    let settings = db::contracts::settings::get(&mut **tx).await?;
    transition(row.status, ContractEvent::Expire, facts(row, day, settings.contract_grace_days))
        .map_err(AppError::invalid_transition)?;
    db::contracts::set_status(tx, row.id, ContractStatus::Expired).await?;
    db::contracts::terms::set_outcome(tx, row.id, row.term_number, TermOutcome::Expired).await?;
    db::contracts::set_next_bill_date(tx, row.id, None).await?;
    let note = format!("term {} ended on {} without renewal", row.term_number, row.end_date);
    timeline::record(tx, None, ENTITY, row.id, "status_changed", Some(("active", "expired")), Some(&note)).await
}

/// Ends a contract whose cancellation at the term's end took effect. Call with the contract locked.
pub(super) async fn end_cancelled_in(tx: &mut Tx, row: &ContractRow) -> Result<(), AppError> {
    let reason = row.cancel_reason.clone().unwrap_or_default();
    db::contracts::set_cancellation(tx, row.id, ContractStatus::Cancelled, &reason, row.cancel_at, Some(Utc::now()))
        .await?;
    db::contracts::terms::set_outcome(tx, row.id, row.term_number, TermOutcome::Cancelled).await?;
    let note = format!("cancelled at the term's end ({}): {reason}", row.end_date);
    timeline::record(tx, None, ENTITY, row.id, "status_changed", Some(("active", "cancelled")), Some(&note)).await
}

/// Activates a pending contract by hand (the first term may start later).
pub async fn activate(state: &AppState, actor: &Actor, id: i64) -> Result<ContractDto, AppError> {
    by_hand(state, actor, id, ContractEvent::Activate, super::today()).await
}

/// Renews now by hand: the next term (starting the day after the current one ends) and its
/// invoice, exactly once — a second call while that term waits for its start is a 409.
pub async fn renew(state: &AppState, actor: &Actor, id: i64) -> Result<ContractDto, AppError> {
    by_hand(state, actor, id, ContractEvent::Renew, super::today()).await
}

/// `renew` as on `day` (the demo data replays its contracts' history).
pub(crate) async fn renew_on(
    state: &AppState,
    actor: &Actor,
    id: i64,
    day: NaiveDate,
) -> Result<ContractDto, AppError> {
    by_hand(state, actor, id, ContractEvent::Renew, day).await
}

/// Activation or renewal by a person on `day`: the contract locked, the actor's right checked,
/// the step, the commit, then the issued invoices emailed.
async fn by_hand(
    state: &AppState,
    actor: &Actor,
    id: i64,
    event: ContractEvent,
    day: NaiveDate,
) -> Result<ContractDto, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    require_change(actor, &row)?;
    let billed = match event {
        ContractEvent::Activate => activate_in(&mut tx, Some(actor), &row, day).await?,
        _ => renew_in(&mut tx, Some(actor), &row, day, TermOrigin::Manual).await?,
    };
    let row = db::contracts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    billing::send_issued(state, Some(actor), id, &billed).await?;
    Ok(super::dto(&row, super::today()))
}

/// Cancels now (the running term ends cancelled; a renewal waiting to start never starts) or at
/// the term's end (no renewal; the renewal job ends it the day after).
pub async fn cancel(pool: &db::Pool, actor: &Actor, id: i64, form: &CancelForm) -> Result<ContractDto, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let (reason, when) = form.parse()?;
    let day = super::today();
    let mut tx = db::begin_write(pool).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    require_change(actor, &row)?;
    let settings = db::contracts::settings::get(&mut *tx).await?;
    transition(row.status, ContractEvent::Cancel, facts(&row, day, settings.contract_grace_days))
        .map_err(AppError::invalid_transition)?;
    match when {
        CancelWhen::TermEnd if row.status == ContractStatus::Pending => {
            return Err(AppError::field("effective", "a pending contract is cancelled now"));
        }
        CancelWhen::TermEnd if renewed_ahead(&row, day) => {
            return Err(AppError::invalid_transition(format!(
                "already renewed until {}: cancel now and credit the renewal's invoice",
                row.end_date
            )));
        }
        CancelWhen::TermEnd if row.cancel_at.is_some() => {
            return Err(AppError::invalid_transition("a cancellation at the term's end is already scheduled"));
        }
        CancelWhen::TermEnd => {
            db::contracts::set_cancellation(&mut tx, id, ContractStatus::Active, &reason, Some(row.end_date), None)
                .await?;
            let note = format!("at the term's end, {}: {reason}", row.end_date);
            timeline::record(&mut tx, Some(actor), ENTITY, id, "cancellation_scheduled", None, Some(&note)).await?;
        }
        CancelWhen::Now => {
            db::contracts::set_cancellation(&mut tx, id, ContractStatus::Cancelled, &reason, None, Some(Utc::now()))
                .await?;
            if row.term_number > 0 {
                db::contracts::terms::set_outcome(&mut tx, id, row.term_number, TermOutcome::Cancelled).await?;
            }
            if renewed_ahead(&row, day) {
                db::contracts::terms::set_outcome(&mut tx, id, row.term_number - 1, TermOutcome::Cancelled).await?;
            }
            let change = Some((row.status.as_str(), "cancelled"));
            timeline::record(&mut tx, Some(actor), ENTITY, id, "status_changed", change, Some(&reason)).await?;
        }
    }
    let row = db::contracts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(super::dto(&row, day))
}
