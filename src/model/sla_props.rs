//! Properties of `model::sla` on random calendars and histories, the last against a
//! minute-by-minute count of business time.
use super::*;
use chrono::{Datelike, Duration, NaiveTime};
use chrono_tz::Tz;
use proptest::prelude::*;
use TicketStatus as S;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}
fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

const ZONES: [&str; 5] = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"];
/// Two seasons, each a few weeks that contain DST changes (New York, Berlin and Sydney in
/// March–April; Berlin, Sydney and New York in October–November).
const BASES: [&str; 2] = ["2026-03-01T00:00:00Z", "2026-10-01T00:00:00Z"];
const WEEK: i64 = 7 * 24 * 60;

/// A random calendar and the start of the weeks its test instants fall in.
fn arb_calendar() -> impl Strategy<Value = (Calendar, DateTime<Utc>)> {
    (
        prop::sample::select(ZONES.to_vec()),
        prop::sample::select(BASES.to_vec()),
        1u8..128,
        // Quarter hours: 24 = 06:00 … 88 = 22:00.
        24u32..88,
        0u32..64,
        prop::collection::vec(0u64..50, 0..6),
    )
        .prop_map(|(zone, base, days, open, extra, holidays)| {
            let close = open + 1 + extra % (88 - open);
            let base = utc(base);
            let quarter = |q: u32| time(q / 4, (q % 4) * 15);
            let cal = Calendar::new(
                zone.parse::<Tz>().unwrap(),
                std::array::from_fn(|i| days & (1 << i) != 0),
                quarter(open),
                quarter(close),
                holidays.into_iter().map(|d| base.date_naive() + chrono::Days::new(d)).collect(),
            )
            .unwrap();
            (cal, base)
        })
}

/// A history from creation at `base` + up to two weeks: 0–6 further changes to any status, a
/// minute to two days apart (or at the same instant), minute-aligned like the brute force.
fn arb_history() -> impl Strategy<Value = (i64, Vec<(i64, usize)>)> {
    (0..2 * WEEK, prop::collection::vec((0i64..2 * 24 * 60, 0usize..5), 0..6))
}

fn history(base: DateTime<Utc>, created: i64, changes: &[(i64, usize)]) -> Vec<StatusChange> {
    let mut at = base + Duration::minutes(created);
    let mut h = vec![StatusChange { at, status: S::Open }];
    for &(gap, status) in changes {
        at += Duration::minutes(gap);
        h.push(StatusChange { at, status: S::ALL[status] });
    }
    h
}

/// Is `t` in working hours, read straight off the local wall clock (not through `Calendar`).
fn open_at(cal: &Calendar, t: DateTime<Utc>) -> bool {
    let local = t.with_timezone(&cal.tz);
    let d = local.date_naive();
    cal.work_days[d.weekday().num_days_from_monday() as usize]
        && !cal.holidays.contains(&d)
        && cal.open <= local.time()
        && local.time() < cal.close
}

/// One clock counted minute by minute.
#[derive(Debug, PartialEq)]
struct Counted {
    used_seconds: i64,
    due_at: Option<DateTime<Utc>>,
    at_risk_at: Option<DateTime<Utc>>,
    /// Still running when the horizon ended, short of its target.
    cut_off: bool,
}

