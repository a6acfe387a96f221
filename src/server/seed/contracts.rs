//! Demo contracts, written through the real services and replayed day by day from their first
//! start as the renewal job and Manon the manager would have: every status, one to four terms of
//! history, uplifts compounding, one due within the month past its notice, one renewing by hand
//! soon, a quarterly one, one starting next month, one expired within its grace period and one
//! cancelled. Earlier terms count as invoiced elsewhere; the running terms have their invoices.
use crate::error::AppError;
use crate::model::contract::ContractForm;
use crate::model::contract_terms::{periods, term_end};
use crate::model::lines::LineForm;
use crate::model::permissions::Role;
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::service::contracts::{edit, jobs, renewal, today};
use crate::server::state::AppState;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeSet;

/// What happens to a demo contract besides the renewal job's work.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    Nothing,
    /// Renewed by hand this many days before each term's end.
    RenewByHand(i64),
    Cancel(&'static str),
}

/// (account index, title, first start as days from today, term months, billing, auto-renew,
/// notice days, uplift percent, lines as (description, quantity, unit, unit price), what else).
type Plan = (
    usize,
    &'static str,
    i64,
    u32,
    &'static str,
    bool,
    u32,
    &'static str,
    &'static [(&'static str, &'static str, &'static str, &'static str)],
    Then,
);

const PLANS: &[Plan] = &[
    (
        0,
        "Managed print service",
        -3 * 365 + 20,
        12,
        "per_term",
        true,
        30,
        "3",
        &[("Printer fleet maintenance", "12", "device", "180"), ("On-site visits", "6", "visit", "95")],
        Then::Nothing,
    ),
    (
        1,
        "Forklift maintenance",
        -2 * 365 + 50,
        12,
        "per_term",
        false,
        60,
        "2.5",
        &[("Forklift service plan", "4", "truck", "640")],
        Then::RenewByHand(20),
    ),
    (
        2,
        "Warehouse software support",
        -150,
        12,
        "quarterly",
        true,
        90,
        "4",
        &[("Software support (Gold)", "1", "year", "4800"), ("Support hours", "20", "h", "85")],
        Then::Nothing,
    ),
    (
        3,
        "Cold-room monitoring",
        30,
        12,
        "per_term",
        true,
        30,
        "",
        &[("Sensor monitoring", "8", "sensor", "120")],
        Then::Nothing,
    ),
    (
        4,
        "Scanner fleet care",
        -375,
        12,
        "per_term",
        false,
        30,
        "",
        &[("Handheld scanner care", "25", "device", "38")],
        Then::Nothing,
    ),
    (
        5,
        "Conveyor service plan",
        -240,
        12,
        "per_term",
        true,
        30,
        "5",
        &[("Conveyor inspection", "4", "visit", "450")],
        Then::Cancel("Replaced the conveyor line; the new one has its own warranty."),
    ),
    (
        6,
        "Dock door maintenance",
        -4 * 365 + 40,
        12,
        "monthly",
        true,
        30,
        "2",
        &[("Dock door service", "10", "door", "240")],
        Then::Nothing,
    ),
];

/// The plan's lines at the company's default tax rate.
fn lines(items: &[(&str, &str, &str, &str)], tax_rate_id: Option<i64>) -> Vec<LineForm> {
    items
        .iter()
        .map(|(d, q, u, p)| LineForm {
            description: d.to_string(),
            quantity: q.to_string(),
            unit: u.to_string(),
            unit_price: p.to_string(),
            tax_rate_id: tax_rate_id.map(|t| t.to_string()).unwrap_or_default(),
            ..Default::default()
        })
        .collect()
}

/// The days the job has work on for a contract up to `until`: its start, each term's last day
/// and the day after, each billing period's start.
fn job_days(
    first: NaiveDate,
    months: u32,
    cadence: crate::model::contract_terms::Cadence,
    until: NaiveDate,
) -> Vec<NaiveDate> {
    let mut days = vec![];
    for n in 1..200u32 {
        days.extend(periods(first, months, n, cadence).iter().map(|p| p.start).filter(|d| *d <= until));
        match term_end(first, months, n) {
            Some(end) if end <= until => days.extend([end, end + Duration::days(1)]),
            _ => break,
        }
    }
    days
}

pub async fn demo(state: &AppState) -> Result<(), AppError> {
    let pool = &state.pool;
    let Some(manon) = db::users::by_email(pool, "manager@example.com").await? else { return Ok(()) };
    let actor = Actor { id: manon.id, name: manon.name.clone(), role: Role::Manager };
    let accounts = db::seed::accounts_with_contact(pool, 12).await?;
    let tax_rate = db::settings::get(pool).await?.default_tax_rate_id;
    let now = today();
    let mut days: BTreeSet<NaiveDate> = BTreeSet::new();
    // (contract, days before each term's end it is renewed by hand)
    let mut by_hand: Vec<(i64, i64)> = vec![];
    let mut cancel: Vec<(i64, &str)> = vec![];
    for (account, title, start, months, billing, auto, notice, uplift, items, then) in PLANS {
        let Some(&(account_id, contact_id)) = accounts.get(*account) else { continue };
        let first = now + Duration::days(*start);
        let form = ContractForm {
            account_id: account_id.to_string(),
            contact_id: contact_id.map(|c| c.to_string()).unwrap_or_default(),
            title: title.to_string(),
            start_date: first.to_string(),
            term_months: months.to_string(),
            billing: billing.to_string(),
            auto_renew: if *auto { "true".into() } else { String::new() },
            notice_days: notice.to_string(),
            uplift_percent: uplift.to_string(),
            sla_tier: if *account == 2 { "high".into() } else { String::new() },
            ..Default::default()
        };
        let c = edit::create(pool, &actor, &form, &lines(items, tax_rate)).await?;
        let cadence = c.billing.cadence();
        days.extend(job_days(first, *months, cadence, now));
        match then {
            Then::RenewByHand(before) => {
                by_hand.push((c.id, *before));
                // The days someone renews it: some days before each term's end.
                days.extend(
                    (1..200u32)
                        .map_while(|n| term_end(first, *months, n))
                        .map(|end| end - Duration::days(*before))
                        .take_while(|on| *on <= now),
                );
            }
            Then::Cancel(reason) => cancel.push((c.id, reason)),
            Then::Nothing => {}
        }
    }
    // The job's work on its days, and the renewals by hand on theirs, in order.
    for day in days.into_iter().filter(|d| *d <= now) {
        jobs::run(state, day).await?;
        for (id, before) in &by_hand {
            let row = db::contracts::by_id(pool, *id).await?.ok_or(AppError::NotFound)?;
            let due = row.term_number > 0 && row.end_date - Duration::days(*before) == day;
            if due && row.last_start.is_some_and(|s| s <= day) {
                renewal::renew_on(state, &actor, *id, day).await?;
            }
        }
    }
    for (id, reason) in cancel {
        let form = crate::model::contract::CancelForm { reason: reason.into(), effective: "now".into() };
        renewal::cancel(pool, &actor, id, &form).await?;
    }
    Ok(())
}
