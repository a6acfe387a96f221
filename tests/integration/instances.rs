//! Two instances, one PostgreSQL: how a company outgrows one machine. Real `aftersale serve`
//! processes on loopback share one database: a session made on one is valid on the other,
//! concurrent invoice issues over both get gapless numbers, each scheduled job runs once per
//! interval (not once per instance), and a SIGKILL of one under a write load loses no
//! acknowledged write while the other keeps answering. PostgreSQL only (main.rs gates it):
//! SQLite is one file on one machine, so it runs one instance (docs/deployment.md).
use crate::common::*;
use crate::invoices::invoice_draft;
use crate::orders::setup;
use aftersale::server::{db, jobs};
use futures::StreamExt;
use reqwest::cookie::CookieStore;
use reqwest::header::COOKIE;
use reqwest::{redirect::Policy, Client, Method, StatusCode};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const JOBS_OFF: &[(&str, &str)] = &[("AFTERSALE_JOBS", "off")];

/// A page as a browser asks for it: (status, body).
async fn page(client: &Client, instance: &Instance, path: &str) -> (StatusCode, String) {
    let res = client.get(instance.url(path)).header("accept", "text/html").send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A cookie-authenticated server fn call, with the `Origin` of the instance it goes to (the
/// CSRF check compares it with the instance's own origin).
async fn post_fn(client: &Client, instance: &Instance, name: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    call_server_fn(client, &instance.base, name, form).await
}

#[tokio::test]
async fn a_session_made_on_one_instance_is_valid_on_the_other_and_ends_on_both() {
    let app = spawn().await;
    let (a, b) = two_instances(&app.database_url, JOBS_OFF).await;
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let browser = Client::builder().cookie_provider(jar.clone()).redirect(Policy::none()).build().unwrap();
    let (status, body) = post_fn(&browser, &a, "login", &[("email", ADMIN_EMAIL), ("password", PASSWORD)]).await;
    assert!(status.is_success(), "signing in on A: {status} {body}");

    // Cookies are scoped by host, not by port (RFC 6265 §8.5), so what A set goes to B as well,
    // just as two instances behind one proxy host share it.
    let for_b = jar.cookies(&b.base.parse().unwrap()).map(|h| h.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(for_b.contains("aftersale_session="), "the jar sends A's session cookie to B: {for_b:?}");
    let (status, html) = page(&browser, &b, "/admin/users").await;
    assert_eq!(status, StatusCode::OK, "B knows the session A made");
    assert!(html.contains("Test Admin") && html.contains(ADMIN_EMAIL), "B shows the signed-in admin's page");
    let stranger = Client::builder().redirect(Policy::none()).build().unwrap();
    assert_eq!(page(&stranger, &b, "/admin/users").await.0, StatusCode::FOUND, "without the cookie B asks to sign in");

    // A write on B with A's session; the flash it leaves in the session shows on A.
    let (status, id) = post_fn(&browser, &b, "create_account", &[("form[name]", "Nordwind Handel")]).await;
    assert_eq!(status, StatusCode::OK, "creating an account on B with the session from A: {id}");
    let (status, html) = page(&browser, &a, &format!("/accounts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Account Nordwind Handel created."), "A shows the flash B put in the shared session");

    // Signing out on B deletes the session from the shared store: the same cookie, replayed on A
    // (a second tab, or a copy), is a stranger's there too.
    let old_cookie = jar.cookies(&a.base.parse().unwrap()).expect("a session cookie for A");
    let (status, _) = post_fn(&browser, &b, "logout", &[]).await;
    assert!(status.is_success() || status == StatusCode::FOUND, "signing out on B: {status}");
    let res = stranger
        .get(a.url("/admin/users"))
        .header("accept", "text/html")
        .header(COOKIE, old_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND, "the session ended on B is over on A");
}

#[tokio::test]
async fn a_hundred_concurrent_issues_over_two_instances_get_the_numbers_one_to_a_hundred() {
    let app = spawn().await;
    let s = setup(&app).await;
    let mut ids = vec![];
    for _ in 0..100 {
        ids.push(invoice_draft(&app, &s, 1).await["id"].clone());
    }
    let (a, b) = two_instances(&app.database_url, JOBS_OFF).await;
    let client = Client::new();
    let issues = ids.iter().enumerate().map(|(i, id)| {
        // Alternate, so both instances take the counter row's lock while the other holds it.
        let instance = if i % 2 == 0 { &a } else { &b };
        let req = client.post(instance.url(&format!("/api/v1/invoices/{id}/issue"))).bearer_auth(&s.token);
        async move {
            let res = req.send().await.unwrap();
            (i % 2, res.status(), res.json::<Value>().await.unwrap())
        }
    });
    let results = futures::future::join_all(issues).await;
    let prefix = format!("INV-{}-", chrono::Utc::now().format("%Y"));
    let mut numbers = vec![];
    let mut per_instance = [0, 0];
    for (instance, status, invoice) in &results {
        assert_eq!(*status, StatusCode::OK, "issuing through instance {}: {invoice}", ["A", "B"][*instance]);
        let number = invoice["number"].as_str().unwrap();
        assert!(number.starts_with(&prefix), "{number} is in this year's invoice series");
        numbers.push(number[prefix.len()..].parse::<i64>().unwrap());
        per_instance[*instance] += 1;
    }
    assert_eq!(per_instance, [50, 50], "half went through each instance");
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=100).collect::<Vec<i64>>(), "no gap, no duplicate across instances");
    // The counter row agrees with what was handed out: the next number is 101.
    let next = invoice_draft(&app, &s, 1).await;
    let (_, next) =
        app.api(Method::POST, &format!("/api/v1/invoices/{}/issue", next["id"]), Some(&s.token), None).await;
    assert_eq!(next["number"], format!("{prefix}000101"));
}

/// The finished runs of `job` so far.
async fn finished_runs(app: &TestApp, job: &str) -> Vec<db::jobs::JobRunRow> {
    let runs = db::jobs::recent_runs(&app.state.pool, Some(job), 1000).await.unwrap();
    runs.into_iter().filter(|r| r.finished_at.is_some()).collect()
}

/// Waits until `job` has finished `n` runs; panics after `within`.
async fn wait_for_runs(app: &TestApp, job: &str, n: usize, within: Duration) {
    let deadline = Instant::now() + within;
    while finished_runs(app, job).await.len() < n {
        assert!(Instant::now() < deadline, "{job} did not finish {n} runs within {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Queues three emails with subjects "{batch} 0..2"; returns the subjects.
async fn queue_three(app: &TestApp, batch: &str) -> Vec<String> {
    let mut subjects = vec![];
    for n in 0..3 {
        let subject = format!("{batch} {n}");
        app.queue_mail("zoe@test.example", &subject, "Dear Zoë").await;
        subjects.push(subject);
    }
    subjects
}

/// Waits a mail-delivery interval (30 s) twice, so the test takes a minute; it runs alongside
/// the rest of the suite. The interval is not configurable, and shortening it is the job
/// runner's business, not this test's.
#[tokio::test]
async fn every_scheduled_job_runs_once_per_interval_across_two_instances_not_once_per_instance() {
    let (mut sink, sink_dir, smtp) = smtp_sink().await;
    let app = spawn_with(&[("SMTP_URL", &smtp)]).await;
    let mut subjects = queue_three(&app, "Queued before start").await;
    let window_start = chrono::Utc::now();
    let (a, b) = two_instances(&app.database_url, &[("AFTERSALE_JOBS", "on"), ("SMTP_URL", &smtp)]).await;
    // Both instances tick every second; only one may deliver each batch. A second delivery of
    // the same message would show as a duplicate file in the SMTP server's folder.
    wait_for_runs(&app, "mail-delivery", 1, Duration::from_secs(20)).await;
    subjects.extend(queue_three(&app, "Queued after run 1").await);
    wait_for_runs(&app, "mail-delivery", 2, Duration::from_secs(50)).await;
    subjects.extend(queue_three(&app, "Queued after run 2").await);
    wait_for_runs(&app, "mail-delivery", 3, Duration::from_secs(50)).await;
    let window = chrono::Utc::now() - window_start;

    let all = db::jobs::recent_runs(&app.state.pool, None, 1000).await.unwrap();
    let holders = [a.pid().to_string(), b.pid().to_string()];
    for run in &all {
        let pid = run.holder.split('-').next().unwrap();
        assert!(
            holders.iter().any(|h| h == pid),
            "run {} of {} by {} is one of the two instances",
            run.id,
            run.job,
            run.holder
        );
    }
    for job in jobs::builtin() {
        let mut runs: Vec<_> = all.iter().filter(|r| r.job == job.name).collect();
        runs.sort_by_key(|r| r.started_at);
        assert!(!runs.is_empty(), "{} ran: every job is due when the instances start", job.name);
        assert!(runs.iter().all(|r| r.ok == Some(true)), "{} runs succeeded: {runs:?}", job.name);
        for w in runs.windows(2) {
            let gap = w[1].started_at - w[0].finished_at.expect("a later run started, so this one finished");
            assert!(
                gap >= chrono::Duration::from_std(job.every).unwrap(),
                "{} started again {gap} after its last run ended (by {} then {}), less than its interval {:?}",
                job.name,
                w[0].holder,
                w[1].holder,
                job.every
            );
        }
        let every = chrono::Duration::from_std(job.every).unwrap();
        let at_most = 1 + window.num_milliseconds() / every.num_milliseconds();
        assert!(
            runs.len() as i64 <= at_most,
            "{} ran {} times in {window}, at most {at_most} for every {:?}",
            job.name,
            runs.len(),
            job.every
        );
    }
    let delivery: Vec<_> = finished_runs(&app, "mail-delivery").await.into_iter().map(|r| r.message.unwrap()).collect();
    assert_eq!(delivery, ["3 sent", "3 sent", "3 sent"], "each run sent the batch queued before it, and only that");

    let mut received: Vec<String> = std::fs::read_dir(sink_dir.path())
        .unwrap()
        .map(|f| {
            let raw = std::fs::read_to_string(f.unwrap().path()).unwrap();
            raw.lines().find_map(|l| l.strip_prefix("Subject: ")).expect("a subject").to_string()
        })
        .collect();
    received.sort();
    subjects.sort();
    assert_eq!(received, subjects, "every queued email reached the SMTP server exactly once");
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

/// What one writer saw: acknowledged (name, id, when) and failures (what, when).
type Seen = (Vec<(String, i64, Instant)>, Vec<(String, Instant)>);

/// Creates accounts through `base` until `stop`, or until a request fails. An account counts as
/// acknowledged once its 201 and its id arrived.
fn writer(
    client: Client,
    base: String,
    token: String,
    label: String,
    stop: Arc<AtomicBool>,
    acks: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<Seen> {
    tokio::spawn(async move {
        let (mut acked, mut failed) = (vec![], vec![]);
        for i in 0.. {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let name = format!("{label}-{i}");
            let res = client
                .post(format!("{base}/api/v1/accounts"))
                .bearer_auth(&token)
                .json(&json!({"name": name}))
                .send()
                .await;
            let outcome = match res {
                Ok(r) if r.status() == StatusCode::CREATED => r.json::<Value>().await.map_err(|e| e.to_string()),
                Ok(r) => Err(format!("{} for {name}", r.status())),
                Err(e) => Err(e.to_string()),
            };
            match outcome.map(|v| v["id"].as_i64()) {
                Ok(Some(id)) => {
                    acked.push((name, id, Instant::now()));
                    acks.fetch_add(1, Ordering::SeqCst);
                }
                Ok(None) => {
                    failed.push((format!("201 without an id for {name}"), Instant::now()));
                    break;
                }
                Err(e) => {
                    failed.push((e, Instant::now()));
                    break;
                }
            }
        }
        (acked, failed)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_of_one_instance_under_load_loses_no_acknowledged_write_and_the_other_keeps_answering() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (mut a, b) = two_instances(&app.database_url, JOBS_OFF).await;
    let client = Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (acks_a, acks_b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let on_a: Vec<_> = (0..4)
        .map(|w| writer(client.clone(), a.base.clone(), token.clone(), format!("a{w}"), stop.clone(), acks_a.clone()))
        .collect();
    let on_b: Vec<_> = (0..4)
        .map(|w| writer(client.clone(), b.base.clone(), token.clone(), format!("b{w}"), stop.clone(), acks_b.clone()))
        .collect();
    // Reads on B all along: the survivor must not stall or fail while its peer dies.
    let probes = Arc::new(AtomicUsize::new(0));
    let prober = {
        let (client, url, token, stop, probes) =
            (client.clone(), b.url("/api/v1/accounts?limit=5"), token.clone(), stop.clone(), probes.clone());
        tokio::spawn(async move {
            let mut failures = vec![];
            while !stop.load(Ordering::SeqCst) {
                match client.get(&url).bearer_auth(&token).send().await {
                    Ok(r) if r.status() == StatusCode::OK => {}
                    Ok(r) => failures.push(r.status().to_string()),
                    Err(e) => failures.push(e.to_string()),
                }
                probes.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            failures
        })
    };

    // Kill A once it has acknowledged a real share of the load, not at a fixed time. (Counting
    // rows in the database instead raced: a row can be committed before its answer arrives.)
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let count = acks_a.load(Ordering::SeqCst);
        if count >= 50 {
            break;
        }
        assert!(Instant::now() < deadline, "A acknowledged 50 writes within 30 s (it did {count})");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let killed_at = Instant::now();
    a.kill_9().await;
    let probes_at_kill = probes.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::SeqCst);

    let mut acknowledged = vec![];
    for w in on_a {
        let (acked, failed) = w.await.unwrap();
        // Each writer on A was cut off by the kill (so it was under load), and not before it.
        assert!(!failed.is_empty(), "a writer on A was still writing when A died");
        assert!(failed.iter().all(|(_, at)| *at >= killed_at), "A failed only once it was killed: {failed:?}");
        acknowledged.extend(acked);
    }
    let from_a = acknowledged.len();
    let mut after_kill_on_b = 0;
    for w in on_b {
        let (acked, failed) = w.await.unwrap();
        assert!(failed.is_empty(), "B refused no write while A died: {failed:?}");
        after_kill_on_b += acked.iter().filter(|(_, _, at)| *at > killed_at).count();
        acknowledged.extend(acked);
    }
    let probe_failures = prober.await.unwrap();
    assert!(probe_failures.is_empty(), "B answered every read: {probe_failures:?}");
    assert!(from_a >= 50, "A acknowledged writes before it died: {from_a}");
    assert!(after_kill_on_b >= 10, "B kept taking writes after A died: {after_kill_on_b}");
    assert!(probes.load(Ordering::SeqCst) > probes_at_kill + 10, "B kept answering reads after A died");

    // Every acknowledged account, whichever instance took it, is there when asked through B.
    let total = acknowledged.len();
    let missing: Vec<String> = futures::stream::iter(acknowledged)
        .map(|(name, id, _)| {
            let req = client.get(b.url(&format!("/api/v1/accounts/{id}"))).bearer_auth(&token);
            async move {
                match req.send().await {
                    Ok(r) if r.status() == StatusCode::OK => {
                        let got = r.json::<Value>().await.unwrap();
                        (got["name"] != name.as_str()).then(|| format!("{id} is named {} not {name}", got["name"]))
                    }
                    Ok(r) => Some(format!("{name} (id {id}): {}", r.status())),
                    Err(e) => Some(format!("{name} (id {id}): {e}")),
                }
            }
        })
        .buffer_unordered(8)
        .filter_map(|m| async move { m })
        .collect()
        .await;
    assert!(missing.is_empty(), "{} of {total} acknowledged writes are missing: {missing:?}", missing.len());
    let (status, _) = app.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reqwest::get(b.url("/healthz")).await.unwrap().status(), StatusCode::OK, "B is healthy afterwards");
}

#[tokio::test]
async fn two_instances_started_together_on_an_empty_database_migrate_it_once_and_both_serve() {
    let (url, _dir) = fresh_database().await;
    let (a, b) = two_instances(&url, &[("AFTERSALE_JOBS", "on")]).await;
    let pool = db::Pool::connect(&url).await.unwrap();
    let applied: Vec<(i64, bool)> = sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&pool)
        .await
        .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .unwrap()
        .filter(|f| f.as_ref().unwrap().path().extension().is_some_and(|e| e == "sql"))
        .count();
    assert_eq!(applied.len(), files, "each migration applied once: {applied:?}");
    assert!(applied.iter().all(|(_, ok)| *ok), "and successfully: {applied:?}");
    for instance in [&a, &b] {
        let (status, html) = page(&Client::new(), instance, "/login").await;
        assert_eq!(status, StatusCode::OK, "{} serves the sign-in page", instance.base);
        assert!(html.contains("password"), "{html}");
    }
}
