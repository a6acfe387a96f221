//! The SLA clocks' cost per ticket: `model::sla::compute` (both clocks, due and at-risk instants,
//! states) over generated tickets — 1 to 8 status changes over up to 30 days, Mon–Fri 09:00–17:00
//! Europe/Berlin with ten holidays — beside the naive way, the resolution clock's used business
//! time counted minute by minute. Both must agree on every ticket (the run fails otherwise).
//! Usage: sla_bench N
//! Prints: tickets=N p50_us=… p99_us=… naive_p50_us=… naive_p99_us=… agree=N
#[cfg(feature = "ssr")]
fn main() {
    bench::run();
}

#[cfg(not(feature = "ssr"))]
fn main() {}

#[cfg(feature = "ssr")]
mod bench {
    use aftersale::model::business_hours::Calendar;
    use aftersale::model::sla::{compute, Policy, StatusChange};
    use aftersale::model::ticket::TicketStatus;
    use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
    use std::hint::black_box;
    use std::time::Instant;

    /// A small deterministic generator (no dependency, same tickets every run).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// A history without reopening: open, then work and waits, perhaps resolved at the end; minute
    /// aligned, so the minute count is exact.
    fn ticket(rng: &mut Lcg, now: DateTime<Utc>) -> Vec<StatusChange> {
        let created = now - Duration::minutes(rng.next(30 * 24 * 60) as i64 + 60);
        let mut h = vec![StatusChange { at: created, status: TicketStatus::Open }];
        let span = (now - created).num_minutes();
        let changes = rng.next(8);
        let mut at = created;
        for i in 0..changes {
            at += Duration::minutes(1 + rng.next((span / 9).max(1) as u64) as i64);
            let status = if i + 1 == changes && rng.next(3) == 0 {
                TicketStatus::Resolved
            } else if i % 2 == 0 {
                TicketStatus::InProgress
            } else {
                TicketStatus::Waiting
            };
            h.push(StatusChange { at, status });
        }
        h
    }

    /// Business seconds the resolution clock used, by walking every minute.
    fn naive(cal: &Calendar, h: &[StatusChange], now: DateTime<Utc>) -> i64 {
        let end = h.iter().find(|c| c.status == TicketStatus::Resolved).map_or(now, |c| c.at);
        let mut used = 0;
        let mut t = h[0].at;
        let mut k = 0;
        while t < end {
            while k + 1 < h.len() && h[k + 1].at <= t {
                k += 1;
            }
            if h[k].status.clock_runs() && cal.is_open(t) {
                used += 60;
            }
            t += Duration::minutes(1);
        }
        used
    }

    fn percentile(sorted: &[f64], p: f64) -> f64 {
        sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
    }

    pub fn run() {
        let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
        let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
        let holidays = [(1, 1), (4, 3), (4, 6), (5, 1), (5, 14), (5, 25), (10, 3), (12, 24), (12, 25), (12, 26)];
        let hours = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).expect("a time");
        let cal = Calendar::new(
            chrono_tz::Europe::Berlin,
            [true, true, true, true, true, false, false],
            hours(9),
            hours(17),
            holidays.iter().map(|&(m, d)| day(m, d)).collect(),
        )
        .expect("a calendar");
        let policy = Policy { first_response_minutes: 240, resolution_minutes: 2400, all_day: false };
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).single().expect("now");
        let mut rng = Lcg(42);
        let tickets: Vec<Vec<StatusChange>> = (0..n).map(|_| ticket(&mut rng, now)).collect();
        let responded = |h: &[StatusChange]| h.get(1).map(|c| c.at);

        let (mut ours, mut theirs) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut agree = 0;
        for h in &tickets {
            let t0 = Instant::now();
            let sla = black_box(compute(&cal, &policy, black_box(h), responded(h), now));
            ours.push(t0.elapsed().as_secs_f64() * 1e6);
            let t0 = Instant::now();
            let used = black_box(naive(&cal, black_box(h), now));
            theirs.push(t0.elapsed().as_secs_f64() * 1e6);
            if used == sla.resolution.used_seconds {
                agree += 1;
            }
        }
        ours.sort_by(f64::total_cmp);
        theirs.sort_by(f64::total_cmp);
        println!(
            "tickets={n} p50_us={:.2} p99_us={:.2} naive_p50_us={:.1} naive_p99_us={:.1} agree={agree}",
            percentile(&ours, 0.5),
            percentile(&ours, 0.99),
            percentile(&theirs, 0.5),
            percentile(&theirs, 0.99),
        );
        if agree != n {
            eprintln!("{} tickets disagree with the minute count", n - agree);
            std::process::exit(1);
        }
    }
}
