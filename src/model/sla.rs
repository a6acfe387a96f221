//! The SLA clocks of a support ticket: first response and resolution, each a target counted in
//! business time (`model::business_hours`) from the ticket's status history and the policy in
//! force. Due times are computed from that history every time, never stored, so they cannot drift.
//! Server only, like the calendar it counts on.
use crate::model::business_hours::Calendar;
use crate::model::enum_macro::string_enum;
use crate::model::ticket_status::TicketStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SlaState {
        OnTrack = ("on_track", "On track"),
        AtRisk = ("at_risk", "At risk"),
        Breached = ("breached", "Breached"),
        Paused = ("paused", "Paused"),
        Met = ("met", "Met"),
    }
    parse_error = "must be on_track, at_risk, breached, paused or met";
}

/// The targets for one priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
    /// 24×7: wall time counts, not the calendar's working hours.
    pub all_day: bool,
}

/// One entry of a ticket's status history: from `at` on, the ticket was `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub status: TicketStatus,
}

/// One clock as of `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub target_seconds: i64,
    /// Business seconds counted until now (or until it stopped).
    pub used_seconds: i64,
    /// The instant the target is (or was) reached; None while paused short of the target, and for
    /// a clock that stopped in time.
    pub due_at: Option<DateTime<Utc>>,
    /// The instant 75 % is (was) reached, same rule.
    pub at_risk_at: Option<DateTime<Utc>>,
    /// First response given / ticket resolved.
    pub stopped_at: Option<DateTime<Utc>>,
    pub state: SlaState,
}

impl Clock {
    /// Target minus used: negative once breached.
    pub fn remaining_seconds(&self) -> i64 {
        self.target_seconds.saturating_sub(self.used_seconds)
    }
}

/// Both clocks of a ticket and what the queues show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sla {
    pub first_response: Clock,
    pub resolution: Clock,
    pub state: SlaState,
    /// Earliest due_at of a running clock (the queues sort by it); None when none runs.
    pub next_due_at: Option<DateTime<Utc>>,
    /// Earliest at_risk_at of a running clock (past when it is at risk already); None when none runs.
    pub next_at_risk_at: Option<DateTime<Utc>>,
}

/// The clocks of a ticket at `now`.
///
/// `history`: the ticket's status changes in time order, the first being its creation (status
/// open). Changes after `now` are not yet history and are ignored; an empty history or a `now`
/// before creation is a ticket just created. No input panics.
///
/// - Both clocks start at creation and count business time (wall time when `policy.all_day`)
///   only while the status `clock_runs()` (open, in_progress); waiting pauses them; resolved and
///   closed stop them.
/// - The first-response clock stops at `first_responded_at` (the first public reply by an
///   employee; a time before creation counts as creation, one after `now` not yet), or at the
///   first resolution if that came earlier. Once stopped it never restarts: a reopen does not.
/// - The resolution clock stops at resolution; a reopen (resolved → open) resumes it from the
///   time it had used (time spent resolved does not count); it stops again at the next resolution.
/// - A clock's state: stopped → met if used < target, else breached; running → breached once the
///   target is used (now >= due_at), at risk once 75 % is (used × 4 >= target × 3, i.e.
///   now >= at_risk_at), else on track; paused → breached if used >= target, else paused.
/// - `due_at`: for a running clock the instant the target is reached if it keeps running (in the
///   past when breached); for a paused or stopped clock that already passed its target, the
///   instant it did; otherwise None. `at_risk_at` the same for 75 %.
/// - The ticket: breached if either clock is; else paused if the ticket is waiting; else at risk
///   if a running clock is; else met if both clocks stopped (in time); else on track.
///
/// The cost is O(days the ticket spans + changes): each stretch of running time is counted by
/// the calendar once, and only the stretch in which a threshold falls is searched.
pub fn compute(
    cal: &Calendar,
    policy: &Policy,
    history: &[StatusChange],
    first_responded_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Sla {
    let created = history.first().map_or(now, |c| c.at);
    let now = now.max(created);
    let changes = effective_changes(history, created, now);
    let current = changes.last().map_or(TicketStatus::Open, |c| c.status);
    let count = |a, b| cal.business_seconds(policy.all_day, a, b);

    // Every stretch in which the status lets the clocks run, up to now.
    let runs: Vec<Run> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status.clock_runs())
        .map(|(i, c)| {
            let end = changes.get(i + 1).map_or(now, |n| n.at);
            Run { start: c.at, end, seconds: count(c.at, end) }
        })
        .collect();
    let phase_now = if current.clock_runs() {
        Phase::Running
    } else if current == TicketStatus::Waiting {
        Phase::Paused
    } else {
        // Stopped at the latest resolution: the first of the trailing resolved / closed changes.
        let resolved = changes.iter().rposition(|c| !is_resolved(c.status)).map_or(0, |i| i + 1);
        Phase::Stopped(changes.get(resolved).map_or(now, |c| c.at))
    };
    let target = |minutes: i64| minutes.max(0).saturating_mul(60);
    let resolution = clock(cal, policy.all_day, created, target(policy.resolution_minutes), &runs, phase_now, now);

    let first_resolution = changes.iter().find(|c| is_resolved(c.status)).map(|c| c.at);
    let responded = first_responded_at.map(|t| t.max(created)).filter(|t| *t <= now);
    let first_response = match [responded, first_resolution].into_iter().flatten().min() {
        Some(stop) => {
            let before: Vec<Run> = runs
                .iter()
                .filter(|r| r.start < stop)
                .map(|r| {
                    let end = r.end.min(stop);
                    Run { start: r.start, end, seconds: if end == r.end { r.seconds } else { count(r.start, end) } }
                })
                .collect();
            clock(
                cal,
                policy.all_day,
                created,
                target(policy.first_response_minutes),
                &before,
                Phase::Stopped(stop),
                now,
            )
        }
        None => clock(cal, policy.all_day, created, target(policy.first_response_minutes), &runs, phase_now, now),
    };

    let clocks = [first_response, resolution];
    let running = || clocks.iter().filter(|c| c.stopped_at.is_none() && phase_now == Phase::Running);
    let state = if clocks.iter().any(|c| c.state == SlaState::Breached) {
        SlaState::Breached
    } else if current == TicketStatus::Waiting {
        SlaState::Paused
    } else if clocks.iter().any(|c| c.state == SlaState::AtRisk) {
        SlaState::AtRisk
    } else if clocks.iter().all(|c| c.state == SlaState::Met) {
        SlaState::Met
    } else {
        SlaState::OnTrack
    };
    Sla {
        first_response,
        resolution,
        state,
        next_due_at: running().filter_map(|c| c.due_at).min(),
        next_at_risk_at: running().filter_map(|c| c.at_risk_at).min(),
    }
}

