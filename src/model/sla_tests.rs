//! Tests of `model::sla` and the business time under it: worked cases by hand (the properties on
//! random calendars are in `sla_props.rs`).
use super::*;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use std::collections::BTreeSet;
use TicketStatus as S;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}
fn ch(at: &str, status: S) -> StatusChange {
    StatusChange { at: utc(at), status }
}
fn hours(first_response: i64, resolution: i64) -> Policy {
    Policy { first_response_minutes: first_response * 60, resolution_minutes: resolution * 60, all_day: false }
}
fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}
fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
fn berlin(open: NaiveTime, close: NaiveTime, work_days: [bool; 7]) -> Calendar {
    Calendar::new("Europe/Berlin".parse().unwrap(), work_days, open, close, BTreeSet::new()).unwrap()
}
const WEEKDAYS: [bool; 7] = [true, true, true, true, true, false, false];

#[test]
fn a_ticket_opened_friday_afternoon_is_due_monday_noon() {
    // 2026-03-06 is a Friday; one business hour that day, three on Monday.
    assert_eq!(date(2026, 3, 6).weekday(), chrono::Weekday::Fri);
    let h = [ch("2026-03-06T16:00:00Z", S::Open)];
    let sla = compute(&Calendar::standard(), &hours(4, 4), &h, None, utc("2026-03-06T16:10:00Z"));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-03-09T12:00:00Z")));
    assert_eq!(sla.first_response.due_at, Some(utc("2026-03-09T12:00:00Z")));
    assert_eq!(sla.resolution.used_seconds, 600);
    assert_eq!(sla.resolution.remaining_seconds(), 4 * 3600 - 600);
    assert_eq!((sla.state, sla.next_due_at), (SlaState::OnTrack, Some(utc("2026-03-09T12:00:00Z"))));
}

#[test]
fn a_ticket_opened_on_saturday_starts_its_clock_on_monday_morning() {
    let cal = Calendar::standard();
    let h = [ch("2026-03-07T10:00:00Z", S::Open)];
    let sla = compute(&cal, &hours(1, 8), &h, None, utc("2026-03-08T20:00:00Z"));
    assert_eq!(sla.first_response.used_seconds, 0);
    assert_eq!(sla.first_response.due_at, Some(utc("2026-03-09T10:00:00Z")));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-03-09T17:00:00Z")));
    assert_eq!(cal.next_opening(utc("2026-03-07T10:00:00Z")), utc("2026-03-09T09:00:00Z"));
}

#[test]
fn a_holiday_monday_moves_the_due_time_to_tuesday() {
    let mut cal = Calendar::standard();
    cal.holidays.insert(date(2026, 3, 9));
    let h = [ch("2026-03-06T16:00:00Z", S::Open)];
    let sla = compute(&cal, &hours(4, 4), &h, None, utc("2026-03-06T16:00:00Z"));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-03-10T12:00:00Z")));
}

#[test]
fn a_pause_of_two_business_hours_moves_the_due_time_by_two_business_hours() {
    let cal = Calendar::standard();
    let straight = [ch("2026-03-02T09:00:00Z", S::Open)];
    let paused = [
        ch("2026-03-02T09:00:00Z", S::Open),
        ch("2026-03-02T10:00:00Z", S::InProgress),
        ch("2026-03-02T15:00:00Z", S::Waiting),
        // Waiting from 15:00 to the next morning: two business hours (15:00–17:00) paused.
        ch("2026-03-03T09:00:00Z", S::InProgress),
    ];
    let now = utc("2026-03-03T09:30:00Z");
    let a = compute(&cal, &hours(8, 8), &straight, None, now);
    let b = compute(&cal, &hours(8, 8), &paused, None, now);
    assert_eq!(a.resolution.due_at, Some(utc("2026-03-02T17:00:00Z")));
    assert_eq!(a.state, SlaState::Breached);
    assert_eq!(b.resolution.due_at, Some(utc("2026-03-03T11:00:00Z")));
    assert_eq!(b.resolution.used_seconds, 6 * 3600 + 1800);
    assert_eq!(b.state, SlaState::AtRisk);

    // While waiting the clock is paused: no due time, the time used stays.
    let waiting = compute(&cal, &hours(8, 8), &paused, None, utc("2026-03-02T16:00:00Z"));
    assert_eq!(waiting.resolution.state, SlaState::Paused);
    assert_eq!((waiting.resolution.due_at, waiting.resolution.used_seconds), (None, 6 * 3600));
    assert_eq!((waiting.state, waiting.next_due_at), (SlaState::Paused, None));
    assert_eq!(waiting.resolution.at_risk_at, Some(utc("2026-03-02T15:00:00Z")), "75 % (6 h) was reached");
}

