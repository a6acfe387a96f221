//! Merging a duplicate: its conversation and description move to the other ticket (internal notes
//! stay internal), it closes with a link, both timelines say so, its customer link opens the ticket
//! it went into; a merge into itself, another account's ticket, a closed ticket or from a closed
//! one is refused and changes nothing.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::{get_ticket, open_ticket, ticket_event};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn comments(app: &TestApp, token: &str, id: &Value) -> Vec<Value> {
    let (status, c) = app.api(Method::GET, &format!("/api/v1/tickets/{id}/comments"), Some(token), None).await;
    assert_eq!(status, StatusCode::OK);
    c.as_array().unwrap().clone()
}

async fn merge(app: &TestApp, token: &str, id: &Value, into: Value) -> (StatusCode, Value) {
    app.api(Method::POST, &format!("/api/v1/tickets/{id}/merge"), Some(token), Some(json!({"into": into}))).await
}

#[tokio::test]
async fn a_duplicate_moves_its_conversation_and_closes_with_a_link() {
    let app = spawn().await;
    let s = setup(&app).await;
    let keep = open_ticket(&app, &s.token, s.account, json!({"subject": "Scanner drops Wi-Fi"})).await;
    let dup = open_ticket(&app, &s.token, s.account, json!({"subject": "Scanner offline again"})).await;
    let say = |id: &Value, body: &str, public: bool| {
        let path = format!("/api/v1/tickets/{id}/comments");
        let body = json!({"body": body, "public": public});
        let app = &app;
        let token = s.token.clone();
        async move { app.api(Method::POST, &path, Some(&token), Some(body)).await }
    };
    say(&keep["id"], "Asked for the scanner's logs.", true).await;
    say(&dup["id"], "Same customer as the other ticket.", false).await;
    say(&dup["id"], "Could you restart the access point?", true).await;
    let (_, link) =
        app.api(Method::POST, &format!("/api/v1/tickets/{}/customer-link", dup["id"]), Some(&s.token), None).await;
    let dup_token = link["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();

    // Refusals first: each changes nothing.
    let before = (get_ticket(&app, &s.token, &dup["id"]).await, get_ticket(&app, &s.token, &keep["id"]).await);
    let (_, other) =
        app.api(Method::POST, "/api/v1/accounts", Some(&s.token), Some(json!({"name": "Elsewhere"}))).await;
    let foreign = open_ticket(&app, &s.token, other["id"].as_i64().unwrap(), json!({})).await;
    let closed = open_ticket(&app, &s.token, s.account, json!({})).await;
    ticket_event(&app, &s.token, &closed["id"], "resolve", Some(json!({"note": "Done."}))).await;
    ticket_event(&app, &s.token, &closed["id"], "close", None).await;
    for (into, why) in [
        (json!(""), "is required"),
        (json!("TCK-1999-000000"), "is not a ticket number"),
        (dup["number"].clone(), "is this ticket"),
        (foreign["number"].clone(), "another account"),
        (closed["number"].clone(), "is closed"),
        (json!(true), "must be a ticket number or id"),
    ] {
        let (status, answer) = merge(&app, &s.token, &dup["id"], into.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{into}: {answer}");
        assert!(answer["fields"]["into"][0].as_str().unwrap().contains(why), "{into}: {answer}");
    }
    let (status, _) = merge(&app, &s.token, &closed["id"], keep["number"].clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "a closed ticket is final");
    assert_eq!(before, (get_ticket(&app, &s.token, &dup["id"]).await, get_ticket(&app, &s.token, &keep["id"]).await));

    // The merge, by number in lower case.
    let (status, into) =
        merge(&app, &s.token, &dup["id"], json!(keep["number"].as_str().unwrap().to_lowercase())).await;
    assert_eq!(status, StatusCode::OK, "{into}");
    assert_eq!(into["id"], keep["id"], "the answer is the ticket it went into");
    let gone = get_ticket(&app, &s.token, &dup["id"]).await;
    assert_eq!((gone["status"].as_str(), gone["merged_into"].as_i64()), (Some("closed"), keep["id"].as_i64()));
    assert_eq!(gone["resolution_note"], format!("Merged into {}", keep["number"].as_str().unwrap()));
    assert!(comments(&app, &s.token, &dup["id"]).await.is_empty(), "nothing left behind");
    let moved = comments(&app, &s.token, &keep["id"]).await;
    let bodies: Vec<(&str, bool)> =
        moved.iter().map(|c| (c["body"].as_str().unwrap(), c["public"].as_bool().unwrap())).collect();
    assert_eq!(bodies.len(), 4, "{bodies:?}");
    assert!(bodies.contains(&("Same customer as the other ticket.", false)), "a note stays a note: {bodies:?}");
    assert!(bodies.contains(&("Could you restart the access point?", true)));
    assert!(
        bodies
            .iter()
            .any(|(b, public)| b.contains("Scanner offline again") && b.contains("Since this morning.") && !public),
        "an employee's description comes over as an internal note: {bodies:?}"
    );
    let kinds = |id: Value| {
        let app = &app;
        let token = s.token.clone();
        async move {
            let (_, e) = app.api(Method::GET, &format!("/api/v1/tickets/{id}/events"), Some(&token), None).await;
            e.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    assert!(kinds(dup["id"].clone()).await.contains(&"merged".to_string()));
    assert!(kinds(keep["id"].clone()).await.contains(&"merged_in".to_string()));
    let (status, _) = merge(&app, &s.token, &dup["id"], keep["number"].clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "merged once");

    // The duplicate's customer link opens the ticket it went into, without the internal note.
    let customer = app.client();
    let (status, html) = app.get_html(&customer, &format!("/t/{dup_token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(keep["number"].as_str().unwrap()) && html.contains("restart the access point"));
    assert!(!html.contains("Same customer as the other ticket"), "internal notes never reach the customer");
    let (status, _) = app
        .call(&customer, "reply_customer_ticket", &[("token", &dup_token), ("body", "Restarted it, still off.")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(comments(&app, &s.token, &keep["id"]).await.iter().any(|c| c["body"] == "Restarted it, still off."));
}
