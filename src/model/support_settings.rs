//! Admin → support settings: the company calendar the SLA clocks count in (time zone, working days
//! and hours, holidays), the SLA policy of each priority, how new tickets are assigned, when a quiet
//! resolved ticket closes itself and how long customer ticket links work. The form as typed, its
//! checks, and what the page shows.
use super::ticket::{AssignmentRule, Priority};
use super::validate::{flag, integer_in, FieldErrors};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// ISO weekday numbers 1 (Monday) to 7 with their names, in the order the form shows them.
pub const WEEKDAYS: [(usize, &str); 7] =
    [(1, "Monday"), (2, "Tuesday"), (3, "Wednesday"), (4, "Thursday"), (5, "Friday"), (6, "Saturday"), (7, "Sunday")];

/// Targets are whole minutes up to a year, as the database's CHECK allows.
pub const MAX_TARGET_MINUTES: i64 = 525_600;
const MAX_HOLIDAYS: usize = 366;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyDto {
    pub priority: Priority,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
    /// 24×7: wall-clock time counts, not the working hours.
    pub all_day: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportSettingsDto {
    /// An IANA name such as Europe/Berlin.
    pub timezone: String,
    /// Monday first.
    pub work_days: [bool; 7],
    pub work_start: String,
    pub work_end: String,
    pub holidays: Vec<(NaiveDate, String)>,
    pub assignment: AssignmentRule,
    pub auto_close_days: i64,
    pub link_days: i64,
    /// One per priority, urgent first.
    pub policies: Vec<PolicyDto>,
}

/// What the support settings page shows: the settings and their timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportSettingsView {
    pub settings: SupportSettingsDto,
    pub events: Vec<super::timeline::TimelineEvent>,
}

/// The form as typed. Working days are checkboxes `day1` … `day7`; holidays one per line
/// ("2026-12-25 Christmas Day"); policies one row per priority.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportSettingsForm {
    pub timezone: String,
    pub day1: String,
    pub day2: String,
    pub day3: String,
    pub day4: String,
    pub day5: String,
    pub day6: String,
    pub day7: String,
    pub work_start: String,
    pub work_end: String,
    pub holidays: String,
    pub assignment: String,
    pub auto_close_days: String,
    pub link_days: String,
    pub policies: Vec<PolicyForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyForm {
    pub priority: String,
    pub first_response_minutes: String,
    pub resolution_minutes: String,
    pub all_day: String,
}

impl SupportSettingsForm {
    fn days(&self) -> [&str; 7] {
        [&self.day1, &self.day2, &self.day3, &self.day4, &self.day5, &self.day6, &self.day7]
    }
}

impl From<&SupportSettingsDto> for SupportSettingsForm {
    fn from(s: &SupportSettingsDto) -> SupportSettingsForm {
        let day = |i: usize| if s.work_days[i] { "on".to_string() } else { String::new() };
        SupportSettingsForm {
            timezone: s.timezone.clone(),
            day1: day(0),
            day2: day(1),
            day3: day(2),
            day4: day(3),
            day5: day(4),
            day6: day(5),
            day7: day(6),
            work_start: s.work_start.clone(),
            work_end: s.work_end.clone(),
            holidays: s.holidays.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>().join("\n"),
            assignment: s.assignment.as_str().to_string(),
            auto_close_days: s.auto_close_days.to_string(),
            link_days: s.link_days.to_string(),
            policies: s
                .policies
                .iter()
                .map(|p| PolicyForm {
                    priority: p.priority.as_str().to_string(),
                    first_response_minutes: p.first_response_minutes.to_string(),
                    resolution_minutes: p.resolution_minutes.to_string(),
                    all_day: if p.all_day { "on".into() } else { String::new() },
                })
                .collect(),
        }
    }
}

/// The checked settings. The time zone name is checked against the zone database on the server
/// (the client does not carry it).
#[derive(Clone, Debug, PartialEq)]
pub struct SupportSettingsInput {
    pub timezone: String,
    pub work_days: [bool; 7],
    pub work_start: NaiveTime,
    pub work_end: NaiveTime,
    pub holidays: Vec<(NaiveDate, String)>,
    pub assignment: AssignmentRule,
    pub auto_close_days: i64,
    pub link_days: i64,
    pub policies: Vec<PolicyDto>,
}

/// "09:00" → 09:00; hours and minutes only, as the calendar keeps them.
fn time_of_day(e: &mut FieldErrors, field: &str, v: &str) -> NaiveTime {
    NaiveTime::parse_from_str(v.trim(), "%H:%M").unwrap_or_else(|_| {
        e.add(field, "must be a time of day such as 09:00");
        NaiveTime::MIN
    })
}

/// One holiday per line, "YYYY-MM-DD name" (the name may be left out); sorted, each day once.
pub fn parse_holidays(text: &str) -> Result<Vec<(NaiveDate, String)>, String> {
    let mut out: Vec<(NaiveDate, String)> = Vec::new();
    for (i, line) in text.lines().map(str::trim).enumerate().filter(|(_, l)| !l.is_empty()) {
        let (day, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| format!("line {}: must start with a date such as 2026-12-25", i + 1))?;
        let name = match name.trim() {
            "" => "Holiday".to_string(),
            n if n.chars().count() > 100 => {
                return Err(format!("line {}: the name is longer than 100 characters", i + 1))
            }
            n => n.to_string(),
        };
        if out.iter().any(|(d, _)| *d == day) {
            return Err(format!("line {}: {day} is listed twice", i + 1));
        }
        out.push((day, name));
    }
    if out.len() > MAX_HOLIDAYS {
        return Err(format!("at most {MAX_HOLIDAYS} holidays"));
    }
    out.sort();
    Ok(out)
}

