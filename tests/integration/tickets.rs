//! Support tickets over REST: numbers without gaps, every refused field writing nothing, every
//! status event (409 for the machine's refusals, closed is final), the SLA clocks (24×7 and
//! business hours, the pause while waiting, the first public reply), the conversation and PATCH.
//! Assignment, permissions and the queues are in `tickets_assignment.rs`.
use crate::common::*;
use crate::orders::{setup, Setup};
use chrono::{DateTime, Datelike, Duration, NaiveTime, Timelike, Utc, Weekday};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A ticket on the setup's account, opened by `token`, with `extra` fields over a minimal body.
pub async fn open_ticket(app: &TestApp, token: &str, account: i64, extra: Value) -> Value {
    let mut body = json!({"account_id": account, "subject": "Printer offline", "description": "Since this morning."});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (status, t) = app.api(Method::POST, "/api/v1/tickets", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t
}

/// `POST /api/v1/tickets/{id}/{event}`, with a body for resolve's note.
pub async fn ticket_event(app: &TestApp, token: &str, id: &Value, e: &str, body: Option<Value>) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/tickets/{id}/{e}"), Some(token), body).await
}

pub async fn get_ticket(app: &TestApp, token: &str, id: &Value) -> Value {
    let (status, t) = app.api(Method::GET, &format!("/api/v1/tickets/{id}"), Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    t
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<aftersale::server::db::Db, i64>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

/// A time in a DTO, or None for null.
pub fn time(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().map(|s| DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")).with_timezone(&Utc))
}

fn near(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_milliseconds().abs() <= 2_000
}

fn is_number(n: &str, year: i32) -> bool {
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    match n.strip_prefix("TCK-").and_then(|r| r.split_once('-')) {
        Some((y, seq)) => digits(y, 4) && digits(seq, 6) && y == year.to_string(),
        None => false,
    }
}

#[tokio::test]
async fn a_ticket_is_numbered_without_gaps_and_every_bad_field_writes_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let year = Utc::now().year();
    let first = open_ticket(&app, &s.token, s.account, json!({})).await;
    assert!(is_number(first["number"].as_str().unwrap(), year), "{}", first["number"]);
    assert_eq!(first["number"], format!("TCK-{year}-000001"));
    assert_eq!(
        (first["channel"].as_str(), first["status"].as_str(), first["priority"].as_str()),
        (Some("api"), Some("open"), Some("medium"))
    );
    assert_eq!(
        (first["account_id"].as_i64(), first["account_name"].as_str()),
        (Some(s.account), Some("Ørsted Zoë Łukasiewicz Straße"))
    );

    let (_, other) = app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Other"}))).await;
    let (_, contact) = app
        .api(Method::POST, "/api/v1/contacts", Some(&s.token), Some(json!({"account_id": other["id"], "name": "Ann"})))
        .await;
    let line = json!([{"description": "x", "quantity": "1", "unit_price": "1", "tax_rate_id": s.standard}]);
    let (_, invoice) = app
        .api(Method::POST, "/api/v1/invoices", Some(&s.token), Some(json!({"account_id": other["id"], "lines": line})))
        .await;
    let base = |extra: Value| {
        let mut b = json!({"account_id": s.account, "subject": "S", "description": "D"});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (base(json!({"contact_id": contact["id"]})), "contact_id"),
        (base(json!({"invoice_id": invoice["id"]})), "invoice_id"),
        (base(json!({"account_id": 999_999})), "account_id"),
        (json!({"subject": "S", "description": "D"}), "account_id"),
        (json!({"account_id": s.account, "description": "D"}), "subject"),
        (base(json!({"subject": "  "})), "subject"),
        (base(json!({"subject": "two\nlines"})), "subject"),
        (json!({"account_id": s.account, "subject": "S"}), "description"),
        (base(json!({"priority": "asap"})), "priority"),
    ];
    let before = (
        count(&app, "tickets").await,
        count(&app, "ticket_status_changes").await,
        count(&app, "timeline_events").await,
    );
    for (body, field) in cases {
        let (status, answer) = app.api(Method::POST, "/api/v1/tickets", Some(&s.token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert!(answer["fields"][field].is_array(), "{field} for {body}: {answer}");
    }
    let after = (
        count(&app, "tickets").await,
        count(&app, "ticket_status_changes").await,
        count(&app, "timeline_events").await,
    );
    assert_eq!(after, before, "refused tickets wrote nothing");
    let (status, _) =
        app.api(Method::POST, "/api/v1/tickets", Some(&s.token), Some(base(json!({"colour": "red"})))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused, not ignored");
    let mut numbers = vec![first["number"].as_str().unwrap().to_string()];
    for _ in 0..2 {
        let t = open_ticket(&app, &s.token, s.account, json!({"priority": "high"})).await;
        numbers.push(t["number"].as_str().unwrap().to_string());
    }
    assert_eq!(
        numbers,
        (1..=3).map(|n| format!("TCK-{year}-{n:06}")).collect::<Vec<_>>(),
        "no number lost to a refusal"
    );
}

#[tokio::test]
async fn every_event_goes_through_the_machine_and_a_closed_ticket_is_final() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = open_ticket(&app, &s.token, s.account, json!({})).await;
    let id = &t["id"];
    let note = || Some(json!({"note": "Replaced the toner."}));
    let steps: &[(&str, Option<Value>, StatusCode, &str)] = &[
        ("wait", None, StatusCode::CONFLICT, "open"),
        ("close", None, StatusCode::CONFLICT, "open"),
        ("reopen", None, StatusCode::CONFLICT, "open"),
        ("start", None, StatusCode::OK, "in_progress"),
        ("start", None, StatusCode::CONFLICT, "in_progress"),
        ("reopen", None, StatusCode::CONFLICT, "in_progress"),
        ("wait", None, StatusCode::OK, "waiting"),
        ("wait", None, StatusCode::CONFLICT, "waiting"),
        ("close", None, StatusCode::CONFLICT, "waiting"),
        ("start", None, StatusCode::OK, "in_progress"),
        ("resolve", None, StatusCode::UNPROCESSABLE_ENTITY, "in_progress"),
        ("resolve", Some(json!({"note": "   "})), StatusCode::UNPROCESSABLE_ENTITY, "in_progress"),
        ("resolve", note(), StatusCode::OK, "resolved"),
        ("resolve", note(), StatusCode::CONFLICT, "resolved"),
        ("start", None, StatusCode::CONFLICT, "resolved"),
        ("wait", None, StatusCode::CONFLICT, "resolved"),
        ("reopen", None, StatusCode::OK, "open"),
        ("resolve", Some(json!({"note": "Fixed for good."})), StatusCode::OK, "resolved"),
        ("close", None, StatusCode::OK, "closed"),
    ];
    for (e, body, expected, to) in steps {
        let before = get_ticket(&app, &s.token, id).await;
        let (status, answer) = ticket_event(&app, &s.token, id, e, body.clone()).await;
        assert_eq!(status, *expected, "{e} {body:?}: {answer}");
        let now = get_ticket(&app, &s.token, id).await;
        assert_eq!(now["status"], *to, "after {e}");
        match status {
            StatusCode::CONFLICT => assert_eq!(answer["code"], "invalid_transition", "{e}: {answer}"),
            StatusCode::UNPROCESSABLE_ENTITY => assert!(answer["fields"]["note"].is_array(), "{answer}"),
            _ => assert_eq!(answer["status"], *to, "the answer is the changed ticket"),
        }
        if status != StatusCode::OK {
            assert_eq!(now, before, "a refused {e} changed nothing");
        }
        if (*e, status) == ("resolve", StatusCode::OK) {
            assert!(time(&now["resolved_at"]).is_some());
            assert_eq!(now["resolution_note"], body.as_ref().unwrap()["note"], "the note is stored");
        }
        if *e == "reopen" && status == StatusCode::OK {
            assert_eq!(now["resolved_at"], Value::Null, "a reopened ticket is not resolved");
        }
    }
    let closed = get_ticket(&app, &s.token, id).await;
    assert!(time(&closed["closed_at"]).is_some());
    assert_eq!(closed["resolution_note"], "Fixed for good.");
    for e in ["start", "wait", "resolve", "close", "reopen"] {
        let (status, answer) = ticket_event(&app, &s.token, id, e, note()).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")), "{e}");
    }
    let path = format!("/api/v1/tickets/{id}");
    for (method, p, body) in [
        (Method::POST, format!("{path}/comments"), json!({"body": "Anyone?", "public": true})),
        (Method::POST, format!("{path}/comments"), json!({"body": "Internal", "public": false})),
        (Method::PATCH, path.clone(), json!({"subject": "Renamed"})),
        (Method::POST, format!("{path}/assign"), json!({"assignee_id": null})),
    ] {
        let (status, answer) = app.api(method.clone(), &p, Some(&s.token), Some(body)).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::CONFLICT, Some("invalid_transition")),
            "{method} {p}"
        );
    }
    assert_eq!(get_ticket(&app, &s.token, id).await, closed, "a closed ticket stays as it was");
    for unknown in ["teleport", "customer_reply"] {
        let (status, _) = ticket_event(&app, &s.token, id, unknown, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown} is no agent's event");
    }
    let (status, _) = ticket_event(&app, &s.token, &json!(999_999), "start", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, events) = app.api(Method::GET, &format!("{path}/events"), Some(&s.token), None).await;
    let mut moves: Vec<(String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "status")
        .map(|e| (e["from_state"].as_str().unwrap().to_string(), e["to_state"].as_str().unwrap().to_string()))
        .collect();
    moves.sort();
    let expected = [
        ("open", "in_progress"),
        ("in_progress", "waiting"),
        ("waiting", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "open"),
        ("open", "resolved"),
        ("resolved", "closed"),
    ];
    let mut want: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    want.sort();
    assert_eq!(moves, want, "one timeline entry per change, none for refusals: {events}");
    assert!(events.as_array().unwrap().iter().any(|e| e["kind"] == "created"));
    let history = count(&app, "ticket_status_changes").await;
    assert_eq!(history, 1 + expected.len() as i64, "the creation and each change in the status history");
}

#[tokio::test]
async fn an_urgent_ticket_runs_its_clocks_round_the_clock_pauses_while_waiting_and_the_first_reply_meets_one() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = open_ticket(&app, &s.token, s.account, json!({"priority": "urgent"})).await;
    let id = &t["id"];
    let created = time(&t["created_at"]).unwrap();
    let (first, resolution) = (time(&t["first_response_due_at"]).unwrap(), time(&t["resolution_due_at"]).unwrap());
    assert!(near(first, created + Duration::minutes(60)), "first response within 60 min, 24×7: {first} vs {created}");
    assert!(near(resolution, created + Duration::minutes(480)), "resolution within 480 min: {resolution}");
    assert_eq!(t["sla_state"], "on_track");
    assert_eq!(time(&t["sla_due_at"]), Some(first), "the queues sort by the next due time");

    ticket_event(&app, &s.token, id, "start", None).await;
    let w0 = Utc::now();
    let (_, waiting) = ticket_event(&app, &s.token, id, "wait", None).await;
    let w1 = Utc::now();
    assert_eq!(waiting["sla_state"], "paused");
    assert_eq!(
        (&waiting["first_response_due_at"], &waiting["resolution_due_at"], &waiting["sla_due_at"]),
        (&Value::Null, &Value::Null, &Value::Null),
        "no due time while the clock stands: {waiting}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    let s0 = Utc::now();
    let (_, resumed) = ticket_event(&app, &s.token, id, "start", None).await;
    let s1 = Utc::now();
    assert_eq!(resumed["sla_state"], "on_track");
    let (first2, resolution2) =
        (time(&resumed["first_response_due_at"]).unwrap(), time(&resumed["resolution_due_at"]).unwrap());
    // The pause lasted at least s0 − w1 and at most s1 − w0; the clocks count whole seconds.
    let (least, most) = (s0 - w1 - Duration::seconds(2), s1 - w0 + Duration::seconds(2));
    for (before, after, which) in [(first, first2, "first response"), (resolution, resolution2, "resolution")] {
        assert!(after > before, "{which}: the pause moved the due time later ({before} → {after})");
        let moved = after - before;
        assert!(moved >= least && moved <= most, "{which} moved by {moved}, the pause was {least}..{most}");
    }

    let path = format!("/api/v1/tickets/{id}/comments");
    let (status, note) =
        app.api(Method::POST, &path, Some(&s.token), Some(json!({"body": "Checked the logs.", "public": false}))).await;
    assert_eq!((status, note["public"].as_bool()), (StatusCode::CREATED, Some(false)), "{note}");
    let after_note = get_ticket(&app, &s.token, id).await;
    assert_eq!(after_note["first_responded_at"], Value::Null, "an internal note is no response");
    assert_eq!(time(&after_note["first_response_due_at"]), Some(first2));
    let (status, reply) =
        app.api(Method::POST, &path, Some(&s.token), Some(json!({"body": "We are on it.", "public": true}))).await;
    assert_eq!((status, reply["public"].as_bool()), (StatusCode::CREATED, Some(true)), "{reply}");
    let answered = get_ticket(&app, &s.token, id).await;
    let responded = time(&answered["first_responded_at"]).expect("the first public reply is the first response");
    assert!(near(responded, time(&reply["created_at"]).unwrap()));
    assert_eq!(answered["first_response_due_at"], Value::Null, "the first-response clock is met: {answered}");
    let resolution3 = time(&answered["resolution_due_at"]).expect("the resolution clock runs on");
    assert!(near(resolution3, resolution2), "and the reply did not move it: {resolution2} → {resolution3}");
    assert_eq!(time(&answered["sla_due_at"]), Some(resolution3), "the only running clock is the next due");
    assert_eq!(answered["sla_state"], "on_track");
    app.api(Method::POST, &path, Some(&s.token), Some(json!({"body": "Second reply.", "public": true}))).await;
    let again = get_ticket(&app, &s.token, id).await;
    assert_eq!(time(&again["first_responded_at"]), Some(responded), "only the first reply counts");
    let (_, resolved) = ticket_event(&app, &s.token, id, "resolve", Some(json!({"note": "Done."}))).await;
    assert_eq!((resolved["sla_state"].as_str(), &resolved["sla_due_at"]), (Some("met"), &Value::Null), "{resolved}");
}

/// Where `secs` of Mon–Fri 09:00–17:00 UTC working time from `from` end (the default calendar),
/// counted day by day.
fn business_due(from: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let (open, close) = (NaiveTime::from_hms_opt(9, 0, 0).unwrap(), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
    let mut left = Duration::seconds(secs);
    let mut day = from.date_naive();
    loop {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            let start = from.max(day.and_time(open).and_utc());
            let end = day.and_time(close).and_utc();
            if start < end {
                if end - start >= left {
                    return start + left;
                }
                left -= end - start;
            }
        }
        day = day.succ_opt().unwrap();
    }
}

fn in_working_hours(t: DateTime<Utc>) -> bool {
    let minute = t.hour() * 60 + t.minute();
    !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) && (9 * 60..=17 * 60).contains(&minute)
}

#[tokio::test]
async fn a_medium_ticket_counts_business_hours_of_the_company_calendar() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = open_ticket(&app, &s.token, s.account, json!({})).await;
    let created = time(&t["created_at"]).unwrap();
    let (first, resolution) = (time(&t["first_response_due_at"]).unwrap(), time(&t["resolution_due_at"]).unwrap());
    for (due, minutes, which) in [(first, 480, "first response"), (resolution, 2400, "resolution")] {
        assert!(due > created, "{which} due after creation");
        assert!(in_working_hours(due), "{which} due inside Mon–Fri 09:00–17:00 UTC: {due}");
        let expected = business_due(created, minutes * 60);
        assert!(near(due, expected), "{which}: {due}, counted by hand {expected} (created {created})");
    }
    assert!(resolution > first);
    assert_eq!(t["sla_state"], "on_track");
}