#[test]
fn a_reopen_resumes_the_resolution_clock_and_not_the_first_response_clock() {
    let cal = Calendar::standard();
    let h = [
        ch("2026-03-02T09:00:00Z", S::Open),
        ch("2026-03-02T11:00:00Z", S::Resolved),
        ch("2026-03-03T09:00:00Z", S::Open),
    ];
    let resolved = compute(&cal, &hours(4, 8), &h[..2], None, utc("2026-03-02T15:00:00Z"));
    assert_eq!(resolved.resolution.stopped_at, Some(utc("2026-03-02T11:00:00Z")));
    assert_eq!((resolved.resolution.state, resolved.resolution.due_at), (SlaState::Met, None));
    assert_eq!(resolved.first_response.stopped_at, Some(utc("2026-03-02T11:00:00Z")), "a resolution answers");
    assert_eq!((resolved.state, resolved.next_due_at), (SlaState::Met, None));

    let reopened = compute(&cal, &hours(4, 8), &h, None, utc("2026-03-03T10:00:00Z"));
    assert_eq!(reopened.resolution.used_seconds, 3 * 3600);
    assert_eq!(reopened.resolution.due_at, Some(utc("2026-03-03T15:00:00Z")));
    assert_eq!(reopened.resolution.stopped_at, None);
    assert_eq!(reopened.first_response.state, SlaState::Met);
    assert_eq!(reopened.first_response.stopped_at, Some(utc("2026-03-02T11:00:00Z")));
    assert_eq!(reopened.next_due_at, reopened.resolution.due_at);

    // Resolved again and closed: stopped at the latest resolution.
    let mut h = h.to_vec();
    h.push(ch("2026-03-03T12:00:00Z", S::Resolved));
    h.push(ch("2026-03-04T12:00:00Z", S::Closed));
    let closed = compute(&cal, &hours(4, 8), &h, None, utc("2026-03-05T10:00:00Z"));
    assert_eq!(closed.resolution.stopped_at, Some(utc("2026-03-03T12:00:00Z")));
    assert_eq!(closed.resolution.used_seconds, 5 * 3600);
    assert_eq!(closed.state, SlaState::Met);
}

#[test]
fn a_24x7_policy_counts_wall_time() {
    let policy = Policy { first_response_minutes: 60, resolution_minutes: 4 * 60, all_day: true };
    let h = [ch("2026-03-06T16:00:00Z", S::Open)];
    let sla = compute(&Calendar::standard(), &policy, &h, None, utc("2026-03-06T19:30:00Z"));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-03-06T20:00:00Z")));
    assert_eq!(sla.first_response.due_at, Some(utc("2026-03-06T17:00:00Z")));
    assert_eq!((sla.first_response.state, sla.resolution.state), (SlaState::Breached, SlaState::AtRisk));
    assert_eq!(sla.state, SlaState::Breached);
    assert_eq!(sla.next_due_at, Some(utc("2026-03-06T17:00:00Z")));
}

