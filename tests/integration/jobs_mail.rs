//! Scheduled jobs with two instances, and email through a real SMTP server on loopback: backoff
//! through an outage, one claim per message, customer links wiped once sent, and a runner that
//! survives panics, renews its leases and shuts down within a bound.
use crate::common::*;
use aftersale::error::AppError;
use aftersale::server::jobs::{Job, JobRunner};
use aftersale::server::{db, state::AppState};
use chrono::Utc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod delivery;

#[derive(Default)]
struct Probe {
    running: AtomicUsize,
    max_running: AtomicUsize,
    runs: AtomicUsize,
}

fn probe_job(probe: Arc<Probe>, every: Duration) -> Job {
    busy_probe_job(probe, every, Duration::from_millis(40))
}

fn busy_probe_job(probe: Arc<Probe>, every: Duration, busy: Duration) -> Job {
    Job::new("probe", every, move |_s: AppState| {
        let p = probe.clone();
        async move {
            let now = p.running.fetch_add(1, Ordering::SeqCst) + 1;
            p.max_running.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(busy).await;
            p.running.fetch_sub(1, Ordering::SeqCst);
            p.runs.fetch_add(1, Ordering::SeqCst);
            Ok::<_, AppError>("probed".to_string())
        }
    })
}

async fn run_two_instances(app: &TestApp, job: Job, for_ms: u64) {
    let (stop, rx) = tokio::sync::watch::channel(false);
    let a = JobRunner::new(app.state.clone(), "instance-a", vec![job.clone()]).with_tick(Duration::from_millis(5));
    let b = JobRunner::new(app.state.clone(), "instance-b", vec![job]).with_tick(Duration::from_millis(5));
    let (ha, hb) = (tokio::spawn(a.run(rx.clone())), tokio::spawn(b.run(rx)));
    tokio::time::sleep(Duration::from_millis(for_ms)).await;
    stop.send(true).unwrap();
    ha.await.unwrap();
    hb.await.unwrap();
}

#[tokio::test]
async fn two_instances_never_run_the_same_job_at_once() {
    let app = spawn().await;
    let probe = Arc::new(Probe::default());
    run_two_instances(&app, probe_job(probe.clone(), Duration::ZERO), 1500).await;
    let runs = probe.runs.load(Ordering::SeqCst);
    assert_eq!(probe.max_running.load(Ordering::SeqCst), 1, "never two at once");
    assert!(runs >= 5, "the job kept running: {runs}");
    let logged = db::jobs::recent_runs(&app.state.pool, Some("probe"), 1000).await.unwrap();
    assert_eq!(logged.len(), runs);
    assert!(logged.iter().all(|r| r.ok == Some(true) && r.message.as_deref() == Some("probed")));
    let mut spans: Vec<_> = logged.iter().map(|r| (r.started_at, r.finished_at.unwrap())).collect();
    spans.sort();
    assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "logged runs do not overlap");
}

#[tokio::test]
async fn a_job_runs_once_per_interval_across_instances() {
    let app = spawn().await;
    let probe = Arc::new(Probe::default());
    run_two_instances(&app, probe_job(probe.clone(), Duration::from_secs(3600)), 600).await;
    assert_eq!(probe.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_job_that_runs_longer_than_its_lease_keeps_it_on_two_instances() {
    let app = spawn().await;
    let probe = Arc::new(Probe::default());
    let mut job = busy_probe_job(probe.clone(), Duration::ZERO, Duration::from_millis(1000));
    job.lease = Duration::from_millis(400);
    run_two_instances(&app, job, 2500).await;
    assert_eq!(probe.max_running.load(Ordering::SeqCst), 1, "the lease was renewed while it ran");
    assert!(probe.runs.load(Ordering::SeqCst) >= 2, "and given back after each run");
}

#[tokio::test]
async fn a_job_that_panics_is_retried_at_the_next_tick_while_the_others_keep_running() {
    let app = spawn().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let panicky = Job::new("panicky", Duration::from_secs(3600), {
        let calls = calls.clone();
        move |_s: AppState| {
            let calls = calls.clone();
            async move {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    panic!("boom on the first run");
                }
                Ok::<_, AppError>("recovered".to_string())
            }
        }
    });
    let probe = Arc::new(Probe::default());
    let runner = JobRunner::new(app.state.clone(), "solo", vec![panicky, probe_job(probe.clone(), Duration::ZERO)])
        .with_tick(Duration::from_millis(5));
    let (stop, rx) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(runner.run(rx));
    // Polled rather than slept for a fixed time: the machine may be busy.
    for _ in 0..1000 {
        if calls.load(Ordering::SeqCst) >= 2 && probe.runs.load(Ordering::SeqCst) >= 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!handle.is_finished(), "the runner survived the panic");
    stop.send(true).unwrap();
    handle.await.expect("the runner ends normally");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "retried once at the next tick, then due again in an hour");
    assert!(probe.runs.load(Ordering::SeqCst) >= 5, "the other job kept running");
    let mut runs = db::jobs::recent_runs(&app.state.pool, Some("panicky"), 10).await.unwrap();
    runs.reverse();
    let logged: Vec<_> = runs.iter().map(|r| (r.ok, r.message.clone().unwrap_or_default())).collect();
    assert_eq!(logged, [(Some(false), "panicked: boom on the first run".into()), (Some(true), "recovered".into())]);
}

