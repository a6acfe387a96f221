//! Test harness: the real app on port 0 with its own fresh database (a SQLite file in a temp dir,
//! or with `--features postgres` a new database on the server named by TEST_PG_URL), and an HTTP
//! client with a cookie jar.
#![allow(dead_code)]
use aftersale::model::user::NewUser;
use aftersale::server::{self, config::Config, state::AppState};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::collections::HashMap;
use tokio::sync::watch;

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const PASSWORD: &str = "correct horse battery";
pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub database_url: String,
    stop: watch::Sender<bool>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// A database nobody else uses: (url, temp dir to keep alive).
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    #[cfg(not(feature = "postgres"))]
    {
        let dir = tempfile::tempdir().expect("temp dir");
        (format!("sqlite://{}/test.db?mode=rwc", dir.path().display()), Some(dir))
    }
    #[cfg(feature = "postgres")]
    {
        use sqlx::Connection;
        let admin =
            std::env::var("TEST_PG_URL").expect("TEST_PG_URL must name a PostgreSQL server (scripts/test.sh sets it)");
        let name = format!("aftersale_test_{}", uuid_like());
        let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to TEST_PG_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
        let base = admin.rsplit_once('/').map(|(b, _)| b).expect("TEST_PG_URL ends with /dbname");
        (format!("{base}/{name}"), None)
    }
}

#[cfg(feature = "postgres")]
fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{t:x}_{}_{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
}

pub fn config(database_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut env: HashMap<String, String> = [
        ("AFTERSALE_ENV", "test"),
        ("AFTERSALE_SECRET", SECRET),
        ("AFTERSALE_JOBS", "off"),
        ("AFTERSALE_ADDR", "127.0.0.1:0"),
        ("AFTERSALE_DB_MAX_CONNECTIONS", "10"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    env.insert("DATABASE_URL".into(), database_url.into());
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    Config::from_lookup(|k| env.get(k).cloned()).expect("test config")
}

/// Starts the app with an admin user; `extra` overrides environment variables.
pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
    let (database_url, dir) = fresh_database().await;
    let state = server::prepare(config(&database_url, extra)).await.expect("prepare app");
    let app = server::router(state.clone()).await.expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stop_rx) = watch::channel(false);
    tokio::spawn(server::serve(listener, app, stop_rx));
    let t = TestApp { base, state, database_url, stop, _dir: dir };
    t.create_user(ADMIN_EMAIL, "Test Admin", "admin").await;
    t
}

pub async fn spawn() -> TestApp {
    spawn_with(&[]).await
}

impl TestApp {
    pub async fn create_user(&self, email: &str, name: &str, role: &str) -> i64 {
        let input = NewUser::parse(email, name, role, PASSWORD).expect("valid user");
        server::service::users::create(&self.state.pool, None, input).await.expect("create user").id
    }

