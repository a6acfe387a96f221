//! Durability: the server killed with SIGKILL in the middle of writes loses no acknowledged write
//! and leaves a consistent database that the next start serves at once.
use crate::common::*;
use reqwest::StatusCode;
use std::time::Duration;

async fn start_server(app: &TestApp, port: u16) -> tokio::process::Child {
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_aftersale"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("AFTERSALE_SECRET", SECRET)
        .env("AFTERSALE_ADDR", format!("127.0.0.1:{port}"))
        .env("AFTERSALE_JOBS", "off")
        .env("RUST_LOG", "error")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

#[tokio::test]
async fn a_kill_9_during_writes_loses_no_acknowledged_write() {
    let app = spawn().await;
    let token = app.token(ADMIN_EMAIL).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = start_server(&app, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut acknowledged = Vec::new();
    let writer = {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0..1000 {
                let body = serde_json::json!({"email": format!("crash{i}@test.example"), "name": "C", "role": "support", "password": PASSWORD});
                match client.post(format!("{base}/api/v1/users")).bearer_auth(&token).json(&body).send().await {
                    Ok(r) if r.status() == StatusCode::CREATED => acked.push(i),
                    _ => break,
                }
            }
            acked
        })
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.start_kill().unwrap(); // SIGKILL: no shutdown hook runs
    server.wait().await.unwrap();
    acknowledged.extend(writer.await.unwrap());
    assert!(acknowledged.len() >= 3, "writes were under way when the server died: {}", acknowledged.len());

    let mut restarted = start_server(&app, port).await;
    let (status, _) = app.api(reqwest::Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    for i in &acknowledged {
        let email = format!("crash{i}@test.example");
        let found = aftersale::server::db::users::by_email(&app.state.pool, &email).await.unwrap();
        assert!(found.is_some(), "{email} was acknowledged with 201 and must survive");
    }
    #[cfg(not(feature = "postgres"))]
    {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&app.state.pool).await.unwrap();
        assert_eq!(check, "ok");
    }
    restarted.start_kill().unwrap();
}
