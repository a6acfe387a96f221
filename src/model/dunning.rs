//! The reminder schedule (days relative to the due date, e.g. "-3,0,7,14") and which step is due
//! for an invoice today. Each step is sent at most once per invoice; steps missed while nobody ran
//! the job are skipped rather than sent in a burst.
use chrono::NaiveDate;

/// Parses "-3, 0, 7, 14": whole days from 60 before to 365 after the due date, sorted, unique.
pub fn parse_schedule(s: &str) -> Result<Vec<i64>, String> {
    let mut steps = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<i64>() {
            Ok(n) if (-60..=365).contains(&n) => steps.push(n),
            _ => return Err("must be whole days from -60 to 365, separated by commas, such as -3, 0, 7, 14".into()),
        }
    }
    if steps.len() > 10 {
        return Err("may have at most 10 steps".into());
    }
    steps.sort_unstable();
    steps.dedup();
    Ok(steps)
}

/// The schedule as people type it.
pub fn format_schedule(steps: &[i64]) -> String {
    steps.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// The step to send today, if any: the latest step whose day has come, unless it was sent.
pub fn due_step(steps: &[i64], due: NaiveDate, today: NaiveDate, sent: &[i64]) -> Option<i64> {
    let days = (today - due).num_days();
    let latest = steps.iter().copied().filter(|s| *s <= days).max()?;
    (!sent.contains(&latest)).then_some(latest)
}

/// How a reminder describes where the invoice stands.
pub fn describe_step(step: i64) -> String {
    match step {
        s if s < 0 => format!("is due in {} day{}", -s, if s == -1 { "" } else { "s" }),
        0 => "is due today".into(),
        s => format!("is {s} day{} overdue", if s == 1 { "" } else { "s" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_parse_sorted_and_refuse_junk() {
        assert_eq!(parse_schedule("14, -3,0,7,7").unwrap(), vec![-3, 0, 7, 14]);
        assert_eq!(parse_schedule("").unwrap(), Vec::<i64>::new());
        assert!(parse_schedule("soon").is_err() && parse_schedule("400").is_err());
        assert_eq!(format_schedule(&[-3, 0, 7]), "-3, 0, 7");
    }

    #[test]
    fn the_latest_step_that_has_come_is_sent_once() {
        let due = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let steps = [-3, 0, 7, 14];
        let day = |d: i64| due + chrono::Duration::days(d);
        assert_eq!(due_step(&steps, due, day(-5), &[]), None, "too early");
        assert_eq!(due_step(&steps, due, day(-3), &[]), Some(-3));
        assert_eq!(due_step(&steps, due, day(-1), &[-3]), None, "already sent");
        assert_eq!(due_step(&steps, due, day(0), &[-3]), Some(0));
        assert_eq!(due_step(&steps, due, day(20), &[-3]), Some(14), "missed steps are skipped");
        assert_eq!(describe_step(-3), "is due in 3 days");
        assert_eq!(describe_step(1), "is 1 day overdue");
    }
}