#[tokio::test]
async fn the_conversation_keeps_public_replies_and_internal_notes_apart() {
    let app = spawn().await;
    let s = setup(&app).await;
    let t = open_ticket(&app, &s.token, s.account, json!({})).await;
    let path = format!("/api/v1/tickets/{}/comments", t["id"]);
    for (body, public) in
        [("Called the customer.", Some(false)), ("Thanks, a technician comes.", Some(true)), ("Default", None)]
    {
        let mut b = json!({"body": body});
        if let Some(p) = public {
            b["public"] = json!(p);
        }
        let (status, c) = app.api(Method::POST, &path, Some(&s.token), Some(b)).await;
        assert_eq!(status, StatusCode::CREATED, "{c}");
    }
    let (status, comments) = app.api(Method::GET, &path, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK);
    let seen: Vec<(&str, bool)> = comments
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["body"].as_str().unwrap(), c["public"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [("Called the customer.", false), ("Thanks, a technician comes.", true), ("Default", false)],
        "oldest first; a comment is internal unless marked public"
    );
    assert_eq!(comments[0]["author_name"], "Test Admin");
    assert_eq!(comments[0]["source"], "api");
    let before = count(&app, "ticket_comments").await;
    for body in [json!({"body": "x".repeat(20_001), "public": true}), json!({"body": "  "}), json!({"public": true})] {
        let (status, answer) = app.api(Method::POST, &path, Some(&s.token), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    }
    let (_, answer) = app.api(Method::POST, &path, Some(&s.token), Some(json!({"body": "x".repeat(20_001)}))).await;
    assert!(answer["fields"]["body"].is_array(), "{answer}");
    assert_eq!(count(&app, "ticket_comments").await, before, "refused comments wrote nothing");
    let fits = json!({"body": "y".repeat(20_000)});
    let (status, _) = app.api(Method::POST, &path, Some(&s.token), Some(fits)).await;
    assert_eq!(status, StatusCode::CREATED, "20 000 characters fit");
    let (_, events) = app.api(Method::GET, &format!("/api/v1/tickets/{}/events", t["id"]), Some(&s.token), None).await;
    let kinds: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "noted").count(), 3, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "replied").count(), 1, "{kinds:?}");
}

