//! The renewal job, once a day or from `aftersale run-jobs --today D`: for every contract with
//! work on that day — a pending one whose start arrived, an active one whose term ends, whose
//! next billing period started or whose scheduled cancellation passed — it catches up one step
//! per transaction, in order: activate, then each missed term renewed (auto-renew) or the
//! contract expired, then the periods due invoiced. Each step claims its term by number with the
//! contract locked, so two instances, a retry or a second run write nothing twice. Then the
//! renewal reminders due that day (`reminders`).
use super::billing::{self, Billed};
use super::renewal::{activate_in, end_cancelled_in, expire_in, renew_in};
use crate::error::AppError;
use crate::model::contract::{ContractStatus, TermOrigin};
use crate::server::db;
use crate::server::state::AppState;
use chrono::NaiveDate;

/// Contracts read per query of the job.
const BATCH: i64 = 500;

/// The most steps one contract takes in one run (a monthly contract 40 years behind).
const MAX_STEPS: usize = 500;

/// What one step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Activated,
    Renewed,
    Expired,
    Cancelled,
    Billed,
    Nothing,
}

/// The work a contract has on `day`: the one place the job's conditions are written.
fn work(row: &db::contracts::ContractRow, day: NaiveDate) -> Step {
    match row.status {
        ContractStatus::Pending if row.start_date <= day => Step::Activated,
        ContractStatus::Active if row.cancel_at.is_some_and(|c| c < day) => Step::Cancelled,
        ContractStatus::Active if row.end_date <= day && row.auto_renew && row.cancel_at.is_none() => Step::Renewed,
        ContractStatus::Active if row.end_date < day && !row.auto_renew => Step::Expired,
        ContractStatus::Active if row.next_bill_date.is_some_and(|d| d <= day) => Step::Billed,
        _ => Step::Nothing,
    }
}

/// One step for the contract on `day`, in its own transaction; and whether it has more work that
/// day (read in the same transaction, so a contract with one step takes one transaction).
async fn step(state: &AppState, id: i64, day: NaiveDate) -> Result<(Step, Billed, bool), AppError> {
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    let what = work(&row, day);
    let billed = match what {
        Step::Activated => activate_in(&mut tx, None, &row, day).await?,
        Step::Cancelled => {
            end_cancelled_in(&mut tx, &row).await?;
            Billed::default()
        }
        Step::Renewed => renew_in(&mut tx, None, &row, day, TermOrigin::Auto).await?,
        Step::Expired => {
            expire_in(&mut tx, &row, day).await?;
            Billed::default()
        }
        Step::Billed => billing::bill_due(&mut tx, None, id, day).await?,
        Step::Nothing => Billed::default(),
    };
    let more = what != Step::Nothing
        && db::contracts::by_id(&mut *tx, id).await?.is_some_and(|after| work(&after, day) != Step::Nothing);
    db::commit(tx).await?;
    billing::send_issued(state, None, id, &billed).await?;
    Ok((what, billed, more))
}

/// What a catch-up did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CatchUp {
    pub activated: usize,
    pub renewed: usize,
    pub expired: usize,
    pub cancelled: usize,
    pub invoices: usize,
}

/// Every contract with work on `day`, each caught up step by step in its own transactions.
pub async fn catch_up(state: &AppState, day: NaiveDate) -> Result<CatchUp, AppError> {
    let mut done = CatchUp::default();
    let mut after = 0;
    loop {
        let ids = db::contracts::due_for_job(&state.pool, day, after, BATCH).await?;
        let Some(last) = ids.last().copied() else { break };
        after = last;
        for id in ids {
            for _ in 0..MAX_STEPS {
                let (what, billed, more) = step(state, id, day).await?;
                done.invoices += billed.invoices.len();
                match what {
                    Step::Activated => done.activated += 1,
                    Step::Renewed => done.renewed += 1,
                    Step::Expired => done.expired += 1,
                    Step::Cancelled => done.cancelled += 1,
                    Step::Billed | Step::Nothing => {}
                }
                if !more {
                    break;
                }
            }
        }
    }
    Ok(done)
}

/// Runs the renewal job as on `day`: the catch-up, then the reminders. Returns a summary for the job log.
pub async fn run(state: &AppState, day: NaiveDate) -> Result<String, AppError> {
    let d = catch_up(state, day).await?;
    let reminders = super::reminders::run(state, day).await?;
    Ok(format!(
        "{day}: {} activated, {} renewed, {} expired, {} cancelled, {} invoice(s), {reminders} reminder(s)",
        d.activated, d.renewed, d.expired, d.cancelled, d.invoices
    ))
}
