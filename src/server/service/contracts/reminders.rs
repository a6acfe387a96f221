//! Renewal reminders, part of the renewal job: at the company's offsets before a term's end
//! (e.g. 90, 60 and 30 days) and at the contract's notice deadline, to the contract's owner and
//! the customer (with the renewal link). Each is claimed once per term by its key, so several
//! instances and second runs send nothing twice; after downtime only the latest reminder due goes
//! out and the ones it overtook are claimed as skipped.
use super::customer::offer_body;
use super::ENTITY;
use crate::error::AppError;
use crate::model::contract_settings::reminder_days;
use crate::server::db::{self, contracts::ContractRow, Tx};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{Duration, NaiveDate};

/// Contracts read per query.
const BATCH: i64 = 500;

/// The reminder steps of a term ending on `end` that are due on `day`, earliest due first:
/// (key, the day it became due).
pub fn due_steps(
    end: NaiveDate,
    notice_date: NaiveDate,
    notice_days: i64,
    offsets: &[u32],
    day: NaiveDate,
) -> Vec<(String, NaiveDate)> {
    let mut steps: Vec<(String, NaiveDate)> =
        offsets.iter().map(|d| (d.to_string(), end - Duration::days(i64::from(*d)))).collect();
    if notice_days > 0 {
        steps.push(("notice".into(), notice_date));
    }
    steps.retain(|(_, due)| *due <= day && day <= end);
    // The notice deadline goes after an offset due the same day: it is the one to act on.
    steps.sort_by_key(|(k, due)| (*due, k == "notice"));
    steps
}

/// Claims the steps due for one contract and sends the latest: returns whether one was sent.
async fn remind(
    tx: &mut Tx,
    state: &AppState,
    row: &ContractRow,
    offsets: &[u32],
    day: NaiveDate,
) -> Result<bool, AppError> {
    let steps = due_steps(row.end_date, row.notice_date, row.notice_days, offsets, day);
    let Some(((last, _), earlier)) = steps.split_last() else { return Ok(false) };
    for (step, _) in earlier {
        db::contracts::reminders::claim(tx, row.id, row.term_number, step, true).await?;
    }
    if !db::contracts::reminders::claim(tx, row.id, row.term_number, last, false).await? {
        return Ok(false);
    }
    let when = if last == "notice" {
        format!("the notice deadline, {}", row.notice_date)
    } else {
        format!("{last} days before the end")
    };
    let subject = format!("Renewal of {} — {} (term ends {})", row.number, row.title, row.end_date);
    let mut told = vec![];
    if let Some(to) = super::customer::customer_address(tx, row).await? {
        let body = offer_body(tx, state, None, row).await?;
        state.mailer.enqueue(tx, &to, &subject, &body).await?;
        told.push(to);
    }
    if let Some(owner) = db::users::by_id(&mut **tx, row.owner_id).await? {
        let body = format!(
            "{} — {} for {} ends on {} ({when}).\n{}\n",
            row.number,
            row.title,
            row.account_name,
            row.end_date,
            if row.auto_renew {
                "It renews automatically unless the customer declines."
            } else {
                "Renew it, or it expires."
            }
        );
        state.mailer.enqueue(tx, &owner.email, &subject, &body).await?;
        told.push(owner.email);
    }
    let note =
        format!("{when} · to {}", if told.is_empty() { "nobody (no addresses)".into() } else { told.join(", ") });
    timeline::record(tx, None, ENTITY, row.id, "reminder_sent", None, Some(&note)).await?;
    Ok(true)
}

/// The reminders due on `day`; returns how many went out.
pub async fn run(state: &AppState, day: NaiveDate) -> Result<usize, AppError> {
    let settings = db::contracts::settings::get(&state.pool).await?;
    let offsets = reminder_days(&settings.contract_reminder_days).unwrap_or_default();
    let until = day + Duration::days(i64::from(offsets.first().copied().unwrap_or(0)));
    let (mut sent, mut after) = (0, 0);
    loop {
        let rows = db::contracts::reminders::candidates(&state.pool, day, until, after, BATCH).await?;
        let Some(last) = rows.last().map(|r| r.id) else { break };
        after = last;
        for row in rows {
            // Read first, lock only when the latest step due is not claimed yet: most days most
            // candidates have nothing new.
            let steps = due_steps(row.end_date, row.notice_date, row.notice_days, &offsets, day);
            let Some((latest, _)) = steps.last() else { continue };
            if db::contracts::reminders::claimed(&state.pool, row.id, row.term_number).await?.contains(latest) {
                continue;
            }
            let mut tx = db::begin_write(&state.pool).await?;
            let row = db::contracts::get_locked(&mut tx, row.id).await?;
            if row.status == crate::model::contract::ContractStatus::Active
                && row.cancel_at.is_none()
                && remind(&mut tx, state, &row, &offsets, day).await?
            {
                sent += 1;
            }
            db::commit(tx).await?;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_steps_due_are_the_offsets_passed_and_the_notice_deadline_last_on_a_tie() {
        let (end, notice) = (d("2027-12-31"), d("2027-12-01"));
        let keys = |day: &str| {
            due_steps(end, notice, 30, &[90, 60, 30], d(day)).into_iter().map(|(k, _)| k).collect::<Vec<_>>()
        };
        assert!(keys("2027-10-01").is_empty());
        assert_eq!(keys("2027-10-02"), ["90"]);
        assert_eq!(keys("2027-11-15"), ["90", "60"]);
        assert_eq!(keys("2027-12-01"), ["90", "60", "30", "notice"]);
        assert!(keys("2028-01-01").is_empty(), "past the end: nothing");
        assert_eq!(due_steps(end, end, 0, &[], d("2027-12-31")), vec![], "no notice period, no offsets");
    }
}