#[tokio::test]
async fn patch_edits_subject_and_priority_but_not_the_account_or_the_assignee() {
    let app = spawn().await;
    let s: Setup = setup(&app).await;
    let t = open_ticket(&app, &s.token, s.account, json!({"priority": "low"})).await;
    let path = format!("/api/v1/tickets/{}", t["id"]);
    let (status, edited) = app
        .api(Method::PATCH, &path, Some(&s.token), Some(json!({"subject": "Printer on fire", "priority": "urgent"})))
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!((edited["subject"].as_str(), edited["priority"].as_str()), (Some("Printer on fire"), Some("urgent")));
    assert_eq!(edited["description"], t["description"], "what is not sent stays");
    let created = time(&t["created_at"]).unwrap();
    let first = time(&edited["first_response_due_at"]).unwrap();
    let resolution = time(&edited["resolution_due_at"]).unwrap();
    assert!(near(first, created + Duration::minutes(60)), "the urgent policy from creation on: {first}");
    assert!(near(resolution, created + Duration::minutes(480)), "{resolution}");
    let (_, events) = app.api(Method::GET, &format!("{path}/events"), Some(&s.token), None).await;
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "priority" && e["from_state"] == "low" && e["to_state"] == "urgent"),
        "{events}"
    );
    let (_, other) = app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Other"}))).await;
    let me = app.api(Method::GET, "/api/v1/me", Some(&s.token), None).await.1;
    for (body, field) in [
        (json!({"account_id": other["id"]}), "account_id"),
        (json!({"assignee_id": me["id"]}), "assignee_id"),
        (json!({"subject": ""}), "subject"),
        (json!({"priority": "soon"}), "priority"),
    ] {
        let (status, answer) = app.api(Method::PATCH, &path, Some(&s.token), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert!(answer["fields"][field].is_array(), "{field} for {body}: {answer}");
    }
    assert_eq!(
        get_ticket(&app, &s.token, &t["id"]).await["subject"],
        "Printer on fire",
        "refused edits change nothing"
    );
    let (status, _) =
        app.api(Method::PATCH, "/api/v1/tickets/999999", Some(&s.token), Some(json!({"subject": "x"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