    /// A browser-like client (cookie jar, no redirects followed, so tests can see them) that sends
    /// the app's own `Origin` on every request, as a browser does on its posts.
    pub fn client(&self) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, self.base.parse().unwrap());
        Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// A cookie-jar client that sends no `Origin`, `Referer` or `Sec-Fetch-Site` (the CSRF tests).
    pub fn bare_client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls a server fn as JavaScript would (JSON answer, HTTP status from the error).
    pub async fn call(&self, client: &Client, name: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        call_server_fn(client, &self.base, name, form).await
    }

    /// Changes one field of a user through the admin server fn, as the user page's forms do.
    pub async fn update_user(&self, client: &Client, id: i64, field: &str, value: &str) -> (StatusCode, Value) {
        self.call(client, "update_user", &[("id", &id.to_string()), ("field", field), ("value", value)]).await
    }

    /// Signs `client` in; panics unless it worked.
    pub async fn login(&self, client: &Client, email: &str) {
        let (status, body) = self.call(client, "login", &[("email", email), ("password", PASSWORD)]).await;
        assert!(status.is_success(), "login of {email} failed: {status} {body}");
    }

    pub async fn logged_in(&self, email: &str) -> Client {
        let c = self.client();
        self.login(&c, email).await;
        c
    }

    pub async fn get_html(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let res = client.get(self.url(path)).header("accept", "text/html").send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    /// A live API token for the user with `email`.
    pub async fn token(&self, email: &str) -> String {
        let user = server::db::users::by_email(&self.state.pool, email).await.unwrap().expect("user exists");
        server::service::tokens::create(&self.state, None, user.id, "test").await.unwrap()
    }

    /// Queues an email as a service would (in its own transaction); returns the outbox id.
    pub async fn queue_mail(&self, to: &str, subject: &str, body: &str) -> i64 {
        let mut tx = server::db::begin_write(&self.state.pool).await.unwrap();
        let id = self.state.mailer.enqueue(&mut tx, to, subject, body).await.unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// Runs one delivery pass; returns (sent, the outbox row of `id` afterwards).
    pub async fn deliver(&self, id: i64) -> (usize, server::db::outbox::OutboxRow) {
        let sent = self.state.mailer.deliver_queued(&self.state.pool).await.unwrap();
        (sent, server::db::outbox::by_id(&self.state.pool, id).await.unwrap().expect("outbox row"))
    }

    /// Runs the `aftersale` binary against this app's database.
    pub async fn cli(&self, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_aftersale"));
        cmd.args(args).env("DATABASE_URL", &self.database_url).env_remove("AFTERSALE_ENV");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().await.unwrap()
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Client::new().request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        answer(req).await
    }

    /// A POST with a raw body (an email message, a file) instead of JSON.
    pub async fn api_raw(&self, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let req = Client::new().post(self.url(path)).bearer_auth(token).header("content-type", content_type);
        answer(req.body(body)).await
    }
}

/// Sends a request: its status and body, parsed when it is JSON.
async fn answer(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Posts server fn `name` to the app at `base` as the app's own page would (its `Origin`, a JSON
/// answer): the status and the body, parsed when it is JSON.
pub async fn call_server_fn(client: &Client, base: &str, name: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let req = client.post(format!("{base}/fn/{name}")).header(reqwest::header::ORIGIN, base);
    answer(req.header("accept", "application/json").form(form)).await
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real SMTP server on loopback (aiosmtpd) that stores what it receives as .eml files:
/// (the process — close its stdin to stop it —, the folder, its `SMTP_URL`).
pub async fn smtp_sink() -> (tokio::process::Child, tempfile::TempDir, String) {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let sink = smtp_sink_on(port, dir.path()).await;
    (sink, dir, format!("smtp://127.0.0.1:{port}"))
}

/// The SMTP sink on a chosen port and folder, so a test can point the app at it before it is up
/// (an outage) and start it later. Returns once it accepts connections.
pub async fn smtp_sink_on(port: u16, dir: &std::path::Path) -> tokio::process::Child {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
    let mut sink = tokio::process::Command::new("python3")
        .args([script, &port.to_string(), dir.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python3 runs the SMTP sink (scripts/test.sh installs aiosmtpd)");
    let mut line = String::new();
    BufReader::new(sink.stdout.take().unwrap()).read_line(&mut line).await.unwrap();
    assert_eq!(line.trim(), "ready", "the SMTP sink started (is aiosmtpd installed?)");
    sink
}

/// One `aftersale serve` process on its own loopback port. The binary is built with this test
/// run's features, so in the PostgreSQL run these are PostgreSQL instances. Killed on drop.
pub struct Instance {
    pub child: tokio::process::Child,
    pub base: String,
}

impl Instance {
    /// Starts `aftersale serve` on `database_url` in production mode (the shared secret, nothing
    /// from the test's own environment such as SMTP_URL) and returns before it answers: callers
    /// that start several wait for all of them with [`Instance::ready`].
    pub fn spawn(database_url: &str, env: &[(&str, &str)]) -> Instance {
        let port = free_port();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_aftersale"));
        cmd.arg("serve")
            .env_remove("AFTERSALE_ENV")
            .env_remove("SMTP_URL")
            .env("DATABASE_URL", database_url)
            .env("AFTERSALE_SECRET", SECRET)
            .env("AFTERSALE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "error")
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Instance { child: cmd.spawn().expect("start the aftersale binary"), base: format!("http://127.0.0.1:{port}") }
    }

    /// Waits until `/healthz` answers 200; panics after 30 s (a loaded 2-core CI machine starts
    /// several binaries at once, and each runs its migrations check first).
    pub async fn ready(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the instance on {} exited before it answered: {status}", self.base);
            }
            if reqwest::get(self.url("/healthz")).await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the instance on {} did not answer /healthz within 30 s", self.base);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The process id, which the job runner puts at the front of its lease holder name.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the instance is running")
    }

    /// SIGKILL: no shutdown hook, no graceful drain; returns once the process is gone.
    pub async fn kill_9(&mut self) {
        self.child.start_kill().expect("send SIGKILL");
        self.child.wait().await.expect("reap the killed instance");
    }
}

/// Two instances on one database, started at the same moment (as a deployment rolls them out).
pub async fn two_instances(database_url: &str, env: &[(&str, &str)]) -> (Instance, Instance) {
    let (mut a, mut b) = (Instance::spawn(database_url, env), Instance::spawn(database_url, env));
    tokio::join!(a.ready(), b.ready());
    (a, b)
}