/// Counts from creation: a minute counts when the calendar is open at its start and the status
/// then runs (after `now`, when the current status runs), until `stop`. The due time is the end
/// of the minute in which the count reaches the target; 75 % falls inside a minute in general.
fn brute_force(
    cal: &Calendar,
    all_day: bool,
    h: &[StatusChange],
    stop: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    target_minutes: i64,
    horizon_minutes: i64,
) -> Counted {
    let past: Vec<&StatusChange> = h.iter().filter(|c| c.at <= now).collect();
    let current = past.last().unwrap().status;
    let risk_seconds = 45 * target_minutes; // 75 % of target_minutes × 60
    let mut c = Counted { used_seconds: 0, due_at: None, at_risk_at: None, cut_off: false };
    let mut count = 0;
    for m in 0..horizon_minutes {
        let t = h[0].at + Duration::minutes(m);
        if stop.is_some_and(|s| t >= s) || (t >= now && !current.clock_runs()) || (c.due_at.is_some() && t >= now) {
            return c;
        }
        let status = if t < now { past.iter().rev().find(|c| c.at <= t).unwrap().status } else { current };
        if status.clock_runs() && (all_day || open_at(cal, t)) {
            count += 1;
            if t < now {
                c.used_seconds += 60;
            }
            if c.at_risk_at.is_none() && count * 60 >= risk_seconds {
                c.at_risk_at = Some(t + Duration::seconds(risk_seconds - (count - 1) * 60));
            }
            if count == target_minutes {
                c.due_at = Some(t + Duration::minutes(1));
            }
        }
    }
    c.cut_off = true;
    c
}

