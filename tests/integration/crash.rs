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
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writer = {
        let (client, base, token, done) = (client.clone(), base.clone(), token.clone(), done.clone());
        tokio::spawn(async move {
            // (email, id) of every user the server answered 201 for.
            let mut acked = Vec::new();
            for i in 0..1000 {
                let email = format!("crash{i}@test.example");
                let body = serde_json::json!({"email": email, "name": "C", "role": "support", "password": PASSWORD});
                match client.post(format!("{base}/api/v1/users")).bearer_auth(&token).json(&body).send().await {
                    Ok(r) if r.status() == StatusCode::CREATED => match r.json::<serde_json::Value>().await {
                        Ok(user) => {
                            acked.push((email, user["id"].as_i64().expect("the 201 names the user's id")));
                            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Err(_) => break,
                    },
                    Ok(r) => panic!("a write before the kill was refused: {}", r.status()),
                    Err(_) => break,
                }
            }
            acked
        })
    };
    // Kill it mid-stream: once a few writes are acknowledged (argon2 makes each one slow on a busy
    // machine), and a little later so that more are in flight.
    for _ in 0..600 {
        if done.load(std::sync::atomic::Ordering::SeqCst) >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.start_kill().unwrap(); // SIGKILL: no shutdown hook runs
    server.wait().await.unwrap();
    acknowledged.extend(writer.await.unwrap());
    assert!(acknowledged.len() >= 3, "writes were under way when the server died: {}", acknowledged.len());
    assert!(
        client.get(format!("{base}/healthz")).send().await.is_err(),
        "nothing answers on the killed server's port before the restart"
    );

    // Every check below asks the restarted process, over HTTP, on the port the killed one had.
    let mut restarted = start_server(&app, port).await;
    let me = client.get(format!("{base}/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the restarted server accepts the token issued before the crash");
    assert_eq!(me.json::<serde_json::Value>().await.unwrap()["role"], "admin");
    for (email, id) in &acknowledged {
        let res = client.get(format!("{base}/api/v1/users/{id}")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{email} (user {id}) was acknowledged with 201 and must survive");
        let user: serde_json::Value = res.json().await.unwrap();
        assert_eq!(user["email"], email.as_str(), "user {id} is the one acknowledged");
    }
    let create =
        serde_json::json!({"email": "after-crash@test.example", "name": "A", "role": "support", "password": PASSWORD});
    let res = client.post(format!("{base}/api/v1/users")).bearer_auth(&token).json(&create).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "the restarted server takes writes at once");
    #[cfg(not(feature = "postgres"))]
    {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&app.state.pool).await.unwrap();
        assert_eq!(check, "ok");
    }
    restarted.start_kill().unwrap();
}
