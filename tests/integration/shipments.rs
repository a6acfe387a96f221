//! Fulfilment: partial and full shipments move the order by themselves, quantities never exceed
//! what remains (also when two shipments race), cancelling returns quantities, and the delivery
//! note is a real PDF whose text lists what shipped (checked with pdftotext).
use crate::common::*;
use crate::orders::{draft, event, setup};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn ship(app: &TestApp, token: &str, order: &Value, lines: Value) -> (StatusCode, Value) {
    let body = json!({"date": "2026-11-20", "carrier": "DHL", "tracking_number": "JD014600", "lines": lines});
    app.api(Method::POST, &format!("/api/v1/sales-orders/{}/shipments", order["id"]), Some(token), Some(body)).await
}

async fn order(app: &TestApp, token: &str, id: &Value) -> Value {
    app.api(Method::GET, &format!("/api/v1/sales-orders/{id}"), Some(token), None).await.1
}

/// The text of a PDF, by poppler's pdftotext (scripts/test.sh installs poppler-utils).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed: scripts/test.sh does it");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn two_shipments_fulfil_the_order_and_each_has_its_delivery_note() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = draft(&app, &s).await;
    let (l0, l1) = (o["lines"][0]["id"].clone(), o["lines"][1]["id"].clone());
    let (status, _) = ship(&app, &s.token, &o, json!([{"line_id": l0, "quantity": "1"}])).await;
    assert_eq!(status, StatusCode::CONFLICT, "a draft does not ship");
    event(&app, &s.token, &o["id"], "confirm").await;
    let (status, first) = ship(&app, &s.token, &o, json!([{"line_id": l0, "quantity": "2"}])).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let year = chrono::Utc::now().format("%Y");
    assert_eq!(first["number"], format!("SO-{year}-000001-1"));
    let now = order(&app, &s.token, &o["id"]).await;
    assert_eq!(now["status"], "partially_fulfilled");
    assert_eq!(
        (now["lines"][0]["shipped_quantity"].as_str(), now["lines"][0]["remaining_quantity"].as_str()),
        (Some("2"), Some("1"))
    );
    let (status, _) = event(&app, &s.token, &o["id"], "cancel").await;
    assert_eq!(status, StatusCode::CONFLICT, "something shipped: no cancelling");
    let (status, second) =
        ship(&app, &s.token, &o, json!([{"line_id": l0, "quantity": "1"}, {"line_id": l1, "quantity": "2.5"}])).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(order(&app, &s.token, &o["id"]).await["status"], "fulfilled");

    let web = app.logged_in(ADMIN_EMAIL).await;
    let res = web.get(app.url(&format!("/shipments/{}/delivery-note.pdf", first["id"]))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["content-disposition"], format!("inline; filename=\"SO-{year}-000001-1.pdf\""));
    let length: usize = res.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let bytes = res.bytes().await.unwrap();
    assert_eq!(bytes.len(), length);
    let text = pdf_text(&bytes);
    let number = format!("SO-{year}-000001-1");
    for expected in
        [number.as_str(), "Delivery note", "Ørsted Zoë Łukasiewicz Straße", "Hafenstraße 1", "Server", "PO-4711", "DHL"]
    {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("Installation"), "the first shipment held no installation:\n{text}");
    let (status, api_pdf) = {
        let res = reqwest::Client::new()
            .get(app.url(&format!("/api/v1/sales-orders/{}/shipments/{}/delivery-note.pdf", o["id"], second["id"])))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap();
        (res.status(), res.bytes().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&api_pdf);
    assert!(text.contains("Installation") && text.contains("2.5"), "{text}");
    let stranger = app.client();
    let res = stranger.get(app.url(&format!("/shipments/{}/delivery-note.pdf", first["id"]))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let (status, _) = event(&app, &s.token, &o["id"], "close").await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = app.get_html(&web, &format!("/orders/{}", o["id"])).await;
    for step in [
        "Shipped: confirmed → partially fulfilled",
        "Shipped: partially fulfilled → fulfilled",
        "Status changed: fulfilled → closed",
    ] {
        assert!(html.contains(step), "timeline shows {step}");
    }
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/sales-orders/{}/shipments/{}/cancel", o["id"], first["id"]),
            Some(&s.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a closed order keeps its shipments");
}

#[tokio::test]
async fn shipping_more_than_remains_is_refused_and_writes_nothing() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = draft(&app, &s).await;
    event(&app, &s.token, &o["id"], "confirm").await;
    let l0 = o["lines"][0]["id"].clone();
    for (lines, field) in [
        (json!([{"line_id": l0, "quantity": "4"}]), "lines[0].quantity"),
        (json!([{"line_id": l0, "quantity": "-1"}]), "lines[0].quantity"),
        (json!([{"line_id": 99999, "quantity": "1"}]), "lines[0].line_id"),
        (json!([{"line_id": l0, "quantity": "0"}]), "lines"),
        (json!([{"line_id": l0, "quantity": "1"}, {"line_id": l0, "quantity": "1"}]), "lines[1].quantity"),
    ] {
        let (status, body) = ship(&app, &s.token, &o, lines.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{lines}: {body}");
        assert!(body["fields"][field].is_array(), "{field}: {body}");
    }
    let (status, body) = ship(&app, &s.token, &o, json!([{"line_id": l0, "quantity": "4"}])).await;
    assert_eq!(body["fields"]["lines[0].quantity"][0], "is more than remains: only 3 is left to ship", "{status}");
    let now = order(&app, &s.token, &o["id"]).await;
    assert_eq!((now["status"].as_str(), now["shipments"].as_array().map(Vec::len)), (Some("confirmed"), Some(0)));
    assert_eq!(now["lines"][0]["shipped_quantity"], "0");
}

#[tokio::test]
async fn two_shipments_racing_for_the_last_quantity_exactly_one_wins() {
    let app = spawn().await;
    let s = setup(&app).await;
    for round in 0..5 {
        let o = draft(&app, &s).await;
        event(&app, &s.token, &o["id"], "confirm").await;
        let l0 = o["lines"][0]["id"].clone();
        ship(&app, &s.token, &o, json!([{"line_id": l0, "quantity": "1"}])).await;
        let racers = (0..2).map(|_| {
            let (app, token, o, l0) = (&app, s.token.clone(), o.clone(), l0.clone());
            async move { ship(app, &token, &o, json!([{"line_id": l0, "quantity": "2"}])).await }
        });
        let results = futures::future::join_all(racers).await;
        let won = results.iter().filter(|(st, _)| *st == StatusCode::CREATED).count();
        let lost: Vec<_> = results.iter().filter(|(st, _)| *st == StatusCode::UNPROCESSABLE_ENTITY).collect();
        assert_eq!((won, lost.len()), (1, 1), "round {round}: {results:?}");
        assert_eq!(lost[0].1["fields"]["lines[0].quantity"][0], "is more than remains: nothing is left to ship");
        let now = order(&app, &s.token, &o["id"]).await;
        assert_eq!(now["lines"][0]["shipped_quantity"], "3", "round {round}: never more than ordered");
        assert_eq!(now["shipments"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn cancelling_a_shipment_returns_its_quantities_once() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = draft(&app, &s).await;
    event(&app, &s.token, &o["id"], "confirm").await;
    let lines: Vec<Value> =
        o["lines"].as_array().unwrap().iter().map(|l| json!({"line_id": l["id"], "quantity": l["quantity"]})).collect();
    let (_, all) = ship(&app, &s.token, &o, Value::Array(lines)).await;
    assert_eq!(order(&app, &s.token, &o["id"]).await["status"], "fulfilled");
    let cancel = format!("/api/v1/sales-orders/{}/shipments/{}/cancel", o["id"], all["id"]);
    let (status, body) = app.api(Method::POST, &cancel, Some(&s.token), None).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{body}");
    let now = order(&app, &s.token, &o["id"]).await;
    assert_eq!(now["status"], "confirmed", "nothing shipped any more");
    assert_eq!(now["lines"][1]["remaining_quantity"], "2.5");
    let (status, _) = app.api(Method::POST, &cancel, Some(&s.token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a shipment is cancelled once");
    let (status, _) = app
        .api(Method::POST, &format!("/api/v1/sales-orders/999/shipments/{}/cancel", all["id"]), Some(&s.token), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the shipment belongs to its own order");
    let (status, _) = event(&app, &s.token, &o["id"], "hold").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = ship(&app, &s.token, &o, json!([{"line_id": o["lines"][0]["id"], "quantity": "1"}])).await;
    assert_eq!(status, StatusCode::CONFLICT, "an order on hold does not ship");
}

#[tokio::test]
async fn the_shipment_form_posts_quantities_by_line() {
    let app = spawn().await;
    let s = setup(&app).await;
    let o = draft(&app, &s).await;
    event(&app, &s.token, &o["id"], "confirm").await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (id, l0, l1) = (o["id"].to_string(), o["lines"][0]["id"].to_string(), o["lines"][1]["id"].to_string());
    let (status, body) = app
        .call(
            &web,
            "create_shipment",
            &[
                ("order_id", &id),
                ("form[carrier]", "UPS"),
                ("form[lines][0][line_id]", &l0),
                ("form[lines][0][quantity]", "5"),
                ("form[lines][1][line_id]", &l1),
                ("form[lines][1][quantity]", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["lines[0].quantity"].is_array(), "{body}");
    let (status, _) = app
        .call(
            &web,
            "create_shipment",
            &[
                ("order_id", &id),
                ("form[lines][0][line_id]", &l0),
                ("form[lines][0][quantity]", "3"),
                ("form[lines][1][line_id]", &l1),
                ("form[lines][1][quantity]", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let now = order(&app, &s.token, &o["id"]).await;
    assert_eq!(
        (now["status"].as_str(), now["shipments"][0]["date"].as_str().map(str::len)),
        (Some("partially_fulfilled"), Some(10))
    );
    let (_, html) = app.get_html(&web, &format!("/orders/{id}")).await;
    assert!(html.contains("Delivery note (PDF)") && html.contains("shipment-form"), "still open lines: the form stays");
}
