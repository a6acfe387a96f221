//! The benchmarks' database anchors: each page's or write's own SQL (from `server::db`, same
//! filters, sort and keyset cursor) behind a bare axum handler — no session, auth, validation,
//! pricing, timeline or rendering. `scripts/bench.sh` loads them side by side with the app.
//! Usage: DATABASE_URL=... raw_sql ADDR
//!   GET  /raw?after=<cursor>&owner=<id>   the accounts list page's query
//!   GET  /raw-orders?after=<cursor>       the orders list page's query
//!   GET  /raw-invoices?after=<cursor>     the invoices list page's query
//!   GET  /raw-payments?after=<cursor>     the payments list page's query
//!   GET  /raw-tickets?after=<cursor>      the open-tickets queue's query (due time first)
//!   GET  /raw-contracts?after=<cursor>[&sort=end]   the contracts list's query (newest, or by term end)
//!   POST /raw-order?account=<id>          one order with 20 lines: number, header, lines, one transaction
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use aftersale::model::account::AccountSort;
    use aftersale::model::list::Position;
    use aftersale::server::db::{self, accounts::Filter, lines::NewLine};
    use axum::{extract::Query, extract::State, routing::get, routing::post, Json, Router};
    use std::collections::HashMap;

    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3902".into());
    std::env::var("DATABASE_URL").expect("DATABASE_URL is required");
    let config = aftersale::server::config::Config::development_from_env().expect("config");
    let pool = db::connect(&config).await.expect("connect");
    type Q = Query<HashMap<String, String>>;
    fn position(q: &HashMap<String, String>) -> Position {
        Position::parse(q.get("after").map(String::as_str), None).expect("cursor")
    }
    async fn raw(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, String)>> {
        let filter =
            Filter { active: Some(true), owner_id: q.get("owner").and_then(|o| o.parse().ok()), ..Default::default() };
        let rows = db::accounts::page(&pool, &filter, AccountSort::Name, &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.name)).collect())
    }
    async fn raw_orders(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, String)>> {
        let filter = db::sales_orders::Filter::default();
        let rows = db::sales_orders::page(&pool, &filter, &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.number)).collect())
    }
    async fn raw_invoices(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, Option<String>)>> {
        let filter = db::invoices::Filter::default();
        let rows = db::invoices::page(&pool, &filter, &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.number)).collect())
    }
    async fn raw_payments(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, String)>> {
        let filter = db::payments::Filter::default();
        let rows = db::payments::page(&pool, &filter, &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.number)).collect())
    }
    async fn raw_tickets(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, String)>> {
        let filter = db::tickets::list::Filter { open_only: true, by_due: true, ..Default::default() };
        let rows = db::tickets::list::page(&pool, &filter, chrono::Utc::now(), &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.number)).collect())
    }
    async fn raw_contracts(State(pool): State<db::Pool>, Query(q): Q) -> Json<Vec<(i64, String)>> {
        let filter =
            db::contracts::Filter { by_end: q.get("sort").map(String::as_str) == Some("end"), ..Default::default() };
        let rows = db::contracts::page(&pool, &filter, &position(&q), 50).await.expect("query");
        Json(rows.into_iter().map(|r| (r.id, r.number)).collect())
    }
    async fn raw_order(State(pool): State<db::Pool>, Query(q): Q) -> Json<i64> {
        let account: i64 = q.get("account").and_then(|a| a.parse().ok()).unwrap_or(1);
        let lines: Vec<NewLine> = (0..20)
            .map(|i| NewLine {
                product_id: None,
                description: format!("Line {i}"),
                quantity: "2".into(),
                unit: "pcs".into(),
                unit_price_minor: 1_000,
                discount_percent: "0".into(),
                tax_rate_id: None,
                tax_rate_percent: "20".into(),
                net_minor: 2_000,
                tax_minor: 400,
                total_minor: 2_400,
                source_line_id: None,
            })
            .collect();
        let today = chrono::Utc::now().date_naive();
        let mut tx = db::begin_write(&pool).await.expect("begin");
        let value = db::numbering::next_value(&mut tx, "sales_order", 1999).await.expect("number");
        let header = db::sales_orders::Header {
            account_id: account,
            contact_id: None,
            opportunity_id: None,
            owner_id: 1,
            currency: "EUR",
            order_date: today,
            expected_delivery_date: None,
            payment_terms_days: 30,
            billing_address: "1 Market Street",
            shipping_address: "1 Market Street",
            customer_reference: "",
            notes: "",
        };
        let number = format!("RAW-1999-{value:08}");
        let id = db::sales_orders::insert(&mut tx, &number, &header, (40_000, 8_000, 48_000)).await.expect("insert");
        db::sales_orders::LINES.insert(&mut tx, id, 0, &lines).await.expect("lines");
        tx.commit().await.expect("commit");
        Json(id)
    }
    let app = Router::new()
        .route("/raw", get(raw))
        .route("/raw-orders", get(raw_orders))
        .route("/raw-invoices", get(raw_invoices))
        .route("/raw-payments", get(raw_payments))
        .route("/raw-tickets", get(raw_tickets))
        .route("/raw-contracts", get(raw_contracts))
        .route("/raw-order", post(raw_order))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

#[cfg(not(feature = "ssr"))]
fn main() {}
