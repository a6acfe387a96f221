//! Email into support over `POST /api/v1/inbound-email`, with real MIME messages: a known contact's
//! multipart message with a UTF-8 subject and a PDF opens a ticket (the file kept and served as a
//! download, the text intact); a reply naming the ticket lands on it with the quoted text trimmed;
//! the provider's retry of the same Message-ID is answered, not taken twice; an unknown sender
//! waits in the unmatched list until an employee files it on an account (once); the tag of a
//! ticket does not let a stranger write on it; what is not a message is a 422.
use crate::common::*;
use crate::orders::setup;
use crate::tickets::{count, get_ticket};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A message as a provider's webhook posts it (lines ending CRLF).
async fn post_mail(app: &TestApp, token: &str, raw: &str) -> (StatusCode, Value) {
    app.api_raw("/api/v1/inbound-email", token, "message/rfc822", raw.replace('\n', "\r\n").into_bytes()).await
}

/// "%PDF-1.4 …" as a file: what the message carries base64-encoded.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

fn b64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// A multipart message from Zoë: a quoted-printable UTF-8 text part and a PDF, the subject an
/// RFC 2047 encoded word ("Drucker zeigt Fehler – Zoë's Büro").
fn first_message() -> String {
    format!(
        "From: =?UTF-8?Q?Zo=C3=AB_=C5=81ukasiewicz?= <Zoe@Orsted.example>\n\
         To: support@aftersale.example\n\
         Subject: =?UTF-8?B?{}?=\n\
         Message-ID: <first-1@orsted.example>\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\n\
         \n\
         --b1\n\
         Content-Type: text/plain; charset=utf-8\n\
         Content-Transfer-Encoding: quoted-printable\n\
         \n\
         Der Drucker im B=C3=BCro zeigt E42 =E2=80=93 bitte um Hilfe.\n\
         \n\
         --b1\n\
         Content-Type: application/pdf; name=\"Fehlerbericht Zoë.pdf\"\n\
         Content-Disposition: attachment; filename*=UTF-8''Fehlerbericht%20Zo%C3%AB.pdf\n\
         Content-Transfer-Encoding: base64\n\
         \n\
         {}\n\
         --b1--\n",
        b64("Drucker zeigt Fehler – Zoë's Büro".as_bytes()),
        b64(PDF)
    )
}

