//! Canned replies: admins and managers keep them (every bad field named, titles unique in any
//! case, unknown placeholders refused), support may not; an agent starts a reply from one on a
//! ticket's page and gets it filled in for that ticket; edits and deletion.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::open_ticket;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn canned_replies_are_kept_by_managers_and_filled_in_for_a_ticket() {
    let app = spawn().await;
    let s = setup(&app).await;
    app.create_user("sven@test.example", "Sven Support", "support").await;
    let admin = app.logged_in(ADMIN_EMAIL).await;
    let support = app.logged_in("sven@test.example").await;
    let save = |client, id: &str, title: &str, body: &str| {
        let (app, id, title, body) = (&app, id.to_string(), title.to_string(), body.to_string());
        async move {
            app.call(client, "save_canned_reply", &[("id", &id), ("form[title]", &title), ("form[body]", &body)]).await
        }
    };
    let (status, e) = save(&admin, "", " ", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["fields"]["title"].is_array() && e["fields"]["body"].is_array(), "{e}");
    let (status, e) = save(&admin, "", "Restart", "Hello {custmer}").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["fields"]["body"][0].as_str().unwrap().contains("{custmer}"), "{e}");
    let body = "Hello {customer},\n\nplease restart the printer ({ticket}).\n\n{agent}, {company}";
    let (status, id) = save(&admin, "", "Restart the printer", body).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (status, e) = save(&admin, "", "restart THE printer", "Other").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "titles are unique in any case: {e}");
    let (status, _) = save(&support, "", "Mine", "Text").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "support uses them, managers keep them");
    let (status, _) = app.call(&support, "canned_replies", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // On a ticket: the picker offers it; choosing it fills the reply form for this ticket.
    let (_, contact) = app
        .api(Method::POST, "/api/v1/contacts", Some(&s.token), Some(json!({"account_id": s.account, "name": "Zoë"})))
        .await;
    let t = open_ticket(&app, &s.token, s.account, json!({"contact_id": contact["id"]})).await;
    let (_, html) = app.get_html(&support, &format!("/tickets/{}", t["id"])).await;
    assert!(html.contains("canned-picker") && html.contains("Restart the printer"), "the picker lists it");
    let (status, view) =
        app.call(&support, "get_ticket", &[("id", &t["id"].to_string()), ("canned", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let number = t["number"].as_str().unwrap();
    let draft = view["draft"].as_str().unwrap();
    assert!(
        draft.starts_with(&format!("Hello Zoë,\n\nplease restart the printer ({number}).\n\nSven Support, ")),
        "{draft}"
    );
    assert!(!view["draft"].as_str().unwrap().contains('{'), "every placeholder filled: {view}");
    let (_, html) = app.get_html(&support, &format!("/tickets/{}?canned={id}", t["id"])).await;
    assert!(html.contains(&format!("please restart the printer ({number})")), "the form starts with it");

    // Edited and deleted.
    let (status, _) = save(&admin, &id.to_string(), "Restart the printer", "Please restart it, {customer}.").await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.call(&admin, "canned_replies", &[]).await;
    assert_eq!(list[0]["body"], "Please restart it, {customer}.");
    let (status, _) = app.call(&admin, "delete_canned_reply", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.call(&admin, "canned_replies", &[]).await;
    assert!(list.as_array().unwrap().is_empty());
    let (status, _) = app.call(&admin, "delete_canned_reply", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
