//! Support tickets: automatic assignment under both rules (50 concurrent creations stay balanced;
//! the unavailable and the away get none), users' own availability, assigning by hand, who may
//! read, note and work which tickets, and the queues with their filters and keyset pages.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::{get_ticket, open_ticket, ticket_event, time};
use chrono::{Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The company's assignment rule, written directly (the settings form has its own tests in
/// `support_settings.rs`): round_robin, fewest_open, manual.
async fn assignment_rule(app: &TestApp, rule: &str) {
    sqlx::query("UPDATE company_settings SET ticket_assignment = $1 WHERE id = 1")
        .bind(rule)
        .execute(&app.state.pool)
        .await
        .unwrap();
}

async fn patch_user(app: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    app.api(Method::PATCH, &format!("/api/v1/users/{id}"), Some(token), Some(body)).await
}

/// Five support users: three who take tickets, one who marked themself unavailable, one away
/// from today on (open-ended). Gives their ids in that order.
async fn support_desk(app: &TestApp, admin: &str) -> Vec<i64> {
    let mut ids = vec![];
    for i in 0..5 {
        ids.push(app.create_user(&format!("sup{i}@test.example"), &format!("Support {i}"), "support").await);
    }
    let own = app.token("sup3@test.example").await;
    let (status, u) = patch_user(app, &own, ids[3], json!({"available": false})).await;
    assert_eq!((status, u["available"].as_bool()), (StatusCode::OK, Some(false)), "{u}");
    let today = Utc::now().date_naive().to_string();
    let (status, u) = patch_user(app, admin, ids[4], json!({"away_from": today})).await;
    assert_eq!(status, StatusCode::OK, "{u}");
    assert_eq!(
        (u["away_from"].as_str(), &u["away_until"], &u["available"]),
        (Some(today.as_str()), &Value::Null, &json!(true))
    );
    ids
}

async fn fifty_at_once_stay_balanced(rule: &str) {
    let app = spawn().await;
    let s = setup(&app).await;
    assignment_rule(&app, rule).await;
    let ids = support_desk(&app, &s.token).await;
    let (app, token) = (&app, &s.token);
    let created = futures::future::join_all((0..50).map(|i| async move {
        let body = json!({"account_id": s.account, "subject": format!("Concurrent {i}"), "description": "At once"});
        app.api(Method::POST, "/api/v1/tickets", Some(token), Some(body)).await
    }))
    .await;
    let mut per_user: BTreeMap<i64, usize> = BTreeMap::new();
    let mut numbers = BTreeSet::new();
    for (status, t) in &created {
        assert_eq!(status, &StatusCode::CREATED, "{t}");
        let who = t["assignee_id"].as_i64().unwrap_or_else(|| panic!("{rule}: every ticket found someone: {t}"));
        *per_user.entry(who).or_default() += 1;
        numbers.insert(t["number"].as_str().unwrap().to_string());
    }
    let counts: Vec<usize> = ids.iter().map(|id| per_user.get(id).copied().unwrap_or(0)).collect();
    let takers = &counts[..3];
    assert!(takers.iter().all(|n| (16..=17).contains(n)), "{rule}: balanced across the three, got {counts:?}");
    assert_eq!(takers.iter().sum::<usize>(), 50, "{rule}: {per_user:?}");
    assert_eq!((counts[3], counts[4]), (0, 0), "{rule}: the unavailable and the away user get none");
    let year = Utc::now().format("%Y");
    let expected: BTreeSet<String> = (1..=50).map(|n| format!("TCK-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected, "{rule}: fifty numbers, no gap, no repeat");
    let (_, events) =
        app.api(Method::GET, &format!("/api/v1/tickets/{}/events", created[0].1["id"]), Some(token), None).await;
    let assigned = events.as_array().unwrap().iter().find(|e| e["kind"] == "assigned").expect("on the timeline");
    assert!(assigned["note"].as_str().unwrap().ends_with("(automatic)"), "{assigned}");
}

#[tokio::test]
async fn fifty_concurrent_tickets_spread_evenly_by_fewest_open_and_skip_the_unavailable() {
    fifty_at_once_stay_balanced("fewest_open").await;
}

#[tokio::test]
async fn fifty_concurrent_tickets_spread_evenly_by_round_robin_and_skip_the_unavailable() {
    fifty_at_once_stay_balanced("round_robin").await;
}

#[tokio::test]
async fn users_set_their_own_availability_and_nothing_else_of_their_own() {
    let app = spawn().await;
    let admin = app.token(ADMIN_EMAIL).await;
    let me = app.create_user("sup@test.example", "Sup", "support").await;
    let other = app.create_user("sup2@test.example", "Sup Two", "support").await;
    let own = app.token("sup@test.example").await;
    let (_, fresh) = app.api(Method::GET, &format!("/api/v1/users/{me}"), Some(&admin), None).await;
    assert_eq!((&fresh["available"], &fresh["away_from"]), (&json!(true), &Value::Null), "available from creation");
    let away = json!({"available": false, "away_from": "2026-12-24", "away_until": "2027-01-02"});
    let (status, u) = patch_user(&app, &own, me, away).await;
    assert_eq!(status, StatusCode::OK, "{u}");
    assert_eq!(
        (&u["available"], u["away_from"].as_str(), u["away_until"].as_str()),
        (&json!(false), Some("2026-12-24"), Some("2027-01-02"))
    );
    for body in [json!({"name": "Boss"}), json!({"available": true, "role": "admin"}), json!({"active": false})] {
        let (status, _) = patch_user(&app, &own, me, body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}: only availability is one's own to change");
    }
    let (status, _) = patch_user(&app, &own, other, json!({"available": false})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not someone else's");
    for (body, field) in [
        (json!({"away_until": "2027-01-01"}), "away_from"),
        (json!({"away_from": "2027-01-05", "away_until": "2027-01-01"}), "away_until"),
        (json!({"away_from": "5.1.2027"}), "away_from"),
    ] {
        let (status, answer) = patch_user(&app, &own, me, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert!(answer["fields"][field].is_array(), "{field} for {body}: {answer}");
    }
    let (_, u) = app.api(Method::GET, &format!("/api/v1/users/{me}"), Some(&admin), None).await;
    assert_eq!(
        (u["name"].as_str(), u["role"].as_str(), u["away_until"].as_str()),
        (Some("Sup"), Some("support"), Some("2027-01-02"))
    );
    let (status, u) = patch_user(&app, &own, me, json!({"away_from": ""})).await;
    assert_eq!(
        (status, &u["away_from"], &u["away_until"]),
        (StatusCode::OK, &Value::Null, &Value::Null),
        "sent together: {u}"
    );

    // The admin page's form, through its server fn.
    let web = app.logged_in(ADMIN_EMAIL).await;
    let id = me.to_string();
    let (status, answer) = app
        .call(
            &web,
            "update_user_availability",
            &[("id", &id), ("away_from", "2027-02-10"), ("away_until", "2027-02-01")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["fields"]["away_until"].is_array(), "{answer}");
    let form = [("id", id.as_str()), ("available", "true"), ("away_from", "2027-02-01"), ("away_until", "")];
    let (status, answer) = app.call(&web, "update_user_availability", &form).await;
    assert!(status.is_success(), "{status} {answer}");
    let (_, u) = app.api(Method::GET, &format!("/api/v1/users/{me}"), Some(&admin), None).await;
    assert_eq!(
        (&u["available"], u["away_from"].as_str(), &u["away_until"]),
        (&json!(true), Some("2027-02-01"), &Value::Null)
    );
    let (status, html) = app.get_html(&web, &format!("/admin/users/{me}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("availability-form") && html.contains("2027-02-01"), "the form shows the stored dates");
    for entry in [
        "Availability: available → unavailable",
        "Away 2026-12-24 to 2027-01-02",
        "Away from 2027-02-01 until further notice",
    ] {
        assert!(html.contains(entry), "the user's timeline shows {entry}");
    }
    let finance = app.create_user("fin@test.example", "Fin", "finance").await;
    let fin_web = app.logged_in("fin@test.example").await;
    let (status, _) = app
        .call(&fin_web, "update_user_availability", &[("id", &me.to_string()), ("away_from", ""), ("away_until", "")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not someone else's, through the page either");
    let (status, _) = app
        .call(
            &fin_web,
            "update_user_availability",
            &[("id", &finance.to_string()), ("away_from", ""), ("away_until", "")],
        )
        .await;
    assert!(status.is_success(), "one's own, through the page too");
}

#[tokio::test]
async fn an_explicit_assignee_is_kept_and_assigning_by_hand_is_on_the_timeline() {
    let app = spawn().await;
    let s = setup(&app).await;
    let ids = support_desk(&app, &s.token).await;
    let finance = app.create_user("fin@test.example", "Fin", "finance").await;
    let t = open_ticket(&app, &s.token, s.account, json!({"assignee_id": ids[3]})).await;
    assert_eq!(t["assignee_id"], ids[3], "chosen by hand, even though unavailable for automatic assignment");
    assert_eq!(t["assignee_name"], "Support 3");
    let before = crate::tickets::count(&app, "tickets").await;
    for who in [finance, 999_999] {
        let body = json!({"account_id": s.account, "subject": "S", "description": "D", "assignee_id": who});
        let (status, answer) = app.api(Method::POST, "/api/v1/tickets", Some(&s.token), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["fields"]["assignee_id"].is_array(), "{answer}");
    }
    assert_eq!(crate::tickets::count(&app, "tickets").await, before);
    let path = format!("/api/v1/tickets/{}/assign", t["id"]);
    let (status, moved) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"assignee_id": ids[1]}))).await;
    assert_eq!((status, moved["assignee_id"].as_i64()), (StatusCode::OK, Some(ids[1])), "{moved}");
    let (status, answer) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"assignee_id": finance}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["fields"]["assignee_id"].is_array());
    let (status, none) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"assignee_id": null}))).await;
    assert_eq!((status, &none["assignee_id"], &none["assignee_name"]), (StatusCode::OK, &Value::Null, &Value::Null));
    let (_, events) = app.api(Method::GET, &format!("/api/v1/tickets/{}/events", t["id"]), Some(&s.token), None).await;
    let mut notes: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "assigned")
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    notes.sort();
    assert_eq!(notes, ["Assigned to Support 1", "Assigned to Support 3", "Unassigned"], "{events}");
    let sup = app.token("sup0@test.example").await;
    let (status, _) = app.api(Method::POST, &path, Some(&sup), Some(json!({"assignee_id": ids[0]}))).await;
    assert_eq!(status, StatusCode::OK, "support users assign too");
}