#[test]
fn berlin_working_hours_are_local_across_both_dst_changes() {
    let cal = berlin(time(9, 0), time(17, 0), WEEKDAYS);
    // Friday 16:00 CET (15:00 UTC) + 4 h → Monday 12:00 CEST (10:00 UTC), over 2026-03-29.
    let h = [ch("2026-03-27T15:00:00Z", S::Open)];
    let sla = compute(&cal, &hours(4, 4), &h, None, utc("2026-03-27T15:00:00Z"));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-03-30T10:00:00Z")));
    // Friday 16:00 CEST (14:00 UTC) + 4 h → Monday 12:00 CET (11:00 UTC), over 2026-10-25.
    let h = [ch("2026-10-23T14:00:00Z", S::Open)];
    let sla = compute(&cal, &hours(4, 4), &h, None, utc("2026-10-23T14:00:00Z"));
    assert_eq!(sla.resolution.due_at, Some(utc("2026-10-26T11:00:00Z")));

    // Hours that span the change itself: 01:00–04:00 is two hours in March and four in October.
    let night = berlin(time(1, 0), time(4, 0), [true; 7]);
    assert_eq!(date(2026, 3, 29).weekday(), chrono::Weekday::Sun);
    assert_eq!(date(2026, 10, 25).weekday(), chrono::Weekday::Sun);
    let day = |a: &str, b: &str| night.business_seconds(false, utc(a), utc(b));
    assert_eq!(day("2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z"), 2 * 3600);
    assert_eq!(day("2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z"), 4 * 3600);
    assert_eq!(night.next_opening(utc("2026-10-24T12:00:00Z")), utc("2026-10-24T23:00:00Z"));
    // 24×7 does not care: 24 wall-clock hours are 24 hours, whatever the clocks on the wall say.
    assert_eq!(night.business_seconds(true, utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z")), 24 * 3600);
}

#[test]
fn a_clock_is_at_risk_from_75_percent_of_its_target() {
    let cal = Calendar::standard();
    let h = [ch("2026-03-02T09:00:00Z", S::Open)];
    let at = |now: &str| compute(&cal, &hours(4, 40), &h, None, utc(now));
    let before = at("2026-03-02T11:59:00Z");
    assert_eq!(before.first_response.state, SlaState::OnTrack);
    assert_eq!(before.first_response.at_risk_at, Some(utc("2026-03-02T12:00:00Z")));
    assert_eq!(before.next_at_risk_at, Some(utc("2026-03-02T12:00:00Z")));
    assert_eq!(before.state, SlaState::OnTrack);
    let risky = at("2026-03-02T12:00:00Z");
    assert_eq!((risky.first_response.state, risky.state), (SlaState::AtRisk, SlaState::AtRisk));
    let late = at("2026-03-02T13:00:00Z");
    assert_eq!((late.first_response.state, late.state), (SlaState::Breached, SlaState::Breached));
    assert_eq!(late.first_response.due_at, Some(utc("2026-03-02T13:00:00Z")));
    assert_eq!(late.first_response.remaining_seconds(), 0);

    // Answered at 12:30: met, though it had been at risk; the resolution clock alone runs on.
    let answered = compute(&cal, &hours(4, 40), &h, Some(utc("2026-03-02T12:30:00Z")), utc("2026-03-02T14:00:00Z"));
    assert_eq!(answered.first_response.state, SlaState::Met);
    assert_eq!(answered.first_response.due_at, None);
    assert_eq!(answered.first_response.at_risk_at, Some(utc("2026-03-02T12:00:00Z")));
    assert_eq!(answered.state, SlaState::OnTrack);
    assert_eq!(answered.next_due_at, answered.resolution.due_at);
    assert_eq!(answered.resolution.due_at, Some(utc("2026-03-06T17:00:00Z")));
    assert_eq!(answered.next_at_risk_at, Some(utc("2026-03-05T15:00:00Z")), "30 of 40 hours");
}

#[test]
fn odd_input_is_a_ticket_just_created_and_never_panics() {
    let cal = Calendar::standard();
    let now = utc("2026-03-02T10:00:00Z");
    let empty = compute(&cal, &hours(1, 8), &[], None, now);
    assert_eq!((empty.resolution.used_seconds, empty.state), (0, SlaState::OnTrack));
    assert_eq!(empty.first_response.due_at, Some(utc("2026-03-02T11:00:00Z")));
    let future = compute(&cal, &hours(1, 8), &[ch("2026-03-03T10:00:00Z", S::Open)], None, now);
    assert_eq!(future.first_response.due_at, Some(utc("2026-03-03T11:00:00Z")));
    // Out of order, a reply before creation, a zero target, extreme times: answers, no panic.
    let h = [ch("2026-03-02T09:00:00Z", S::Open), ch("2026-03-01T09:00:00Z", S::Waiting)];
    let odd = compute(&cal, &hours(0, 8), &h, Some(utc("2020-01-01T00:00:00Z")), now);
    assert_eq!(odd.first_response.stopped_at, Some(utc("2026-03-02T09:00:00Z")));
    assert_eq!(odd.first_response.state, SlaState::Breached);
    assert_eq!(odd.resolution.state, SlaState::Paused);
    let huge = Policy { first_response_minutes: i64::MAX, resolution_minutes: i64::MIN, all_day: true };
    let far = [StatusChange { at: DateTime::<Utc>::MIN_UTC, status: S::Open }];
    let sla = compute(&cal, &huge, &far, None, DateTime::<Utc>::MAX_UTC);
    assert_eq!(sla.resolution.target_seconds, 0);
    assert_eq!(sla.state, SlaState::Breached);
}

#[test]
fn a_long_history_is_counted_day_by_day() {
    // Three years of a ticket bouncing between working and waiting: 2,000 changes, ~1,100 days.
    let cal = berlin(time(8, 0), time(18, 0), WEEKDAYS);
    let start = utc("2024-01-01T08:00:00Z");
    let h: Vec<StatusChange> = (0..2000)
        .map(|i| StatusChange {
            at: start + Duration::minutes(i * 800),
            status: if i % 2 == 0 { S::InProgress } else { S::Waiting },
        })
        .collect();
    let sla = compute(&cal, &hours(4, 10_000), &h, None, utc("2027-02-01T00:00:00Z"));
    // Half of ~1,110 days' working hours (5 of 7 days, 10 h each) ran: about 3,960 h.
    let used = sla.resolution.used_seconds / 3600;
    assert!((3_700..4_200).contains(&used), "{used} h");
    assert_eq!((sla.resolution.state, sla.resolution.due_at), (SlaState::Paused, None));
    assert_eq!((sla.first_response.state, sla.state), (SlaState::Breached, SlaState::Breached));
}

#[test]
fn states_round_trip_by_name() {
    for s in SlaState::ALL {
        assert_eq!(SlaState::parse(s.as_str()), Ok(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(SlaState::parse("late").unwrap_err(), "must be on_track, at_risk, breached, paused or met");
}
