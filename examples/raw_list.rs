//! The list benchmark's anchor: the accounts page's own SQL query (`db::accounts::page`, same
//! filters, sort and keyset cursor) behind a bare axum handler that returns the rows as JSON —
//! no session, auth, or rendering. `scripts/bench.sh` loads it side by side with `/accounts`.
//! Usage: DATABASE_URL=... raw_list ADDR   (GET /raw?after=<cursor>&owner=<id>)
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use aftersale::model::account::AccountSort;
    use aftersale::model::list::Position;
    use aftersale::server::db::{self, accounts::Filter};
    use axum::{extract::Query, extract::State, routing::get, Json, Router};
    use std::collections::HashMap;

    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3902".into());
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let config = aftersale::server::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "AFTERSALE_ENV" => Some("development".into()),
        _ => std::env::var(k).ok(),
    })
    .expect("config");
    let pool = db::connect(&config).await.expect("connect");
    async fn raw(State(pool): State<db::Pool>, Query(q): Query<HashMap<String, String>>) -> Json<Vec<(i64, String)>> {
        let position = Position::parse(q.get("after").map(String::as_str), None).expect("cursor");
        let filter =
            Filter { active: Some(true), owner_id: q.get("owner").and_then(|o| o.parse().ok()), ..Default::default() };
        let rows = db::accounts::page(&pool, &filter, AccountSort::Name, &position, 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.name)).collect())
    }
    let app = Router::new().route("/raw", get(raw)).with_state(pool);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

#[cfg(not(feature = "ssr"))]
fn main() {}