/// A stretch [start, end) in which the clocks ran, with its business seconds.
#[derive(Clone, Copy)]
struct Run {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    seconds: i64,
}

/// Where a clock stands at `now`: running keeps counting past now; paused and stopped do not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Running,
    Paused,
    Stopped(DateTime<Utc>),
}

fn is_resolved(s: TicketStatus) -> bool {
    matches!(s, TicketStatus::Resolved | TicketStatus::Closed)
}

/// The history up to `now`, starting with creation, its times made non-decreasing (a change
/// recorded out of order takes its predecessor's time rather than counting time backwards).
fn effective_changes(history: &[StatusChange], created: DateTime<Utc>, now: DateTime<Utc>) -> Vec<StatusChange> {
    if history.is_empty() {
        return vec![StatusChange { at: created, status: TicketStatus::Open }];
    }
    let mut latest = created;
    history
        .iter()
        .filter(|c| c.at <= now)
        .map(|c| {
            latest = latest.max(c.at);
            StatusChange { at: latest, status: c.status }
        })
        .collect()
}

/// One clock from the stretches it ran (`runs`, up to now or to its stop) and where it stands.
fn clock(
    cal: &Calendar,
    all_day: bool,
    created: DateTime<Utc>,
    target: i64,
    runs: &[Run],
    phase: Phase,
    now: DateTime<Utc>,
) -> Clock {
    let used = runs.iter().fold(0i64, |sum, r| sum.saturating_add(r.seconds));
    // 75 % in integers: the first whole second s with s × 4 >= target × 3.
    let risk = ((i128::from(target) * 3 + 3) / 4) as i64;
    // The instant `threshold` seconds are used: inside a past run, or (running) after now.
    // A target of nothing is used up the moment the ticket exists.
    let reached = |threshold: i64| {
        if threshold <= 0 {
            return Some(created);
        }
        let mut before = 0i64;
        for r in runs {
            if before.saturating_add(r.seconds) >= threshold {
                return Some(cal.add_business_seconds(all_day, r.start, threshold - before));
            }
            before = before.saturating_add(r.seconds);
        }
        (phase == Phase::Running).then(|| cal.add_business_seconds(all_day, now, threshold - before))
    };
    let breached = used >= target;
    let state = match phase {
        Phase::Stopped(_) | Phase::Paused if breached => SlaState::Breached,
        Phase::Stopped(_) => SlaState::Met,
        Phase::Paused => SlaState::Paused,
        Phase::Running if breached => SlaState::Breached,
        Phase::Running if i128::from(used) * 4 >= i128::from(target) * 3 => SlaState::AtRisk,
        Phase::Running => SlaState::OnTrack,
    };
    Clock {
        target_seconds: target,
        used_seconds: used,
        due_at: reached(target),
        at_risk_at: reached(risk),
        stopped_at: match phase {
            Phase::Stopped(t) => Some(t),
            Phase::Running | Phase::Paused => None,
        },
        state,
    }
}

#[cfg(test)]
#[path = "sla_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "sla_props.rs"]
mod props;