impl SupportSettingsInput {
    pub fn parse(f: &SupportSettingsForm) -> Result<SupportSettingsInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let timezone = f.timezone.trim().to_string();
        if timezone.is_empty() || timezone.len() > 64 {
            e.add("timezone", "must be a time zone name such as Europe/Berlin or UTC");
        }
        let mut work_days = [false; 7];
        for (i, v) in f.days().into_iter().enumerate() {
            work_days[i] = flag(v);
        }
        if !work_days.contains(&true) {
            e.add("work_days", "must include at least one working day");
        }
        let work_start = time_of_day(&mut e, "work_start", &f.work_start);
        let work_end = time_of_day(&mut e, "work_end", &f.work_end);
        if e.get("work_start").is_none() && e.get("work_end").is_none() && work_start >= work_end {
            e.add("work_end", "must be after the start of the working day");
        }
        let holidays = parse_holidays(&f.holidays).unwrap_or_else(|m| {
            e.add("holidays", m);
            vec![]
        });
        let assignment = AssignmentRule::parse(f.assignment.trim()).unwrap_or_else(|m| {
            e.add("assignment", m);
            AssignmentRule::Manual
        });
        let auto_close_days = integer_in(&mut e, "auto_close_days", &f.auto_close_days, 1, 365, None);
        let link_days = integer_in(&mut e, "link_days", &f.link_days, 1, 3650, None);
        let mut policies = Vec::new();
        for p in &f.policies {
            let Ok(priority) = Priority::parse(p.priority.trim()) else {
                e.add("policies", "names an unknown priority");
                continue;
            };
            let field = |what: &str| format!("{what}_{}", priority.as_str());
            let minutes =
                |e: &mut FieldErrors, what: &str, v: &str| integer_in(e, &field(what), v, 1, MAX_TARGET_MINUTES, None);
            let first_response_minutes = minutes(&mut e, "first_response", &p.first_response_minutes);
            let resolution_minutes = minutes(&mut e, "resolution", &p.resolution_minutes);
            if first_response_minutes > resolution_minutes && resolution_minutes > 0 {
                e.add(&field("resolution"), "must be at least the first-response target");
            }
            policies.push(PolicyDto {
                priority,
                first_response_minutes,
                resolution_minutes,
                all_day: flag(&p.all_day),
            });
        }
        for priority in Priority::ALL {
            if policies.iter().filter(|p| p.priority == priority).count() != 1 {
                e.add("policies", "must have exactly one row per priority");
                break;
            }
        }
        e.finish(|| SupportSettingsInput {
            timezone,
            work_days,
            work_start,
            work_end,
            holidays,
            assignment,
            auto_close_days,
            link_days,
            policies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SupportSettingsForm {
        SupportSettingsForm {
            timezone: "Europe/Berlin".into(),
            day1: "on".into(),
            day5: "on".into(),
            work_start: "08:30".into(),
            work_end: "17:00".into(),
            holidays: "2026-12-25 Christmas Day\n\n2026-12-24\n".into(),
            assignment: "round_robin".into(),
            auto_close_days: "5".into(),
            link_days: "30".into(),
            policies: Priority::ALL
                .iter()
                .map(|p| PolicyForm {
                    priority: p.as_str().into(),
                    first_response_minutes: "60".into(),
                    resolution_minutes: "480".into(),
                    all_day: if *p == Priority::Urgent { "on".into() } else { String::new() },
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_parses_and_round_trips() {
        let s = SupportSettingsInput::parse(&good()).unwrap();
        assert_eq!(s.work_days, [true, false, false, false, true, false, false]);
        assert_eq!(s.work_start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(s.holidays, vec![(d(12, 24), "Holiday".into()), (d(12, 25), "Christmas Day".into())]);
        assert_eq!(s.assignment, AssignmentRule::RoundRobin);
        assert!(s.policies.iter().all(|p| p.all_day == (p.priority == Priority::Urgent)));
        let dto = SupportSettingsDto {
            timezone: s.timezone.clone(),
            work_days: s.work_days,
            work_start: "08:30".into(),
            work_end: "17:00".into(),
            holidays: s.holidays.clone(),
            assignment: s.assignment,
            auto_close_days: s.auto_close_days,
            link_days: s.link_days,
            policies: s.policies.clone(),
        };
        assert_eq!(SupportSettingsInput::parse(&SupportSettingsForm::from(&dto)).unwrap(), s);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut f = good();
        f.timezone = " ".into();
        f.day1.clear();
        f.day5.clear();
        f.work_start = "9am".into();
        f.holidays = "25.12.2026 Christmas".into();
        f.assignment = "lottery".into();
        f.auto_close_days = "0".into();
        f.link_days = "x".into();
        f.policies[1].first_response_minutes = "0".into();
        f.policies[2].first_response_minutes = "600".into();
        let e = SupportSettingsInput::parse(&f).unwrap_err();
        for field in [
            "timezone",
            "work_days",
            "work_start",
            "holidays",
            "assignment",
            "auto_close_days",
            "link_days",
            "first_response_medium",
            "resolution_high",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
    }

    #[test]
    fn hours_must_run_forward_and_each_priority_needs_one_row() {
        let mut f = good();
        f.work_end = "08:00".into();
        f.policies.pop();
        let e = SupportSettingsInput::parse(&f).unwrap_err();
        assert_eq!(e.get("work_end").unwrap(), &vec!["must be after the start of the working day".to_string()]);
        assert!(e.get("policies").is_some());
        assert_eq!(parse_holidays("2026-01-01 a\n2026-01-01 b").unwrap_err(), "line 2: 2026-01-01 is listed twice");
    }
}
