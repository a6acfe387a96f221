//! Scheduled jobs with two instances, and email through a real SMTP server on loopback.
use crate::common::*;
use aftersale::error::AppError;
use aftersale::server::jobs::{Job, JobRunner};
use aftersale::server::{db, state::AppState};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Default)]
struct Probe {
    running: AtomicUsize,
    max_running: AtomicUsize,
    runs: AtomicUsize,
}

fn probe_job(probe: Arc<Probe>, every: Duration) -> Job {
    Job::new("probe", every, move |_s: AppState| {
        let p = probe.clone();
        async move {
            let now = p.running.fetch_add(1, Ordering::SeqCst) + 1;
            p.max_running.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(40)).await;
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
async fn without_smtp_emails_are_held_in_the_outbox_for_admins() {
    let app = spawn().await;
    let id = app.queue_mail("zoe@test.example", "Your invoice", "Hello Zoë").await;
    let (sent, row) = app.deliver(id).await;
    assert_eq!((sent, row.status.as_str()), (0, "held"));
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&web, "/admin/outbox?status=held").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(html.contains("Your invoice") && html.contains("Hello Zoë"));
}

#[tokio::test]
async fn email_goes_through_a_real_smtp_server_on_loopback() {
    let (mut sink, dir, url) = smtp_sink().await;
    let app = spawn_with(&[("SMTP_URL", &url), ("AFTERSALE_MAIL_FROM", "Aftersale <billing@test.example>")]).await;
    let id = app
        .queue_mail("Zoë Łukasiewicz <zoe@test.example>", "Invoice INV-2026-000042", "Dear Zoë,\nplease find…")
        .await;
    let (sent, row) = app.deliver(id).await;
    assert_eq!((sent, row.status.as_str(), row.attempts), (1, "sent", 1));
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "the server received one message");
    let raw = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(raw.contains("Subject: Invoice INV-2026-000042"), "{raw}");
    assert!(raw.contains("zoe@test.example") && raw.contains("billing@test.example"));
    assert_eq!(app.deliver(id).await.0, 0, "sent once, not again");
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

#[tokio::test]
async fn an_unreachable_smtp_server_leaves_the_email_queued_for_retry() {
    let app = spawn_with(&[("SMTP_URL", &format!("smtp://127.0.0.1:{}", free_port()))]).await;
    let id = app.queue_mail("a@test.example", "S", "B").await;
    let (sent, row) = app.deliver(id).await;
    assert_eq!((sent, row.status.as_str(), row.attempts), (0, "queued", 1));
    assert!(row.last_error.is_some());
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
    db::login_attempts::record(pool, "fresh@test.example", "192.0.2.1", false).await.unwrap();
    let housekeeping = aftersale::server::jobs::builtin().into_iter().find(|j| j.name == "housekeeping").unwrap();
    assert!(JobRunner::new(app.state.clone(), "test", vec![]).run_once(&housekeeping).await.unwrap());
    let left: Vec<String> = sqlx::query_scalar("SELECT email_lower FROM login_attempts").fetch_all(pool).await.unwrap();
    assert_eq!(left, ["fresh@test.example"]);
    let run = &db::jobs::recent_runs(pool, Some("housekeeping"), 1).await.unwrap()[0];
    assert_eq!(run.ok, Some(true));
    assert!(run.message.as_deref().unwrap().starts_with("pruned 1 login attempts"), "{:?}", run.message);
}
