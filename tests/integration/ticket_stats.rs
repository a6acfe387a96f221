//! The dashboard's support figures: open tickets per priority (every priority, urgent first),
//! breaches of the last 7 days, the median first response in the policy's hours over 30 days,
//! and the satisfaction average over 90 days; for the roles that read every ticket.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::open_ticket;
use aftersale::server::service::tickets::jobs;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn set(app: &TestApp, ticket: &Value, sql: &str, at: chrono::DateTime<Utc>) {
    sqlx::query(&format!("UPDATE tickets SET {sql} WHERE id = $2"))
        .bind(at)
        .bind(ticket["id"].as_i64().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
}

async fn stats(app: &TestApp, web: &reqwest::Client) -> Value {
    let (status, v) = app.call(web, "ticket_stats", &[]).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

#[tokio::test]
async fn the_dashboard_counts_open_tickets_breaches_first_responses_and_ratings() {
    let app = spawn().await;
    let s = setup(&app).await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let empty = stats(&app, &web).await;
    assert_eq!(empty["open_by_priority"], json!([["urgent", 0], ["high", 0], ["medium", 0], ["low", 0]]));
    assert_eq!((empty["breaches_last_7_days"].as_i64(), empty["ratings"].as_i64()), (Some(0), Some(0)));
    assert_eq!((&empty["median_first_response_seconds"], &empty["rating_average"]), (&Value::Null, &Value::Null));

    let a = open_ticket(&app, &s.token, s.account, json!({"priority": "urgent"})).await;
    let b = open_ticket(&app, &s.token, s.account, json!({"priority": "urgent"})).await;
    let c = open_ticket(&app, &s.token, s.account, json!({"priority": "low"})).await;
    // Urgent is 24×7: A was answered an hour after it came in, B three hours after.
    let now = Utc::now();
    set(&app, &a, "created_at = $1", now - Duration::hours(2)).await;
    set(&app, &a, "first_responded_at = $1", now - Duration::hours(1)).await;
    set(&app, &b, "created_at = $1", now - Duration::hours(3)).await;
    set(&app, &b, "first_responded_at = $1", now).await;
    // Two ratings in the window, one too old to count.
    set(&app, &a, "rating = 5, rated_at = $1", now).await;
    set(&app, &b, "rating = 4, rated_at = $1", now - Duration::days(3)).await;
    set(&app, &c, "rating = 1, rated_at = $1", now - Duration::days(100)).await;
    // Every clock of the three passes its target a month on: six breaches, all due this week.
    assert_eq!(jobs::mark_breaches(&app.state, now + Duration::days(30)).await.unwrap(), "6 breaches marked");

    let v = stats(&app, &web).await;
    assert_eq!(v["open_by_priority"], json!([["urgent", 2], ["high", 0], ["medium", 0], ["low", 1]]));
    assert_eq!(v["breaches_last_7_days"], 6);
    assert_eq!((v["median_first_response_seconds"].as_i64(), v["first_responses"].as_i64()), (Some(3600), Some(2)));
    assert_eq!((v["rating_average"].as_str(), v["ratings"].as_i64()), (Some("4.5"), Some(2)));
    let (_, html) = app.get_html(&web, "/").await;
    assert!(html.contains("id=\"tickets-overview\"") && html.contains("4.5 / 5") && html.contains("1h 0m"), "the tile");

    // Sales read only their own accounts' tickets: no desk-wide figures, no tile.
    app.create_user("sally@test.example", "Sally Sales", "sales").await;
    let sally = app.logged_in("sally@test.example").await;
    let (status, _) = app.call(&sally, "ticket_stats", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html) = app.get_html(&sally, "/").await;
    assert!(!html.contains("tickets-overview"));
}