/// Counts its drops: proof that a stopped job's future was dropped, not left running.
struct DropCount(Arc<AtomicUsize>);
impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn sleeper(name: &'static str, busy: Duration, started: Arc<AtomicUsize>, dropped: Arc<AtomicUsize>) -> Job {
    Job::new(name, Duration::from_secs(3600), move |_s: AppState| {
        let (started, guard) = (started.clone(), DropCount(dropped.clone()));
        async move {
            started.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(busy).await;
            drop(guard);
            Ok::<_, AppError>(format!("{name} done"))
        }
    })
}

#[tokio::test]
async fn shutdown_lets_a_short_job_finish_and_stops_a_long_one_after_the_grace_period() {
    let app = spawn().await;
    let started = Arc::new(AtomicUsize::new(0));
    let (short_dropped, long_dropped) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let jobs = vec![
        sleeper("short", Duration::from_millis(300), started.clone(), short_dropped.clone()),
        sleeper("long", Duration::from_secs(60), started.clone(), long_dropped.clone()),
    ];
    let runner = JobRunner::new(app.state.clone(), "stopping", jobs)
        .with_tick(Duration::from_millis(5))
        .with_grace(Duration::from_secs(1));
    let (stop, rx) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(runner.run(rx));
    for _ in 0..200 {
        if started.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(started.load(Ordering::SeqCst), 2, "both jobs run at once, each in its own task");
    stop.send(true).unwrap();
    let begun = std::time::Instant::now();
    tokio::time::timeout(Duration::from_secs(5), handle).await.expect("shutdown is bounded").unwrap();
    assert!(begun.elapsed() >= Duration::from_millis(900), "it waited the grace period: {:?}", begun.elapsed());
    assert_eq!((short_dropped.load(Ordering::SeqCst), long_dropped.load(Ordering::SeqCst)), (1, 1));
    let pool = &app.state.pool;
    let short = &db::jobs::recent_runs(pool, Some("short"), 1).await.unwrap()[0];
    assert_eq!((short.ok, short.message.as_deref()), (Some(true), Some("short done")), "the short job finished");
    let long = &db::jobs::recent_runs(pool, Some("long"), 1).await.unwrap()[0];
    assert_eq!(long.ok, Some(false));
    assert!(long.finished_at.is_some() && long.message.as_deref().unwrap().contains("shutdown"), "{long:?}");
    let now = Utc::now();
    let hour_ago = now - chrono::Duration::hours(1);
    assert!(
        db::jobs::try_acquire(pool, "long", "next-instance", now, now + chrono::Duration::minutes(1), hour_ago)
            .await
            .unwrap(),
        "the stopped job's lease was given back and it is due at once"
    );
}

#[tokio::test]
async fn housekeeping_prunes_what_is_past_its_time_and_keeps_the_rest() {
    let app = spawn().await;
    let pool = &app.state.pool;
    let two_days_ago = chrono::Utc::now() - chrono::Duration::days(2);
    sqlx::query("INSERT INTO login_attempts (email_lower, ip, succeeded, at) VALUES ($1, $2, FALSE, $3)")
        .bind("old@test.example")
        .bind("192.0.2.1")
        .bind(two_days_ago)
        .execute(pool)
        .await
        .unwrap();
    db::login_attempts::begin(pool, "fresh@test.example", "192.0.2.1").await.unwrap();
    let housekeeping = aftersale::server::jobs::builtin().into_iter().find(|j| j.name == "housekeeping").unwrap();
    assert!(JobRunner::new(app.state.clone(), "test", vec![]).run_once(&housekeeping).await.unwrap());
    let left: Vec<String> = sqlx::query_scalar("SELECT email_lower FROM login_attempts").fetch_all(pool).await.unwrap();
    assert_eq!(left, ["fresh@test.example"]);
    let run = &db::jobs::recent_runs(pool, Some("housekeeping"), 1).await.unwrap()[0];
    assert_eq!(run.ok, Some(true));
    assert!(run.message.as_deref().unwrap().starts_with("pruned 1 login attempts"), "{:?}", run.message);
}