fn agrees(clock: &Clock, counted: &Counted, horizon_end: DateTime<Utc>) -> Result<(), TestCaseError> {
    prop_assert_eq!(clock.used_seconds, counted.used_seconds);
    for (computed, brute) in [(clock.due_at, counted.due_at), (clock.at_risk_at, counted.at_risk_at)] {
        match brute {
            Some(b) => {
                prop_assert_eq!(computed, Some(b));
            }
            None if counted.cut_off => {
                prop_assert!(computed.is_some_and(|c| c >= horizon_end), "{:?}", computed);
            }
            None => {
                prop_assert_eq!(computed, None);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn business_time_adds_up_over_adjacent_spans(
        (cal, base) in arb_calendar(), mut t in prop::collection::vec(0..4 * WEEK, 3), all_day in any::<bool>(),
    ) {
        t.sort_unstable();
        let [a, b, c] = [0, 1, 2].map(|i| base + Duration::minutes(t[i]));
        prop_assert_eq!(
            cal.business_seconds(all_day, a, c),
            cal.business_seconds(all_day, a, b) + cal.business_seconds(all_day, b, c)
        );
        prop_assert_eq!(cal.business_seconds(all_day, c, a), 0);
    }

    #[test]
    fn adding_business_time_finds_the_earliest_instant(
        (cal, base) in arb_calendar(), from in 0..4 * WEEK, secs in 0i64..400_000, all_day in any::<bool>(),
    ) {
        let from = base + Duration::minutes(from);
        let t = cal.add_business_seconds(all_day, from, secs);
        prop_assert!(t >= from);
        prop_assert_eq!(cal.business_seconds(all_day, from, t), secs);
        if secs > 0 {
            prop_assert_eq!(cal.business_seconds(all_day, from, t - Duration::seconds(1)), secs - 1);
            prop_assert!(all_day || open_at(&cal, t - Duration::seconds(1)));
        }
        prop_assert_eq!(cal.is_open(from), open_at(&cal, from));
    }

    #[test]
    fn a_ticket_opened_while_closed_starts_its_clocks_at_the_next_opening(
        (cal, base) in arb_calendar(), created in 0..4 * WEEK, later in 0..WEEK, fr in 1i64..3000, res in 1i64..9000,
    ) {
        let created = base + Duration::minutes(created);
        prop_assume!(!cal.is_open(created));
        let opening = cal.next_opening(created);
        prop_assert!(opening > created && cal.is_open(opening) && open_at(&cal, opening));
        prop_assert_eq!(cal.business_seconds(false, created, opening), 0);
        let policy = Policy { first_response_minutes: fr, resolution_minutes: res, all_day: false };
        let h = [StatusChange { at: created, status: S::Open }];
        let sla = compute(&cal, &policy, &h, None, created + Duration::minutes(later));
        prop_assert_eq!(sla.first_response.due_at, Some(cal.add_business_seconds(false, opening, fr * 60)));
        prop_assert_eq!(sla.resolution.due_at, Some(cal.add_business_seconds(false, opening, res * 60)));
    }

    #[test]
    fn a_pause_never_moves_a_due_time_earlier(
        (cal, base) in arb_calendar(), (created, changes) in arb_history(), pick in any::<prop::sample::Index>(),
        p in 0.0f64..1.0, q in 0.0f64..1.0, now in 0..4 * WEEK, responded in prop::option::of(0..3 * WEEK),
        fr in 1i64..3000, res in 1i64..9000, all_day in any::<bool>(),
    ) {
        let h = history(base, created, &changes);
        // A stretch in which the clocks run (the last one lasts a week), and a wait inside it.
        let running: Vec<usize> = (0..h.len()).filter(|&i| h[i].status.clock_runs()).collect();
        prop_assume!(!running.is_empty());
        let i = running[pick.index(running.len())];
        let end = h.get(i + 1).map_or(h[i].at + Duration::minutes(WEEK), |n| n.at);
        let len = (end - h[i].at).num_minutes();
        prop_assume!(len > 0);
        let wait_from = h[i].at + Duration::minutes((p * len as f64) as i64);
        let wait_to = wait_from + Duration::minutes((q * (end - wait_from).num_minutes() as f64) as i64);
        let mut paused = h.clone();
        paused.insert(i + 1, StatusChange { at: wait_from, status: S::Waiting });
        paused.insert(i + 2, StatusChange { at: wait_to, status: h[i].status });

        let now = (h[0].at + Duration::minutes(now)).max(wait_to);
        let responded = responded.map(|m| h[0].at + Duration::minutes(m));
        let policy = Policy { first_response_minutes: fr, resolution_minutes: res, all_day };
        let before = compute(&cal, &policy, &h, responded, now);
        let after = compute(&cal, &policy, &paused, responded, now);
        for (b, a) in [(before.first_response, after.first_response), (before.resolution, after.resolution)] {
            prop_assert!(a.used_seconds <= b.used_seconds);
            match (b.due_at, a.due_at) {
                (Some(b), Some(a)) => {
                    prop_assert!(a >= b, "{} moved earlier to {}", b, a);
                }
                (None, Some(a)) => return Err(TestCaseError::fail(format!("a pause made a clock due at {a}"))),
                (_, None) => {}
            }
        }
    }
}

proptest! {
    // Each case counts up to four weeks minute by minute, twice.
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn due_times_equal_a_minute_by_minute_count(
        (cal, base) in arb_calendar(), (created, changes) in arb_history(), now in 0..3 * WEEK,
        responded in prop::option::of(-60i64..3 * WEEK), fr in 1i64..1500, res in 1i64..2400, all_day in any::<bool>(),
    ) {
        let h = history(base, created, &changes);
        let now = h[0].at + Duration::minutes(now);
        let responded = responded.map(|m| h[0].at + Duration::minutes(m));
        let policy = Policy { first_response_minutes: fr, resolution_minutes: res, all_day };
        let sla = compute(&cal, &policy, &h, responded, now);

        let horizon = 4 * WEEK;
        let horizon_end = h[0].at + Duration::minutes(horizon);
        let first_resolution = h.iter().find(|c| c.at <= now && matches!(c.status, S::Resolved | S::Closed)).map(|c| c.at);
        let answered = responded.filter(|t| *t <= now).map(|t| t.max(h[0].at));
        let fr_stop = [answered, first_resolution].into_iter().flatten().min();
        let counted_fr = brute_force(&cal, all_day, &h, fr_stop, now, fr, horizon);
        let counted_res = brute_force(&cal, all_day, &h, None, now, res, horizon);
        agrees(&sla.first_response, &counted_fr, horizon_end)?;
        agrees(&sla.resolution, &counted_res, horizon_end)?;
        prop_assert_eq!(sla.first_response.stopped_at, fr_stop);
    }
}
