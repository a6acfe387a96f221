//! Generated support tickets for `seed-demo --scale N`: one per generated account, in every status
//! and priority, with a status history and the clocks `model::sla::compute` gives for it under the
//! company's calendar — the same stored values a ticket worked through the services would have,
//! so the queues' at-risk and breached filters and the breach job see believable data. Open
//! tickets are from the last two weeks (some on track, some at risk, some breached); resolved and
//! closed ones date from their account's creation.
use super::orders::{next, Counters};
use crate::model::business_hours::Calendar;
use crate::model::sla::{compute, Policy, StatusChange};
use crate::model::ticket::{Priority, TicketStatus};
use crate::server::db::tickets::{bulk, queue_key};
use crate::server::db::Tx;
use chrono::{DateTime, Datelike, Duration, Utc};

/// What every batch needs: the calendar, the policy of each priority, the support users.
pub struct TicketScale {
    pub calendar: Calendar,
    pub policies: Vec<(Priority, Policy)>,
    pub assignees: Vec<i64>,
    pub now: DateTime<Utc>,
}

const SUBJECTS: [&str; 6] = [
    "Cannot sign in to the portal",
    "Invoice total looks wrong",
    "Delivery arrived damaged",
    "Scanner drops the connection",
    "Request for a training session",
    "Firmware update failed",
];

/// The status a generated ticket ends in, by its index: 4 in 10 in the open queues.
fn status_of(k: u64) -> TicketStatus {
    match k % 10 {
        0 | 1 => TicketStatus::Open,
        2 => TicketStatus::InProgress,
        3 => TicketStatus::Waiting,
        4..=6 => TicketStatus::Resolved,
        _ => TicketStatus::Closed,
    }
}

/// The status history that leads there from `created` (minutes after it).
fn history(status: TicketStatus, created: DateTime<Utc>) -> Vec<StatusChange> {
    use TicketStatus::*;
    let steps: &[(i64, TicketStatus)] = match status {
        Open => &[],
        InProgress => &[(45, InProgress)],
        Waiting => &[(45, InProgress), (150, Waiting)],
        Resolved => &[(45, InProgress), (600, Resolved)],
        Closed => &[(45, InProgress), (600, Resolved), (60 * 24 * 8, Closed)],
    };
    std::iter::once(StatusChange { at: created, status: Open })
        .chain(steps.iter().map(|&(m, s)| StatusChange { at: created + Duration::minutes(m), status: s }))
        .collect()
}

/// One ticket per account (`accounts`: id and creation time; `k0`: the first account's index).
pub async fn scale(
    tx: &mut Tx,
    ctx: &TicketScale,
    accounts: &[(i64, DateTime<Utc>)],
    k0: u64,
    counters: &mut Counters,
) -> Result<(), sqlx::Error> {
    let mut rows = Vec::with_capacity(accounts.len());
    let mut histories = Vec::with_capacity(accounts.len());
    for (j, &(account_id, account_at)) in accounts.iter().enumerate() {
        let k = k0 + j as u64;
        let status = status_of(k);
        let (priority, policy) = ctx.policies[(k / 10 % ctx.policies.len() as u64) as usize];
        // Open tickets arrive over the last 14 days; the rest a day after their account.
        let created = if status.is_open() {
            ctx.now - Duration::minutes(((k * 7919) % (14 * 24 * 60)) as i64)
        } else {
            account_at + Duration::days(1)
        };
        let h = history(status, created);
        let responded = (status != TicketStatus::Open).then(|| created + Duration::minutes(30));
        let sla = compute(&ctx.calendar, &policy, &h, responded, ctx.now);
        let last = h.last().map_or(created, |c| c.at);
        let resolved_at = h.iter().find(|c| c.status == TicketStatus::Resolved).map(|c| c.at);
        let year = created.year();
        rows.push(bulk::TicketSeed {
            number: format!("TCK-{year}-{:06}", next(counters, "ticket", year)),
            account_id,
            subject: SUBJECTS[(k % SUBJECTS.len() as u64) as usize].to_string(),
            priority: priority.as_str(),
            status: status.as_str(),
            is_open: status.is_open(),
            channel: ["web", "email", "customer_link", "api"][(k % 4) as usize],
            // One in five waits for someone to pick it up.
            assignee_id: (!k.is_multiple_of(5) && !ctx.assignees.is_empty())
                .then(|| ctx.assignees[(k % ctx.assignees.len() as u64) as usize]),
            resolution_note: resolved_at.map(|_| "Fixed on our side; confirmed with the customer."),
            policy,
            queue_key: queue_key(sla.next_due_at),
            sla,
            first_responded_at: responded,
            resolved_at,
            closed_at: (status == TicketStatus::Closed).then_some(last),
            rating: resolved_at.filter(|_| k.is_multiple_of(3)).map(|_| 3 + (k / 3 % 3) as i64),
            created_at: created,
            updated_at: last,
        });
        histories.push(h);
    }
    let ids = bulk::tickets(tx, &rows).await?;
    let changes: Vec<(i64, &'static str, DateTime<Utc>)> =
        ids.iter().zip(&histories).flat_map(|(&id, h)| h.iter().map(move |c| (id, c.status.as_str(), c.at))).collect();
    bulk::status_changes(tx, &changes).await
}