#[tokio::test]
async fn email_opens_tickets_adds_replies_and_waits_when_it_cannot_tell_where_it_goes() {
    let app = spawn().await;
    let s = setup(&app).await;
    let (status, _) = app
        .api(
            Method::POST,
            "/api/v1/contacts",
            Some(&s.token),
            Some(json!({"account_id": s.account, "name": "Zoë Łukasiewicz", "email": "zoe@orsted.example"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Not a message: 422, nothing stored.
    for junk in ["", "just some words", "Subject: no sender\n\nHello"] {
        let (status, answer) = post_mail(&app, &s.token, junk).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{junk:?}: {answer}");
        assert!(answer["fields"]["message"].is_array(), "{answer}");
    }
    assert_eq!(count(&app, "inbound_emails").await, 0);

    // A known contact: a new ticket on their account, with the file.
    let (status, r) = post_mail(&app, &s.token, &first_message()).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["outcome"], "ticket", "{r}");
    let id = r["ticket_id"].clone();
    let t = get_ticket(&app, &s.token, &id).await;
    assert_eq!(t["subject"], "Drucker zeigt Fehler – Zoë's Büro", "the encoded subject survives");
    assert_eq!(t["description"], "Der Drucker im Büro zeigt E42 – bitte um Hilfe.");
    assert_eq!((t["channel"].as_str(), t["contact_name"].as_str()), (Some("email"), Some("Zoë Łukasiewicz")));
    assert_eq!(t["account_id"], s.account);
    let files: Vec<(i64, String, Vec<u8>)> =
        sqlx::query_as("SELECT id, file_name, data FROM ticket_attachments WHERE ticket_id = $1")
            .bind(id.as_i64().unwrap())
            .fetch_all(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].1.as_str(), files[0].2.as_slice()), ("Fehlerbericht Zoë.pdf", PDF));
    let web = app.logged_in(ADMIN_EMAIL).await;
    let res = web.get(app.url(&format!("/tickets/{id}/files/{}", files[0].0))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/octet-stream", "never rendered inline");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let stranger = app.client();
    let res = stranger.get(app.url(&format!("/tickets/{id}/files/{}", files[0].0))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (_, html) = app.get_html(&web, &format!("/tickets/{id}")).await;
    assert!(html.contains("Fehlerbericht Zoë.pdf"), "the page lists the file");

    // The reply: the tag in the subject, the quoted earlier message trimmed; the customer's side
    // shows it and serves its public file.
    let number = t["number"].as_str().unwrap();
    let (status, _) = app.api(Method::POST, &format!("/api/v1/tickets/{id}/start"), Some(&s.token), None).await;
    assert_eq!(status, StatusCode::OK);
    app.api(Method::POST, &format!("/api/v1/tickets/{id}/wait"), Some(&s.token), None).await;
    let reply = format!(
        "From: zoe@orsted.example\nSubject: AW: [{number}] Drucker zeigt Fehler\nMessage-ID: <reply-1@orsted.example>\n\
         Content-Type: text/plain; charset=utf-8\n\nNeu gestartet, geht wieder. Danke!\n\n\
         Am 01.12.2026 um 10:00 schrieb Sven Support:\n> Bitte den Drucker neu starten.\n"
    );
    let (status, r) = post_mail(&app, &s.token, &reply).await;
    assert_eq!((status, r["outcome"].as_str()), (StatusCode::CREATED, Some("reply")), "{r}");
    assert_eq!(r["ticket_id"], id);
    assert_eq!(get_ticket(&app, &s.token, &id).await["status"], "in_progress", "a reply ends the wait");
    let (_, comments) = app.api(Method::GET, &format!("/api/v1/tickets/{id}/comments"), Some(&s.token), None).await;
    let last = comments.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["body"].as_str(), last["public"].as_bool()),
        (Some("Neu gestartet, geht wieder. Danke!"), Some(true))
    );
    assert_eq!(last["source"], "email");

    // The provider retries: answered with what happened, nothing added.
    let before = count(&app, "ticket_comments").await;
    let (status, again) = post_mail(&app, &s.token, &reply).await;
    assert_eq!((status, again["outcome"].as_str()), (StatusCode::OK, Some("duplicate")), "{again}");
    assert_eq!(again["ticket_id"], id);
    assert_eq!(count(&app, "ticket_comments").await, before);

    // A stranger naming the ticket does not get to write on it.
    let sneaky = format!("From: mallory@evil.example\nSubject: Re: [{number}]\n\nPlease wire the refund to me.\n");
    let (status, r) = post_mail(&app, &s.token, &sneaky).await;
    assert_eq!((status, r["outcome"].as_str()), (StatusCode::CREATED, Some("unmatched")), "{r}");
    assert!(r["note"].as_str().unwrap().contains("not a contact"), "{r}");
    assert_eq!(count(&app, "ticket_comments").await, before);

    // An unknown sender: unmatched until an employee files it on an account (once).
    let unknown = "From: Ben Berg <ben@newco.example>\nSubject: Angebot?\nMessage-ID: <u-1@newco.example>\n\n\
                   Wir brauchen 3 Scanner.\n";
    let (status, r) = post_mail(&app, &s.token, unknown).await;
    assert_eq!((status, r["outcome"].as_str()), (StatusCode::CREATED, Some("unmatched")), "{r}");
    let email_id = r["id"].as_i64().unwrap().to_string();
    let (status, page) = app.call(&web, "unmatched_email", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<&str> =
        page["emails"].as_array().unwrap().iter().map(|e| e["from_email"].as_str().unwrap()).collect();
    assert_eq!(listed, ["mallory@evil.example", "ben@newco.example"], "oldest first");
    let (status, answer) = app.call(&web, "file_unmatched_email", &[("id", &email_id), ("account_id", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let contacts = count(&app, "contacts").await;
    let account = s.account.to_string();
    let (status, ticket) = app.call(&web, "file_unmatched_email", &[("id", &email_id), ("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    let filed = get_ticket(&app, &s.token, &ticket).await;
    assert_eq!((filed["subject"].as_str(), filed["contact_name"].as_str()), (Some("Angebot?"), Some("Ben Berg")));
    assert_eq!(count(&app, "contacts").await, contacts + 1, "the sender is the account's contact now");
    let (status, _) = app.call(&web, "file_unmatched_email", &[("id", &email_id), ("account_id", &account)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "filed once");
    // Ben writes again: he is a contact now, so it is a ticket straight away.
    let again = "From: ben@newco.example\nSubject: Noch eine Frage\n\nUnd Etiketten?\n";
    let (_, r) = post_mail(&app, &s.token, again).await;
    assert_eq!(r["outcome"], "ticket", "{r}");

    // Discarding the stranger's message empties the list.
    let mallory = page["emails"][0]["id"].to_string();
    let (status, _) = app.call(&web, "discard_unmatched_email", &[("id", &mallory)]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = app.call(&web, "unmatched_email", &[]).await;
    assert!(page["emails"].as_array().unwrap().is_empty(), "{page}");

    // Only those who work tickets may feed email in.
    app.create_user("fin@test.example", "Fin Ance", "finance").await;
    let finance = app.token("fin@test.example").await;
    let (status, _) = post_mail(&app, &finance, &first_message()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
