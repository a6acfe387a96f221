//! Email through a real SMTP server (aiosmtpd) on loopback: held without SMTP, exponential
//! backoff through an outage, one claim per message, Retry, and customer links wiped once sent.
//! Delivery passes take `now`, so hours of backoff run in a second.
use crate::common::*;
use aftersale::server::{db, mail};
use chrono::{DateTime, Duration as Span, SubsecRound, Utc};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::Path;

const LINK: &str = "https://app.example/i/inv_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// What the sink received: Message-ID → (how many copies, subject).
fn received(dir: &Path) -> BTreeMap<String, (usize, String)> {
    let mut seen = BTreeMap::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let raw = std::fs::read_to_string(f.unwrap().path()).unwrap();
        let header = |name: &str| {
            raw.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string()).unwrap_or_default()
        };
        let entry = seen.entry(header("Message-ID:")).or_insert((0, header("Subject:")));
        entry.0 += 1;
    }
    seen
}

/// Two delivery passes at once as of `now`, as two app instances would run them.
async fn two_passes(app: &TestApp, now: DateTime<Utc>) -> usize {
    let (a, b) = tokio::join!(
        app.state.mailer.deliver_due(&app.state.pool, now),
        app.state.mailer.deliver_due(&app.state.pool, now)
    );
    a.unwrap() + b.unwrap()
}

/// Now, to the microsecond PostgreSQL keeps, so times read back compare equal.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

async fn row(app: &TestApp, id: i64) -> db::outbox::OutboxRow {
    db::outbox::by_id(&app.state.pool, id).await.unwrap().expect("outbox row")
}

#[tokio::test]
async fn without_smtp_emails_are_held_in_the_outbox_for_admins_links_and_all() {
    let app = spawn().await;
    let id = app.queue_mail("zoe@test.example", "Your invoice", &format!("Hello Zoë, see {LINK}")).await;
    let (sent, row) = app.deliver(id).await;
    assert_eq!((sent, row.status.as_str()), (0, "held"));
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&web, "/admin/outbox?status=held").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your invoice") && html.contains("Hello Zoë"));
    assert!(html.contains(LINK), "a held message keeps its link: the admin may forward it by hand");
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
    assert!(raw.contains(&format!("Message-ID: <outbox-{id}.")), "a Message-ID of its own outbox row: {raw}");
    assert_eq!(app.deliver(id).await.0, 0, "sent once, not again");
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

#[tokio::test]
async fn an_unreachable_smtp_server_leaves_the_email_queued_for_a_minute_later() {
    let app = spawn_with(&[("SMTP_URL", &format!("smtp://127.0.0.1:{}", free_port()))]).await;
    let id = app.queue_mail("a@test.example", "S", "B").await;
    let now = now();
    assert_eq!(app.state.mailer.deliver_due(&app.state.pool, now).await.unwrap(), 0);
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts, r.next_attempt_at), ("queued", 1, Some(now + Span::minutes(1))));
    assert!(r.last_error.is_some());
    app.state.mailer.deliver_due(&app.state.pool, now + Span::seconds(59)).await.unwrap();
    assert_eq!(row(&app, id).await.attempts, 1, "not tried again before its minute is up");
}

