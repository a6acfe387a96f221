//! Accounts and contacts: create / edit / validation through server fns and REST, ownership
//! rules, keyset pages in both directions, the CSV export, and the timeline.
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn account_count(app: &TestApp) -> i64 {
    sqlx::query_scalar::<aftersale::server::db::Db, i64>("SELECT COUNT(*) FROM accounts")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_account_created_from_the_form_takes_the_company_defaults_and_its_creator_as_owner() {
    let app = spawn().await;
    let sales = app.create_user("sam@test.example", "Sam Sales", "sales").await;
    let web = app.logged_in("sam@test.example").await;
    let (status, id) = app
        .call(
            &web,
            "create_account",
            &[("form[name]", "  Acme GmbH "), ("form[invoice_email]", "ap@acme.example"), ("form[tags]", "VIP, emea")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let token = app.token("sam@test.example").await;
    let (_, a) = app.api(Method::GET, &format!("/api/v1/accounts/{id}"), Some(&token), None).await;
    assert_eq!(a["name"], "Acme GmbH");
    assert_eq!(a["currency"], "EUR");
    assert_eq!(a["payment_terms_days"], 30);
    assert_eq!(a["owner_id"], sales);
    assert_eq!(a["tags"], json!(["vip", "emea"]));
    let (status, html) = app.get_html(&web, &format!("/accounts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Acme GmbH") && html.contains("Created"), "detail page shows the account and its timeline");
}

#[tokio::test]
async fn bad_account_input_names_each_field_and_writes_nothing() {
    let app = spawn().await;
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (status, body) = app
        .call(
            &web,
            "create_account",
            &[
                ("form[name]", ""),
                ("form[invoice_email]", "nope"),
                ("form[currency]", "EURO"),
                ("form[payment_terms_days]", "-1"),
                ("form[phone]", "call me maybe"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &body["fields"];
    assert_eq!(fields["name"][0], "is required");
    assert_eq!(fields["invoice_email"][0], "must be an email address such as name@example.com");
    assert_eq!(fields["currency"][0], "must be a three-letter ISO 4217 code such as EUR");
    assert_eq!(fields["payment_terms_days"][0], "must be a whole number from 0 to 365");
    assert!(fields["phone"][0].as_str().unwrap().starts_with("must be a phone number"));
    let token = app.token(ADMIN_EMAIL).await;
    let (status, body) =
        app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "x".repeat(201)}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["name"][0], "must be at most 200 characters");
    let (status, body) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"nam": "typo"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(account_count(&app).await, 0);
}

#[tokio::test]
async fn a_ten_megabyte_name_is_refused_before_it_reaches_the_database() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (status, _) = app
        .api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "x".repeat(10 * 1024 * 1024)})))
        .await;
    assert!(status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}");
    assert_eq!(account_count(&app).await, 0);
}

