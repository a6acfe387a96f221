//! Invoice questions are tickets: "Question this invoice" opens a ticket linked to the invoice
//! (the asker becomes a contact of the account and is sent to the ticket's page, with its link
//! also mailed); the invoice's reminders pause while a ticket about it is open, resume when it is
//! resolved (on the ticket, or by finance on the invoice page) and pause again when the
//! customer's reply reopens it; the questions asked before tickets become tickets once.
use crate::common::*;
use crate::invoices::{invoice_draft, invoice_event};
use crate::orders::{setup, Setup};
use crate::ticket_links::post_plain;
use crate::tickets::{count, get_ticket, ticket_event};
use aftersale::server::db::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// An issued invoice, due today, and the token of its customer link.
async fn issued(app: &TestApp, s: &Setup) -> (Value, String) {
    let d = invoice_draft(app, s, 2).await;
    let (_, i) = invoice_event(app, &s.token, &d["id"], "issue").await;
    sqlx::query("UPDATE invoices SET due_date = $1 WHERE id = $2")
        .bind(chrono::Utc::now().date_naive())
        .bind(i["id"].as_i64().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
    let url = i["customer_link"]["url"].as_str().unwrap();
    (i.clone(), url.rsplit('/').next().unwrap().to_string())
}

async fn disputed(app: &TestApp, s: &Setup, invoice: &Value) -> bool {
    let (_, i) = app.api(Method::GET, &format!("/api/v1/invoices/{}", invoice["id"]), Some(&s.token), None).await;
    i["disputed"].as_bool().unwrap()
}

async fn tickets_of(app: &TestApp, invoice: &Value) -> Vec<i64> {
    sqlx::query_scalar::<Db, i64>("SELECT id FROM tickets WHERE invoice_id = $1 ORDER BY id")
        .bind(invoice["id"].as_i64().unwrap())
        .fetch_all(&app.state.pool)
        .await
        .unwrap()
}

/// The dunning job's answer for a day: "N marked overdue, M reminders sent".
async fn dunning(app: &TestApp, days_later: i64) -> String {
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(days_later);
    aftersale::server::service::invoices::mail::run_dunning(&app.state, day).await.unwrap()
}

#[tokio::test]
async fn a_question_is_a_ticket_and_the_reminders_wait_while_it_is_open() {
    let app = spawn().await;
    let s = setup(&app).await;
    // Reminders go to the account's invoice address.
    let path = format!("/api/v1/accounts/{}", s.account);
    app.api(Method::PATCH, &path, Some(&s.token), Some(json!({"invoice_email": "ap@orsted.example"}))).await;
    let (inv, tok) = issued(&app, &s).await;
    let number = inv["number"].as_str().unwrap();
    let contacts = count(&app, "contacts").await;

    // Bad input: field errors, nothing written.
    let customer = app.client();
    let (status, body) = app
        .call(&customer, "question_invoice", &[("token", &tok), ("name", ""), ("email", "x"), ("message", "")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(tickets_of(&app, &inv).await.is_empty() && count(&app, "contacts").await == contacts);

    // Asked as a browser without JavaScript: the answer leads to the ticket's customer page.
    let form = [
        ("token", tok.as_str()),
        ("name", "Zoë Łukasiewicz"),
        ("email", "Zoe@Orsted.example"),
        ("message", "Line 2 was billed twice — the delivery was one, not two."),
    ];
    let (status, location) = post_plain(&app, &customer, "question_invoice", &form, &format!("/i/{tok}")).await;
    assert!(status.is_redirection(), "{status}");
    assert!(location.starts_with("/t/tck_"), "to the ticket's page: {location}");
    let ids = tickets_of(&app, &inv).await;
    assert_eq!(ids.len(), 1, "one ticket");
    let t = get_ticket(&app, &s.token, &json!(ids[0])).await;
    assert_eq!(t["channel"], "customer_link");
    assert_eq!(t["status"], "open");
    assert_eq!(t["account_id"], s.account);
    assert_eq!(t["subject"], format!("Question about invoice {number}"));
    assert_eq!(t["contact_name"], "Zoë Łukasiewicz", "the asker became a contact");
    assert_eq!(count(&app, "contacts").await, contacts + 1);
    let (status, page) = app.get_html(&customer, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("billed twice") && page.contains(t["number"].as_str().unwrap()));
    let (_, invoice_page) = app.get_html(&customer, &format!("/i/{tok}")).await;
    assert!(invoice_page.contains("question-received"), "the invoice page says the question is in");
    let mails: Vec<(String, String)> =
        sqlx::query_as("SELECT subject, body_text FROM outbox WHERE lower(to_addr) = 'zoe@orsted.example'")
            .fetch_all(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].0.starts_with(&format!("[{}]", t["number"].as_str().unwrap())) && mails[0].1.contains("/t/tck_"));
    assert!(disputed(&app, &s, &inv).await);

    // A second question from the same person finds their contact.
    let again = [("token", tok.as_str()), ("name", "Zoë"), ("email", "zoe@orsted.example"), ("message", "Any news?")];
    let (status, _) = app.call(&customer, "question_invoice", &again).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&app, "contacts").await, contacts + 1, "no second contact");
    let ids = tickets_of(&app, &inv).await;
    assert_eq!(ids.len(), 2);

    // Due today: the reminder waits while any ticket about the invoice is open.
    assert_eq!(dunning(&app, 0).await, "0 marked overdue, 0 reminders sent");
    ticket_event(&app, &s.token, &json!(ids[1]), "resolve", Some(json!({"note": "Answered in the first."}))).await;
    assert!(disputed(&app, &s, &inv).await, "one is still open");
    assert_eq!(dunning(&app, 0).await, "0 marked overdue, 0 reminders sent");
    let (status, _) =
        ticket_event(&app, &s.token, &json!(ids[0]), "resolve", Some(json!({"note": "One delivery: credited."}))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!disputed(&app, &s, &inv).await, "resolved: reminders resume");
    assert_eq!(dunning(&app, 0).await, "0 marked overdue, 1 reminders sent");

    // The customer answers through the ticket's link: the ticket reopens, reminders pause again.
    let link = location.trim_start_matches("/t/");
    let (status, _) =
        app.call(&customer, "reply_customer_ticket", &[("token", link), ("body", "The credit note is missing.")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(get_ticket(&app, &s.token, &json!(ids[0])).await["status"], "open");
    assert!(disputed(&app, &s, &inv).await);
    assert_eq!(dunning(&app, 7).await, "1 marked overdue, 0 reminders sent", "the 7-day step waits");

    // Finance answers on the invoice page: its open tickets are resolved with the note.
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, _) = app
        .call(
            &web,
            "resolve_invoice_question",
            &[("invoice_id", &inv["id"].to_string()), ("resolution", "Credit note CN sent today")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let t = get_ticket(&app, &s.token, &json!(ids[0])).await;
    assert_eq!(
        (t["status"].as_str(), t["resolution_note"].as_str()),
        (Some("resolved"), Some("Credit note CN sent today"))
    );
    assert!(!disputed(&app, &s, &inv).await);
    assert_eq!(dunning(&app, 7).await, "0 marked overdue, 1 reminders sent");
    let (status, answer) = app
        .call(&web, "resolve_invoice_question", &[("invoice_id", &inv["id"].to_string()), ("resolution", "Again")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing open to resolve: {answer}");
    let (_, html) = app.get_html(&web, &format!("/invoices/{}", inv["id"])).await;
    assert!(html.contains(t["number"].as_str().unwrap()) && html.contains("Credit note CN sent today"));

    // An employee's ticket linked to the invoice pauses it too; unlinking it lifts the pause.
    let (status, own) = app
        .api(
            Method::POST,
            "/api/v1/tickets",
            Some(&s.token),
            Some(json!({"account_id": s.account, "subject": "Called about the invoice", "description": "By phone.",
                        "invoice_id": inv["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    assert!(disputed(&app, &s, &inv).await);
    // Edited on its page without the invoice.
    let form = [
        ("id", own["id"].to_string()),
        ("form[account_id]", s.account.to_string()),
        ("form[subject]", "Called about the invoice".to_string()),
        ("form[description]", "By phone.".to_string()),
        ("form[priority]", "medium".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, answer) = app.call(&web, "update_ticket", &pairs).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(get_ticket(&app, &s.token, &own["id"]).await["invoice_id"], Value::Null);
    assert!(!disputed(&app, &s, &inv).await);
}

#[tokio::test]
async fn the_questions_asked_before_tickets_become_tickets_once() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (inv, _) = issued(&app, &s).await;
    let (other, _) = issued(&app, &s).await;
    let at = chrono::Utc::now() - chrono::Duration::days(3);
    let admin: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ADMIN_EMAIL)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    // As the old code wrote them: one open (the invoice flagged), one answered.
    sqlx::query(
        "INSERT INTO invoice_disputes (invoice_id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(inv["id"].as_i64().unwrap())
    .bind("Ben Berg")
    .bind("ben@orsted.example")
    .bind("Wrong VAT rate?")
    .bind(at)
    .execute(&app.state.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO invoice_disputes (invoice_id, name, email, message, created_at, resolved_at, resolved_by, resolution)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(other["id"].as_i64().unwrap())
    .bind("Ben Berg")
    .bind("ben@orsted.example")
    .bind("Where is the PO number?")
    .bind(at)
    .bind(at + chrono::Duration::hours(2))
    .bind(admin)
    .bind("Added it and re-sent")
    .execute(&app.state.pool)
    .await
    .unwrap();

    // Two instances starting at once turn each question once.
    let pool = app.state.pool.clone();
    let (a, b) = tokio::join!(
        aftersale::server::service::tickets::questions::adopt_legacy(&pool),
        aftersale::server::service::tickets::questions::adopt_legacy(&pool)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    assert_eq!(aftersale::server::service::tickets::questions::adopt_legacy(&pool).await.unwrap(), 0, "once");
    let open = tickets_of(&app, &inv).await;
    let answered = tickets_of(&app, &other).await;
    assert_eq!((open.len(), answered.len()), (1, 1));
    let t = get_ticket(&app, &s.token, &json!(open[0])).await;
    assert_eq!((t["status"].as_str(), t["contact_name"].as_str()), (Some("open"), Some("Ben Berg")));
    assert_eq!(crate::tickets::time(&t["created_at"]).unwrap().timestamp(), at.timestamp(), "asked when it was");
    assert!(disputed(&app, &s, &inv).await, "an open question still pauses reminders");
    let r = get_ticket(&app, &s.token, &json!(answered[0])).await;
    assert_eq!((r["status"].as_str(), r["resolution_note"].as_str()), (Some("resolved"), Some("Added it and re-sent")));
    assert!(!disputed(&app, &s, &other).await);
    let linked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoice_disputes WHERE ticket_id IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(linked, 2, "each question names its ticket");
}
