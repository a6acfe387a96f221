//! A company calendar (working days and hours in the company's timezone, a holiday list) and the
//! business time it counts: what the SLA clocks (`model::sla`) run on. Server only: the browser
//! never computes clocks, so chrono-tz stays out of the wasm.
//!
//! Working hours are local times. On a DST day an `open` or `close` time that does not exist (the
//! spring-forward gap) means the first instant after the gap; an ambiguous one (fall-back) means
//! its earliest instant. Holidays are local dates: the whole day is closed. Instants are counted to
//! the whole second (sub-second parts are dropped), which keeps the sums exact and additive.
//!
//! Every function walks the calendar day by day (O(days), never O(minutes)), and the searches
//! forward stop after `SEARCH_DAYS`, so a calendar whose every working day is a holiday cannot loop.
use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// How far `next_opening` and `add_business_seconds` look ahead (about 20 years) before giving up
/// and returning that bound.
const SEARCH_DAYS: u64 = 20 * 366;
const DAY_SECONDS: i64 = 86_400;

/// Working days and hours in a timezone, and the holidays on which it is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub tz: Tz,
    /// Monday first.
    pub work_days: [bool; 7],
    pub open: NaiveTime,
    pub close: NaiveTime,
    pub holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Checks: at least one working day, open < close (same-day hours; no overnight shifts).
    pub fn new(
        tz: Tz,
        work_days: [bool; 7],
        open: NaiveTime,
        close: NaiveTime,
        holidays: BTreeSet<NaiveDate>,
    ) -> Result<Calendar, String> {
        if !work_days.contains(&true) {
            return Err("must have at least one working day".into());
        }
        if open >= close {
            return Err("the opening time must be before the closing time".into());
        }
        Ok(Calendar { tz, work_days, open, close, holidays })
    }

    /// Mon–Fri 09:00–17:00 UTC, no holidays (tests and a fresh install before settings are read).
    pub fn standard() -> Calendar {
        Calendar {
            tz: Tz::UTC,
            work_days: [true, true, true, true, true, false, false],
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            close: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            holidays: BTreeSet::new(),
        }
    }

    /// Inside working hours.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let s = t.timestamp();
        let d = self.local_date(s);
        self.windows(prev(d), next(d)).any(|(start, end)| start <= s && s < end)
    }

    /// The start of the next working hours; `t` itself when open.
    pub fn next_opening(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let s = t.timestamp();
        let d = self.local_date(s);
        match self.windows(prev(d), ahead(d)).find(|&(_, end)| end > s) {
            Some((start, _)) if start <= s => t,
            Some((start, _)) => at(start),
            None => at(s.saturating_add(SEARCH_DAYS as i64 * DAY_SECONDS)),
        }
    }

    /// Seconds of working time in [a, b) (0 when b <= a). `all_day` = a 24×7 policy: plain b - a.
    pub fn business_seconds(&self, all_day: bool, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let (a, b) = (a.timestamp(), b.timestamp());
        if b <= a {
            return 0;
        }
        if all_day {
            return b - a;
        }
        // One day either side: a window belongs to its local date, and around a DST change or an
        // offset near ±24 h its instants can sit on the neighbouring UTC-derived date.
        self.windows(prev(self.local_date(a)), next(self.local_date(b)))
            .map(|(start, end)| (end.min(b) - start.max(a)).max(0))
            .sum()
    }

    /// The earliest t >= from with business_seconds(all_day, from, t) == secs (secs >= 0).
    pub fn add_business_seconds(&self, all_day: bool, from: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        if secs <= 0 {
            return from;
        }
        let s = from.timestamp();
        if all_day {
            return at(s.saturating_add(secs));
        }
        let d = self.local_date(s);
        let mut left = secs;
        for (start, end) in self.windows(prev(d), ahead(d)) {
            let lo = start.max(s);
            if end <= lo {
                continue;
            }
            if end - lo >= left {
                return at(lo + left);
            }
            left -= end - lo;
        }
        at(s.saturating_add(SEARCH_DAYS as i64 * DAY_SECONDS))
    }

    /// The working hours of the local dates first..=last as [start, end) Unix seconds, in order and
    /// disjoint (a window is clipped to its predecessor's end, should a DST oddity make them touch).
    fn windows(&self, first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = (i64, i64)> + '_ {
        let mut prev_end = i64::MIN;
        first.iter_days().take_while(move |d| *d <= last).filter_map(move |d| {
            let (start, end) = self.window(d)?;
            let start = start.max(prev_end);
            if end <= start {
                return None;
            }
            prev_end = end;
            Some((start, end))
        })
    }

    /// One local date's working hours, or None when it is closed (not a working day, a holiday,
    /// or hours swallowed whole by a DST gap).
    fn window(&self, d: NaiveDate) -> Option<(i64, i64)> {
        if !self.work_days[d.weekday().num_days_from_monday() as usize] || self.holidays.contains(&d) {
            return None;
        }
        let start = self.instant(d.and_time(self.open))?;
        let end = self.instant(d.and_time(self.close))?;
        (start < end).then_some((start, end))
    }

    /// A local wall-clock time as Unix seconds, by the DST rules in the module comment.
    fn instant(&self, local: NaiveDateTime) -> Option<i64> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.timestamp()),
            LocalResult::Ambiguous(a, b) => Some(a.timestamp().min(b.timestamp())),
            LocalResult::None => self.after_gap(local),
        }
    }

    /// The first instant whose local time is at or after `local` (a time inside a DST gap): a
    /// binary search over ±2 days of seconds, where the local time rises with the instant (no zone
    /// has a gap and an overlap within two days). Offsets are under 24 h, so the ends bracket it.
    fn after_gap(&self, local: NaiveDateTime) -> Option<i64> {
        let guess = local.and_utc().timestamp();
        let (mut lo, mut hi) = (guess - 2 * DAY_SECONDS, guess + 2 * DAY_SECONDS);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.local_time(mid)? >= local {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    fn local_time(&self, s: i64) -> Option<NaiveDateTime> {
        DateTime::from_timestamp(s, 0).map(|t| t.with_timezone(&self.tz).naive_local())
    }

    fn local_date(&self, s: i64) -> NaiveDate {
        self.local_time(s).map(|t| t.date()).unwrap_or(if s < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
    }
}

/// "1,2,3,4,5" (ISO weekday numbers, 1 = Monday) -> [bool; 7]; spaces are ignored.
pub fn parse_work_days(s: &str) -> Result<[bool; 7], String> {
    const MESSAGE: &str = "must be weekday numbers 1 to 7 separated by commas (1 = Monday), such as 1,2,3,4,5";
    let mut days = [false; 7];
    for part in s.split(',') {
        let n: usize = part.trim().parse().map_err(|_| MESSAGE.to_string())?;
        if !(1..=7).contains(&n) {
            return Err(MESSAGE.into());
        }
        days[n - 1] = true;
    }
    Ok(days)
}

/// [bool; 7] -> "1,2,3,4,5" (ISO weekday numbers, 1 = Monday).
pub fn format_work_days(days: &[bool; 7]) -> String {
    (1..=7usize).filter(|n| days[n - 1]).map(|n| n.to_string()).collect::<Vec<_>>().join(",")
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or(if s < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC })
}

fn prev(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn ahead(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(SEARCH_DAYS)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn work_days_round_trip_and_bad_input_is_a_field_message() {
        assert_eq!(parse_work_days("1,2,3,4,5"), Ok([true, true, true, true, true, false, false]));
        assert_eq!(parse_work_days(" 7, 1 ,1"), Ok([true, false, false, false, false, false, true]));
        assert_eq!(format_work_days(&[true, false, true, false, false, false, true]), "1,3,7");
        for days in [[true; 7], Calendar::standard().work_days] {
            assert_eq!(parse_work_days(&format_work_days(&days)), Ok(days));
        }
        for bad in ["", "0", "8", "1,,2", "mon", "1;2"] {
            assert!(parse_work_days(bad).unwrap_err().starts_with("must be"), "{bad:?}");
        }
    }

    #[test]
    fn a_calendar_needs_a_working_day_and_opens_before_it_closes() {
        let (nine, five) = (NaiveTime::from_hms_opt(9, 0, 0).unwrap(), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        assert!(Calendar::new(Tz::UTC, [false; 7], nine, five, BTreeSet::new()).is_err());
        assert!(Calendar::new(Tz::UTC, [true; 7], five, nine, BTreeSet::new()).is_err());
        assert!(Calendar::new(Tz::UTC, [true; 7], nine, nine, BTreeSet::new()).is_err());
        assert_eq!(
            Calendar::new(Tz::UTC, [true, true, true, true, true, false, false], nine, five, BTreeSet::new()),
            Ok(Calendar::standard())
        );
    }

    #[test]
    fn the_standard_week_counts_eight_hours_a_weekday() {
        let c = Calendar::standard();
        // 2026-03-02 is a Monday.
        assert_eq!(c.business_seconds(false, utc("2026-03-02T00:00:00Z"), utc("2026-03-09T00:00:00Z")), 40 * 3600);
        assert_eq!(c.business_seconds(true, utc("2026-03-02T00:00:00Z"), utc("2026-03-09T00:00:00Z")), 168 * 3600);
        assert_eq!(c.business_seconds(false, utc("2026-03-02T12:00:00Z"), utc("2026-03-02T10:00:00Z")), 0);
        assert!(c.is_open(utc("2026-03-02T09:00:00Z")) && !c.is_open(utc("2026-03-02T17:00:00Z")));
        assert_eq!(c.next_opening(utc("2026-03-06T17:00:00Z")), utc("2026-03-09T09:00:00Z"));
        assert_eq!(c.next_opening(utc("2026-03-06T16:59:59.5Z")), utc("2026-03-06T16:59:59.5Z"));
        assert_eq!(c.add_business_seconds(false, utc("2026-03-06T16:00:00Z"), 3600), utc("2026-03-06T17:00:00Z"));
        assert_eq!(c.add_business_seconds(false, utc("2026-03-06T16:00:00Z"), 3601), utc("2026-03-09T09:00:01Z"));
    }

    #[test]
    fn a_spring_forward_gap_starts_the_day_after_the_gap() {
        // Europe/Berlin skips 02:00–03:00 on 2026-03-29 (01:00 UTC is 03:00 CEST).
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let c =
            Calendar::new("Europe/Berlin".parse().unwrap(), [true; 7], at(2, 30), at(4, 0), BTreeSet::new()).unwrap();
        assert_eq!(c.next_opening(utc("2026-03-29T00:00:00Z")), utc("2026-03-29T01:00:00Z"));
        assert_eq!(c.business_seconds(false, utc("2026-03-29T00:00:00Z"), utc("2026-03-30T00:00:00Z")), 3600);
        let c = Calendar { open: at(2, 15), close: at(2, 45), ..c };
        assert_eq!(c.business_seconds(false, utc("2026-03-28T00:00:00Z"), utc("2026-03-31T00:00:00Z")), 2 * 1800);
    }

    #[test]
    fn a_calendar_with_every_working_day_a_holiday_returns_the_bound() {
        let mut c = Calendar::standard();
        c.work_days = [true, false, false, false, false, false, false];
        let from = utc("2026-03-03T00:00:00Z");
        let mut d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        while d.year() < 2050 {
            c.holidays.insert(d);
            d = d.checked_add_days(Days::new(7)).unwrap();
        }
        let bound = from + chrono::Duration::days(SEARCH_DAYS as i64);
        assert_eq!(c.add_business_seconds(false, from, 60), bound);
        assert_eq!(c.next_opening(from), bound);
        assert!(!c.is_open(from));
    }
}