#[tokio::test]
async fn sales_edit_their_own_accounts_and_only_read_the_rest() {
    let app = spawn().await;
    app.create_user("sam@test.example", "Sam Sales", "sales").await;
    app.create_user("sue@test.example", "Sue Sales", "sales").await;
    let sam = app.token("sam@test.example").await;
    let sue = app.token("sue@test.example").await;
    let (_, mine) = app.api(Method::POST, "/api/v1/accounts", Some(&sam), Some(json!({"name": "Sam's"}))).await;
    let path = format!("/api/v1/accounts/{}", mine["id"]);
    let (status, _) = app.api(Method::GET, &path, Some(&sue), None).await;
    assert_eq!(status, StatusCode::OK, "reading is allowed");
    let (status, _) = app.api(Method::PATCH, &path, Some(&sue), Some(json!({"name": "Stolen"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, a) = app.api(Method::PATCH, &path, Some(&sam), Some(json!({"phone": "+49 30 1234"}))).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(
        (a["name"].as_str(), a["phone"].as_str()),
        (Some("Sam's"), Some("+49 30 1234")),
        "PATCH keeps what was not sent"
    );
    let sue_id = aftersale::server::db::users::by_email(&app.state.pool, "sue@test.example").await.unwrap().unwrap().id;
    let (status, body) = app.api(Method::PATCH, &path, Some(&sam), Some(json!({"owner_id": sue_id}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "sales cannot give accounts away");
    assert!(body["fields"]["owner_id"][0].as_str().unwrap().contains("manager"));
    for role in ["finance", "support"] {
        let email = format!("{role}@test.example");
        app.create_user(&email, role, role).await;
        let t = app.token(&email).await;
        let (status, _) = app.api(Method::POST, "/api/v1/accounts", Some(&t), Some(json!({"name": "No"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} cannot create");
        let (status, _) = app.api(Method::GET, "/api/v1/accounts", Some(&t), None).await;
        assert_eq!(status, StatusCode::OK, "{role} can read");
    }
}

#[tokio::test]
async fn a_manager_reassigns_an_account_and_the_timeline_says_who_from_and_to() {
    let app = spawn().await;
    app.create_user("sam@test.example", "Sam Sales", "sales").await;
    let sue = app.create_user("sue@test.example", "Sue Sales", "sales").await;
    app.create_user("max@test.example", "Max Manager", "manager").await;
    let sam = app.token("sam@test.example").await;
    let (_, a) = app.api(Method::POST, "/api/v1/accounts", Some(&sam), Some(json!({"name": "Globex"}))).await;
    let web = app.logged_in("max@test.example").await;
    let id = a["id"].to_string();
    let sue_s = sue.to_string();
    let (status, body) =
        app.call(&web, "update_account", &[("id", &id), ("form[name]", "Globex"), ("form[owner_id]", &sue_s)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, html) = app.get_html(&web, &format!("/accounts/{id}")).await;
    assert!(html.contains("Reassigned: Sam Sales → Sue Sales"), "timeline shows the reassignment");
    let support = app.create_user("sven@test.example", "Sven Support", "support").await;
    let (status, body) = app
        .api(
            Method::PATCH,
            &format!("/api/v1/accounts/{id}"),
            Some(&app.token("max@test.example").await),
            Some(json!({"owner_id": support})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["owner_id"][0].as_str().unwrap().contains("cannot own accounts"));
}

#[tokio::test]
async fn contacts_keep_one_primary_per_account() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (_, a) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "Initech"}))).await;
    let mut ids = vec![];
    for name in ["Peter", "Joanna"] {
        let (status, c) = app
            .api(
                Method::POST,
                "/api/v1/contacts",
                Some(&token),
                Some(json!({"account_id": a["id"], "name": name, "is_primary": true})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{c}");
        ids.push(c["id"].as_i64().unwrap());
    }
    let (_, list) = app.api(Method::GET, &format!("/api/v1/contacts?account_id={}", a["id"]), Some(&token), None).await;
    let primaries: Vec<&Value> = list["items"].as_array().unwrap().iter().filter(|c| c["is_primary"] == true).collect();
    assert_eq!(primaries.len(), 1);
    assert_eq!(primaries[0]["name"], "Joanna");
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/contacts",
            Some(&token),
            Some(json!({"account_id": a["id"], "name": "", "email": "x@"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["fields"]["name"].is_array() && body["fields"]["email"].is_array());
    let (status, _) = app.api(Method::DELETE, &format!("/api/v1/contacts/{}", ids[0]), Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.api(Method::GET, &format!("/api/v1/contacts/{}", ids[0]), Some(&token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, html) = app.get_html(&web, &format!("/accounts/{}", a["id"])).await;
    assert!(html.contains("Contact added") && html.contains("Contact removed"));
}

#[tokio::test]
async fn pages_walk_forwards_and_backwards_without_gaps_or_repeats() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    for i in 0..125 {
        let (status, _) = app
            .api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": format!("Firm {i:03}")})))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // REST: forwards by name.
    let mut seen = vec![];
    let mut cursor = String::new();
    loop {
        let (_, page) =
            app.api(Method::GET, &format!("/api/v1/accounts?limit=50&cursor={cursor}"), Some(&token), None).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let expected: Vec<String> = (0..125).map(|i| format!("Firm {i:03}")).collect();
    assert_eq!(seen, expected);
    // Web: next then previous returns to the first page.
    let web = app.logged_in(ADMIN_EMAIL).await;
    let (_, first) = app.get_html(&web, "/accounts?q=firm").await;
    let next = first
        .split("rel=\"next\"")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (_, second) = app.get_html(&web, &next).await;
    assert!(second.contains("Firm 050") && !second.contains("Firm 049"), "second page starts after the first");
    let prev = second
        .split("rel=\"prev\"")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (_, back) = app.get_html(&web, &prev).await;
    assert!(back.contains("Firm 000") && back.contains("Firm 049") && !back.contains("Firm 050"));
    let (status, body) = app.api(Method::GET, "/api/v1/accounts?cursor=zz", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn the_csv_export_streams_exactly_the_filtered_list() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    for (name, tags) in [("Alpha, Inc.", vec!["vip"]), ("Beta", vec![]), ("=Gamma", vec!["vip"])] {
        app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": name, "tags": tags}))).await;
    }
    let web = app.logged_in(ADMIN_EMAIL).await;
    let res = web.get(app.url("/accounts.csv?tag=vip")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("id,name,"));
    // Order by name depends on the engine's collation for punctuation; the rows must both be there.
    assert!(lines.iter().any(|l| l.contains(",'=Gamma,")), "a formula-like name is defused: {text}");
    assert!(lines.iter().any(|l| l.contains(",\"Alpha, Inc.\",")), "a comma is quoted: {text}");
    let stranger = app.client().get(app.url("/accounts.csv")).send().await.unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);
    // Browsers ask for gzip: the stream must end cleanly through the compression layer too.
    let res = web.get(app.url("/accounts.csv?tag=vip")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let zipped = res.bytes().await.expect("the whole body arrives");
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, text);
}

#[tokio::test]
async fn idempotent_account_creation_creates_one_account() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let mut ids = vec![];
    for _ in 0..2 {
        let res = reqwest::Client::new()
            .post(app.url("/api/v1/accounts"))
            .bearer_auth(&token)
            .header("idempotency-key", "acct-1")
            .json(&json!({"name": "Once"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        ids.push(res.json::<Value>().await.unwrap()["id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(account_count(&app).await, 1);
}

#[tokio::test]
async fn an_account_with_five_hundred_contacts_takes_no_more_and_says_why() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let (_, a) = app.api(Method::POST, "/api/v1/accounts", Some(&token), Some(json!({"name": "Big Corp"}))).await;
    let now = chrono::Utc::now();
    let mut tx = aftersale::server::db::begin_write(&app.state.pool).await.unwrap();
    for i in 0..500 {
        sqlx::query(
            "INSERT INTO contacts (account_id, name, email, phone, job_title, created_at, updated_at)
             VALUES ($1, $2, '', '', '', $3, $3)",
        )
        .bind(a["id"].as_i64().unwrap())
        .bind(format!("Contact {i}"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let body = json!({"account_id": a["id"], "name": "One Too Many"});
    let (status, e) = app.api(Method::POST, "/api/v1/contacts", Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["name"][0].as_str().unwrap().contains("at most 500 contacts"), "{e}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(n, 500);
}
