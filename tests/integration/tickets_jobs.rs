//! The ticket jobs: each SLA breach marked once — on the timeline and mailed to the assignee and
//! the managers — even with two runners at once, and resolved tickets closed after the company's
//! quiet days, not before and not when the customer answered.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::{get_ticket, open_ticket, ticket_event};
use aftersale::server::service::tickets::jobs;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

async fn events(app: &TestApp, ticket: &Value, kind: &str) -> Vec<Option<String>> {
    sqlx::query_scalar(
        "SELECT note FROM timeline_events WHERE entity = 'ticket' AND entity_id = $1 AND kind = $2 ORDER BY id",
    )
    .bind(ticket["id"].as_i64().unwrap())
    .bind(kind)
    .fetch_all(&app.state.pool)
    .await
    .unwrap()
}

async fn breach_mail(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT to_addr, subject FROM outbox WHERE subject LIKE 'SLA breached:%' ORDER BY to_addr, subject")
        .fetch_all(&app.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_breach_is_marked_once_on_the_timeline_and_mailed_to_the_assignee_and_the_managers() {
    let app = spawn().await;
    let s = setup(&app).await;
    let agent = app.create_user("agent@test.example", "Agnes Agent", "support").await;
    app.create_user("boss@test.example", "Bo Boss", "manager").await;
    let gone = app.create_user("gone@test.example", "Gone Manager", "manager").await;
    sqlx::query("UPDATE users SET active = FALSE WHERE id = $1").bind(gone).execute(&app.state.pool).await.unwrap();
    let t = open_ticket(&app, &s.token, s.account, json!({"assignee_id": agent, "priority": "high"})).await;
    let number = t["number"].as_str().unwrap().to_string();
    let run = |now: DateTime<Utc>| {
        let state = app.state.clone();
        async move { jobs::mark_breaches(&state, now).await.unwrap() }
    };

    assert_eq!(run(Utc::now()).await, "0 breaches marked", "nothing is due yet");
    assert!(events(&app, &t, "sla_breached").await.is_empty());

    // A month on, both targets have passed. Two runners at once mark each breach once between them.
    let later = Utc::now() + Duration::days(30);
    let (a, b) = tokio::join!(run(later), run(later));
    let marked = |m: &str| m.split(' ').next().unwrap().parse::<usize>().unwrap();
    assert_eq!(marked(&a) + marked(&b), 2, "{a} / {b}");
    assert_eq!(run(later).await, "0 breaches marked", "a marked breach is not marked again");
    let notes = events(&app, &t, "sla_breached").await;
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].as_deref().unwrap().starts_with("The first response target was breached at"), "{notes:?}");
    assert!(notes[1].as_deref().unwrap().starts_with("The resolution target was breached at"), "{notes:?}");
    let mail = breach_mail(&app).await;
    let subject = format!("SLA breached: {number} Printer offline");
    assert_eq!(
        mail,
        vec![
            ("agent@test.example".to_string(), subject.clone()),
            ("agent@test.example".to_string(), subject.clone()),
            ("boss@test.example".to_string(), subject.clone()),
            ("boss@test.example".to_string(), subject),
        ],
        "the assignee and the active manager, once per breach; never the inactive manager"
    );

    // A ticket answered in time has no first-response breach to mark, only its resolution's; with
    // assignment by hand and nobody assigned, only the managers hear of it.
    sqlx::query("UPDATE company_settings SET ticket_assignment = 'manual' WHERE id = 1")
        .execute(&app.state.pool)
        .await
        .unwrap();
    let answered = open_ticket(&app, &s.token, s.account, json!({"priority": "high"})).await;
    let (status, _) = app
        .api(
            reqwest::Method::POST,
            &format!("/api/v1/tickets/{}/comments", answered["id"]),
            Some(&s.token),
            Some(json!({"body": "Looking at it now.", "public": true})),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED);
    assert_eq!(run(later).await, "1 breaches marked");
    let notes = events(&app, &answered, "sla_breached").await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].as_deref().unwrap().starts_with("The resolution target"), "{notes:?}");
    let unassigned =
        breach_mail(&app).await.into_iter().filter(|(_, s)| s.contains(answered["number"].as_str().unwrap()));
    assert_eq!(unassigned.map(|(to, _)| to).collect::<Vec<_>>(), ["boss@test.example"], "no assignee: the managers");
}

#[tokio::test]
async fn a_resolved_ticket_closes_itself_after_the_quiet_days_unless_the_customer_answered() {
    let app = spawn().await;
    let s = setup(&app).await;
    let resolve = json!({"note": "Replaced the toner."});
    let quiet = open_ticket(&app, &s.token, s.account, json!({})).await;
    let (status, _) = ticket_event(&app, &s.token, &quiet["id"], "resolve", Some(resolve.clone())).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let answered = open_ticket(&app, &s.token, s.account, json!({})).await;
    ticket_event(&app, &s.token, &answered["id"], "resolve", Some(resolve)).await;
    // The customer wrote back three days after the resolution (the ticket stayed resolved: this
    // stamps the reply the way an email the agent marked as "no action" would be counted).
    sqlx::query("UPDATE tickets SET last_customer_reply_at = $1 WHERE id = $2")
        .bind(Utc::now() + Duration::days(3))
        .bind(answered["id"].as_i64().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
    let run = |now: DateTime<Utc>| {
        let state = app.state.clone();
        async move { jobs::auto_close(&state, now).await.unwrap() }
    };

    assert_eq!(run(Utc::now() + Duration::days(6)).await, "0 resolved tickets closed", "7 days is the default");
    assert_eq!(run(Utc::now() + Duration::days(8)).await, "1 resolved tickets closed");
    let t = get_ticket(&app, &s.token, &quiet["id"]).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["resolution_note"], "Replaced the toner.", "closing keeps the resolution note");
    let notes = events(&app, &quiet, "status").await;
    assert!(
        notes
            .last()
            .unwrap()
            .as_deref()
            .unwrap()
            .starts_with("closed automatically: no reply from the customer for 7 days"),
        "{notes:?}"
    );
    assert_eq!(get_ticket(&app, &s.token, &answered["id"]).await["status"], "resolved", "counted from the reply");
    assert_eq!(run(Utc::now() + Duration::days(11)).await, "1 resolved tickets closed");
    assert_eq!(run(Utc::now() + Duration::days(30)).await, "0 resolved tickets closed");

    // The setting decides the days.
    sqlx::query("UPDATE company_settings SET ticket_auto_close_days = 2 WHERE id = 1")
        .execute(&app.state.pool)
        .await
        .unwrap();
    let soon = open_ticket(&app, &s.token, s.account, json!({})).await;
    ticket_event(&app, &s.token, &soon["id"], "resolve", Some(json!({"note": "Done."}))).await;
    assert_eq!(run(Utc::now() + Duration::days(1)).await, "0 resolved tickets closed");
    assert_eq!(run(Utc::now() + Duration::days(3)).await, "1 resolved tickets closed");
}