#[tokio::test]
async fn finance_reads_sales_read_and_note_their_own_accounts_tickets_and_support_works_them() {
    let app = spawn().await;
    let s = setup(&app).await;
    let sales = app.create_user("sam@test.example", "Sam", "sales").await;
    app.create_user("fin@test.example", "Fin", "finance").await;
    app.create_user("sup@test.example", "Sup", "support").await;
    let (_, mine) = app
        .api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Sam's Co", "owner_id": sales})))
        .await;
    let own = open_ticket(&app, &s.token, mine["id"].as_i64().unwrap(), json!({"subject": "Sam's customer"})).await;
    let theirs = open_ticket(&app, &s.token, s.account, json!({"subject": "Someone else's customer"})).await;
    let (fin, sam, sup) =
        (app.token("fin@test.example").await, app.token("sam@test.example").await, app.token("sup@test.example").await);
    let body = json!({"account_id": s.account, "subject": "S", "description": "D"});

    let (status, list) = app.api(Method::GET, "/api/v1/tickets?queue=all", Some(&fin), None).await;
    assert_eq!((status, list["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(2)), "{list}");
    assert_eq!(get_ticket(&app, &fin, &theirs["id"]).await["id"], theirs["id"]);
    let (status, _) = app.api(Method::POST, "/api/v1/tickets", Some(&fin), Some(body.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "finance reads only");
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/tickets/{}/comments", theirs["id"]),
            Some(&fin),
            Some(json!({"body": "n"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "finance adds no notes");

    let (_, list) = app.api(Method::GET, "/api/v1/tickets?queue=all", Some(&sam), None).await;
    let seen: Vec<&Value> = list["items"].as_array().unwrap().iter().map(|t| &t["id"]).collect();
    assert_eq!(seen, [&own["id"]], "sales list only their accounts' tickets");
    let (_, list) =
        app.api(Method::GET, &format!("/api/v1/tickets?queue=all&account={}", s.account), Some(&sam), None).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "not even when asked by account");
    let base = format!("/api/v1/tickets/{}", theirs["id"]);
    for path in [base.clone(), format!("{base}/events"), format!("{base}/comments")] {
        let (status, _) = app.api(Method::GET, &path, Some(&sam), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let (status, _) = app.api(Method::POST, &format!("{base}/comments"), Some(&sam), Some(json!({"body": "n"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no notes on tickets sales cannot read");
    let mine_path = format!("/api/v1/tickets/{}", own["id"]);
    for path in [mine_path.clone(), format!("{mine_path}/events"), format!("{mine_path}/comments")] {
        let (status, _) = app.api(Method::GET, &path, Some(&sam), None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let comments = format!("{mine_path}/comments");
    let (status, note) = app
        .api(Method::POST, &comments, Some(&sam), Some(json!({"body": "They renew in March.", "public": false})))
        .await;
    assert_eq!((status, note["public"].as_bool()), (StatusCode::CREATED, Some(false)), "{note}");
    let before = get_ticket(&app, &s.token, &own["id"]).await;
    let (status, _) = app.api(Method::POST, &comments, Some(&sam), Some(json!({"body": "Hi!", "public": true}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "sales do not reply to customers");
    for e in ["start", "resolve"] {
        let (status, _) = ticket_event(&app, &sam, &own["id"], e, Some(json!({"note": "n"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
    }
    let (status, _) = app.api(Method::PATCH, &mine_path, Some(&sam), Some(json!({"subject": "Mine now"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        app.api(Method::POST, &format!("{mine_path}/assign"), Some(&sam), Some(json!({"assignee_id": null}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mine_body = json!({"account_id": mine["id"], "subject": "S", "description": "D"});
    let (status, _) = app.api(Method::POST, "/api/v1/tickets", Some(&sam), Some(mine_body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "sales open no tickets");
    assert_eq!(get_ticket(&app, &s.token, &own["id"]).await, before, "the refusals changed nothing");

    let (status, t) = app.api(Method::POST, "/api/v1/tickets", Some(&sup), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(ticket_event(&app, &sup, &theirs["id"], "start", None).await.0, StatusCode::OK);
    let (status, _) = app
        .api(Method::POST, &format!("{base}/comments"), Some(&sup), Some(json!({"body": "Hi", "public": true})))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.api(Method::GET, "/api/v1/tickets", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Moves a ticket's history (and creation) `minutes` into the past, as if opened then.
async fn opened_ago(app: &TestApp, id: &Value, minutes: i64) {
    let at = Utc::now() - Duration::minutes(minutes);
    let id = id.as_i64().unwrap();
    for sql in [
        "UPDATE ticket_status_changes SET at = $1 WHERE ticket_id = $2",
        "UPDATE tickets SET created_at = $1 WHERE id = $2",
    ] {
        sqlx::query(sql).bind(at).bind(id).execute(&app.state.pool).await.unwrap();
    }
}

async fn listed(app: &TestApp, token: &str, query: &str) -> BTreeSet<i64> {
    let (status, page) = app.api(Method::GET, &format!("/api/v1/tickets?{query}"), Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_queues_and_filters_list_exactly_their_tickets() {
    let app = spawn().await;
    let s = setup(&app).await;
    assignment_rule(&app, "manual").await;
    let one = app.create_user("one@test.example", "One", "support").await;
    let two = app.create_user("two@test.example", "Two", "support").await;
    let (_, b_account) = app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Beta"}))).await;
    let b_account = b_account["id"].as_i64().unwrap();
    let t = |account: i64, subject: &str, priority: &str, assignee: Option<i64>| {
        let extra = json!({"subject": subject, "priority": priority, "assignee_id": assignee});
        let token = s.token.clone();
        let app = &app;
        async move { open_ticket(app, &token, account, extra).await }
    };
    let a = t(s.account, "Alpha urgent", "urgent", Some(one)).await;
    let b = t(s.account, "Bravo nobody", "medium", None).await;
    let c = t(s.account, "Charlie waits", "high", Some(two)).await;
    let d = t(s.account, "Delta done", "low", Some(one)).await;
    let e = t(b_account, "Echo started", "medium", Some(one)).await;
    let f = t(b_account, "Foxtrot at risk", "low", Some(two)).await;
    let g = t(s.account, "Golf breached", "low", None).await;
    ticket_event(&app, &s.token, &c["id"], "start", None).await;
    ticket_event(&app, &s.token, &c["id"], "wait", None).await;
    ticket_event(&app, &s.token, &d["id"], "resolve", Some(json!({"note": "Done"}))).await;
    ticket_event(&app, &s.token, &e["id"], "start", None).await;
    // Raised to urgent (60 min round the clock) when 50 and 120 minutes old.
    for (ticket, minutes) in [(&f, 50), (&g, 120)] {
        opened_ago(&app, &ticket["id"], minutes).await;
        let path = format!("/api/v1/tickets/{}", ticket["id"]);
        let (status, raised) = app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"priority": "urgent"}))).await;
        assert_eq!(status, StatusCode::OK, "{raised}");
    }
    assert_eq!(get_ticket(&app, &s.token, &f["id"]).await["sla_state"], "at_risk");
    assert_eq!(get_ticket(&app, &s.token, &g["id"]).await["sla_state"], "breached");
    assert_eq!(get_ticket(&app, &s.token, &c["id"]).await["sla_state"], "paused");
    let id = |t: &Value| t["id"].as_i64().unwrap();
    let (a, b, c, d, e, f, g) = (id(&a), id(&b), id(&c), id(&d), id(&e), id(&f), id(&g));
    let me = app.token("one@test.example").await;
    let cases: Vec<(String, Vec<i64>)> = vec![
        ("".into(), vec![a, b, c, e, f, g]),
        ("queue=open".into(), vec![a, b, c, e, f, g]),
        ("queue=mine".into(), vec![a, e]),
        ("queue=unassigned".into(), vec![b, g]),
        ("queue=waiting".into(), vec![c]),
        ("queue=at_risk".into(), vec![f, g]),
        ("queue=all".into(), vec![a, b, c, d, e, f, g]),
        ("priority=urgent".into(), vec![a, f, g]),
        ("priority=medium".into(), vec![b, e]),
        ("queue=all&priority=low".into(), vec![d]),
        ("status=resolved".into(), vec![d]),
        ("status=in_progress".into(), vec![e]),
        ("assignee=me".into(), vec![a, e]),
        (format!("assignee={two}"), vec![c, f]),
        (format!("account={b_account}"), vec![e, f]),
        (format!("queue=mine&account={b_account}"), vec![e]),
        ("sla=paused".into(), vec![c]),
        ("sla=breached".into(), vec![g]),
        ("sla=at_risk".into(), vec![f]),
        ("sla=on_track".into(), vec![a, b, e]),
        ("queue=all&sla=met".into(), vec![d]),
        ("q=charlie".into(), vec![c]),
    ];
    for (query, want) in cases {
        let want: BTreeSet<i64> = want.into_iter().collect();
        assert_eq!(listed(&app, &me, &query).await, want, "?{query}");
    }
    for (query, field) in
        [("queue=later", "queue"), ("sla=soon", "sla"), ("status=gone", "status"), ("assignee=x", "assignee")]
    {
        let (status, answer) = app.api(Method::GET, &format!("/api/v1/tickets?{query}"), Some(&me), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {answer}");
        assert!(answer["fields"][field].is_array(), "{query}: {answer}");
    }
}

#[tokio::test]
async fn the_open_queue_pages_by_due_time_with_paused_tickets_last() {
    let app = spawn().await;
    let s = setup(&app).await;
    let priorities = ["urgent", "high", "medium", "low", "medium"];
    let mut made = BTreeSet::new();
    for i in 0..30 {
        let t = open_ticket(
            &app,
            &s.token,
            s.account,
            json!({"priority": priorities[i % 5], "subject": format!("Ticket {i}")}),
        )
        .await;
        if i % 5 == 4 {
            ticket_event(&app, &s.token, &t["id"], "start", None).await;
            ticket_event(&app, &s.token, &t["id"], "wait", None).await;
        }
        made.insert(t["id"].as_i64().unwrap());
    }
    let mut seen = vec![];
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let (status, page) =
            app.api(Method::GET, &format!("/api/v1/tickets?limit=10&cursor={cursor}"), Some(&s.token), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        pages += 1;
        seen.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
        assert!(pages < 10, "the cursors come to an end");
    }
    let ids: Vec<i64> = seen.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 30, "every ticket once: {ids:?}");
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), made, "no duplicates, none missing");
    // Compared to the second: the queues' key is the due time to the second.
    let due: Vec<Option<_>> =
        seen.iter().map(|t| time(&t["sla_due_at"]).map(|d| d.duration_trunc(Duration::seconds(1)).unwrap())).collect();
    let first_null = due.iter().position(Option::is_none).expect("the waiting tickets are listed");
    assert!(due[first_null..].iter().all(Option::is_none), "paused tickets come last: {due:?}");
    assert_eq!(due.len() - first_null, 6, "the six waiting tickets");
    assert!(due[..first_null].windows(2).all(|w| w[0] <= w[1]), "soonest due first: {due:?}");
    let (_, all) = app.api(Method::GET, "/api/v1/tickets?queue=all&limit=200", Some(&s.token), None).await;
    let newest: Vec<i64> = all["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(newest, made.iter().rev().copied().collect::<Vec<_>>(), "all tickets: newest first");
}

#[tokio::test]
async fn a_manager_moves_open_tickets_in_bulk_and_the_workload_counts_them() {
    let app = spawn().await;
    let s = setup(&app).await;
    assignment_rule(&app, "manual").await;
    let away = app.create_user("away@test.example", "Ann Away", "support").await;
    let cover = app.create_user("cover@test.example", "Carl Cover", "support").await;
    let seller = app.create_user("sam@test.example", "Sam Sales", "sales").await;
    let mut ids = vec![];
    for i in 0..3 {
        let t =
            open_ticket(&app, &s.token, s.account, json!({"subject": format!("Bulk {i}"), "assignee_id": away})).await;
        ids.push(t["id"].clone());
    }
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, v) = app.call(&web, "get_assignments", &[("kind", "tickets"), ("from", &away.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let load = |v: &Value, id: i64| {
        v["workloads"].as_array().unwrap().iter().find(|w| w["user_id"] == id).map(|w| w["open_tickets"].clone())
    };
    assert_eq!(load(&v, away), Some(json!(3)));
    assert_eq!(load(&v, cover), Some(json!(0)), "every support user is listed");
    assert_eq!(v["rows"].as_array().unwrap().len(), 3, "the picker lists Ann's open tickets: {v}");
    assert!(v["owners"].as_array().unwrap().iter().all(|o| o[0] != seller), "only people who work tickets");

    // To someone who does not work tickets: refused beside the field, nothing moved.
    let form = |to: i64| {
        let mut f = vec![("kind".to_string(), "tickets".to_string()), ("to".to_string(), to.to_string())];
        f.extend(ids[..2].iter().enumerate().map(|(i, id)| (format!("ids[{i}]"), id.to_string())));
        f
    };
    let call = |to: i64| {
        let f = form(to);
        let (app, web) = (&app, &web);
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(web, "reassign", &pairs).await
        }
    };
    let (status, answer) = call(seller).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(get_ticket(&app, &s.token, &ids[0]).await["assignee_id"], away);
    let (status, moved) = call(cover).await;
    assert_eq!((status, moved.as_i64()), (StatusCode::OK, Some(2)), "{moved}");
    for (i, id) in ids.iter().enumerate() {
        let want = if i < 2 { cover } else { away };
        assert_eq!(get_ticket(&app, &s.token, id).await["assignee_id"], want, "ticket {i}");
    }
    let (_, events) = app.api(Method::GET, &format!("/api/v1/tickets/{}/events", ids[0]), Some(&s.token), None).await;
    assert!(events.as_array().unwrap().iter().any(|e| e["note"] == "Assigned to Carl Cover"), "{events}");
    let (_, v) = app.call(&web, "get_assignments", &[("kind", "tickets")]).await;
    assert_eq!((load(&v, away), load(&v, cover)), (Some(json!(1)), Some(json!(2))));
}