#[tokio::test]
async fn an_smtp_server_down_for_ten_minutes_then_back_gets_every_queued_message_exactly_once() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_with(&[("SMTP_URL", &format!("smtp://127.0.0.1:{port}"))]).await;
    let mut ids = Vec::new();
    for n in 0..8 {
        ids.push(app.queue_mail(&format!("c{n}@test.example"), &format!("Message {n}"), "Hello").await);
    }
    let t0 = now();
    // The job's 30 s ticks on two instances: ten minutes with nobody listening on the port …
    let tick = |n: i32| t0 + Span::seconds(30 * i64::from(n));
    for n in 0..20 {
        assert_eq!(two_passes(&app, tick(n)).await, 0);
    }
    for id in &ids {
        let r = row(&app, *id).await;
        assert_eq!((r.status.as_str(), r.attempts), ("queued", 4), "tried at 0, 1, 3 and 7 min, still queued");
    }
    // … then the server is back, and the ticks go on for ten more minutes.
    let mut sink = smtp_sink_on(port, dir.path()).await;
    let mut sent = 0;
    for n in 20..40 {
        sent += two_passes(&app, tick(n)).await;
    }
    assert_eq!(sent, ids.len());
    let got = received(dir.path());
    assert_eq!(got.len(), ids.len(), "one Message-ID per message: {got:?}");
    assert!(got.values().all(|(copies, _)| *copies == 1), "each message arrived exactly once: {got:?}");
    let subjects: Vec<_> =
        got.values().map(|(_, s)| s.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert_eq!(subjects, (0..8).map(|n| format!("Message {n}")).collect::<Vec<_>>());
    for id in &ids {
        let r = row(&app, *id).await;
        assert_eq!((r.status.as_str(), r.attempts, r.sent_at), ("sent", 5, Some(tick(30))), "sent at the 15 min retry");
    }
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

#[tokio::test]
async fn an_smtp_server_that_never_comes_back_fails_the_message_after_about_a_day_of_retries() {
    let app = spawn_with(&[("SMTP_URL", &format!("smtp://127.0.0.1:{}", free_port()))]).await;
    let id = app.queue_mail("a@test.example", "Never", "B").await;
    let t0 = now();
    let mut failed_at = None;
    for n in 0..(30 * 12) {
        let now = t0 + Span::minutes(5 * n);
        app.state.mailer.deliver_due(&app.state.pool, now).await.unwrap();
        if failed_at.is_none() && row(&app, id).await.status == "failed" {
            failed_at = Some(now - t0);
        }
    }
    let r = row(&app, id).await;
    assert_eq!((r.status.as_str(), r.attempts), ("failed", mail::MAX_ATTEMPTS));
    assert!(r.last_error.as_deref().is_some_and(|e| !e.is_empty()), "the last error is kept: {:?}", r.last_error);
    let hours = failed_at.unwrap().num_minutes() as f64 / 60.0;
    assert!((24.0..26.0).contains(&hours), "given up after {hours:.1} h");
}

#[tokio::test]
async fn a_message_whose_sender_died_mid_send_is_failed_for_an_admin_not_sent_twice_and_retry_sends_it_once() {
    let (mut sink, dir, url) = smtp_sink().await;
    let app = spawn_with(&[("SMTP_URL", &url)]).await;
    let id = app.queue_mail("a@test.example", "Maybe sent", "B").await;
    let now = now();
    // A pass claims it and dies before recording what happened.
    assert!(db::outbox::claim(&app.state.pool, id, 0, "dead-instance", now, now + Span::minutes(10)).await.unwrap());
    assert_eq!(two_passes(&app, now + Span::minutes(5)).await, 0, "a live claim is left alone");
    assert_eq!(row(&app, id).await.status, "queued");
    assert_eq!(two_passes(&app, now + Span::minutes(11)).await, 0);
    let r = row(&app, id).await;
    assert_eq!(r.status, "failed");
    assert!(r.last_error.as_deref().unwrap_or_default().contains("interrupted"), "{:?}", r.last_error);
    assert!(received(dir.path()).is_empty(), "not sent again on its own");

    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, html) = app.get_html(&web, "/admin/outbox?status=failed").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Maybe sent") && html.contains("interrupted") && html.contains("Retry"), "{html}");
    app.create_user("sven@test.example", "Sven Support", "support").await;
    let support = app.logged_in("sven@test.example").await;
    let (status, _) = app.call(&support, "retry_outbox", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only admins retry");
    let (status, body) = app.call(&web, "retry_outbox", &[("id", &id.to_string())]).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    assert_eq!((row(&app, id).await.status.as_str(), row(&app, id).await.attempts), ("queued", 0));
    assert_eq!(two_passes(&app, Utc::now()).await, 1);
    let (status, body) = app.call(&web, "retry_outbox", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "a sent message cannot be queued again: {body}");
    assert_eq!(two_passes(&app, Utc::now() + Span::hours(1)).await, 0);
    let got = received(dir.path());
    assert_eq!(got.values().map(|(n, _)| *n).collect::<Vec<_>>(), [1], "{got:?}");
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}

#[tokio::test]
async fn a_sent_message_keeps_no_customer_link_in_the_outbox_but_the_customer_got_it() {
    let (mut sink, dir, url) = smtp_sink().await;
    let app = spawn_with(&[("SMTP_URL", &url)]).await;
    let pdf_link = format!("{LINK}/pdf");
    let body = format!("View it: {LINK}\nor download {pdf_link}.\nOur site: https://app.example/about");
    let id = app.queue_mail("a@test.example", "Invoice", &body).await;
    assert!(row(&app, id).await.body_text.contains(LINK), "readable while it waits");
    assert_eq!(app.deliver(id).await.0, 1);
    let stored = row(&app, id).await.body_text;
    assert!(!stored.contains("inv_00112233"), "{stored}");
    assert_eq!(
        stored,
        format!("View it: {r}\nor download {r}.\nOur site: https://app.example/about", r = mail::REDACTED)
    );
    let secrets: Option<String> = sqlx::query_scalar("SELECT secrets FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(secrets, None, "the secrets kept apart are wiped too");
    let raw = std::fs::read_dir(dir.path()).unwrap().map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap());
    assert!(raw.collect::<String>().contains("inv_00112233"), "the customer's copy has the link");
    drop(sink.stdin.take());
    let _ = sink.kill().await;
}
