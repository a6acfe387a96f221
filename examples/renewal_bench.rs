//! The renewal benchmark: N contracts (default 100,000) due on one day, renewed by the renewal
//! job's catch-up (`service::contracts::jobs::catch_up`: per contract, locked, the next term claimed
//! by its number, its lines, its draft invoice, the timeline, the schedule), then the job again
//! (which must write nothing), side by side with its anchor: N more contracts due a month earlier
//! given the same rows (term, term lines, draft invoice, invoice lines, period link, outcome,
//! schedule) by the `db` layer's SQL alone — no services, settings, pricing or timeline — one
//! transaction a contract.
//! Usage: DATABASE_URL=... renewal_bench [N]   (on a database seeded by `seed-demo --scale`)
//! Prints one line: contracts=<n> job_ms=<> per_contract_us=<> renewed=<> invoices=<> one_each=<>
//! rerun_invoices=<> anchor_ms=<>
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use aftersale::model::contract::{TermOrigin, TermOutcome};
    use aftersale::model::contract_terms::{notice_deadline, term_end, term_start};
    use aftersale::server::db::{self, lines::NewLine, Db};
    use aftersale::server::seed::contract_scale::{due_on, ContractScale, Owned};
    use aftersale::server::service::contracts::jobs;
    use chrono::{Datelike, Months, Utc};
    use std::collections::BTreeMap;
    use std::time::Instant;

    let n: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    std::env::var("DATABASE_URL").expect("DATABASE_URL is required");
    let config = aftersale::server::config::Config::development_from_env().expect("config");
    let state = aftersale::server::prepare(config).await.expect("prepare");
    let pool = state.pool.clone();
    let accounts: Vec<Owned> =
        sqlx::query_as::<Db, Owned>("SELECT id, owner_id, created_at FROM accounts ORDER BY id LIMIT $1")
            .bind(n as i64)
            .fetch_all(&pool)
            .await
            .expect("accounts");
    assert!(!accounts.is_empty(), "seed the database first (seed-demo --scale N)");
    let picked: Vec<Owned> = accounts.iter().cycle().take(n).copied().collect();
    let mut tx = db::begin_write(&pool).await.expect("begin");
    let products = db::seed::priced_products(&mut tx, 200).await.expect("products");
    let mut counters: BTreeMap<(&'static str, i32), i64> = BTreeMap::new();
    for (year, value) in db::seed::counters(&mut tx, "contract").await.expect("counters") {
        counters.insert(("contract", year as i32), value);
    }
    tx.commit().await.expect("commit");
    let today = Utc::now().date_naive();
    let ctx = ContractScale { products, today };
    // Started on the 15th 13 months ago: due five weeks or so ago, before any seeded contract.
    let first = (today - Months::new(13)).with_day(15).expect("a 15th");
    type Counters = BTreeMap<(&'static str, i32), i64>;
    /// Contracts on `picked` that started on `first`, 2,000 a transaction; the day they are due.
    async fn seed(
        pool: &db::Pool,
        picked: &[Owned],
        ctx: &ContractScale,
        first: chrono::NaiveDate,
        counters: &mut Counters,
    ) -> chrono::NaiveDate {
        let mut day = first;
        for chunk in picked.chunks(2000) {
            let mut tx = db::begin_write(pool).await.expect("begin");
            day = due_on(&mut tx, ctx, chunk, first, counters).await.expect("contracts");
            for ((series, year), value) in counters.iter() {
                db::seed::set_counter(&mut tx, series, i64::from(*year), *value).await.expect("counter");
            }
            tx.commit().await.expect("commit");
        }
        day
    }
    let max_id = |pool: db::Pool| async move {
        sqlx::query_scalar::<Db, i64>("SELECT COALESCE(MAX(id), 0) FROM contracts").fetch_one(&pool).await.expect("max")
    };
    let invoices = |pool: db::Pool| async move {
        sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM invoices").fetch_one(&pool).await.expect("count")
    };

    let before = max_id(pool.clone()).await;
    let day = seed(&pool, &picked, &ctx, first, &mut counters).await;
    let invoices_before = invoices(pool.clone()).await;
    let t = Instant::now();
    let done = jobs::catch_up(&state, day).await.expect("job");
    let job_ms = t.elapsed().as_millis();
    let invoices_after = invoices(pool.clone()).await;
    let one_each = sqlx::query_scalar::<Db, i64>(
        "SELECT COUNT(*) FROM (SELECT t.contract_id FROM contract_terms t JOIN contract_invoices ci ON ci.term_id = t.id
            WHERE t.number = 2 AND t.contract_id > $1 GROUP BY t.contract_id HAVING COUNT(*) = 1) x",
    )
    .bind(before)
    .fetch_one(&pool)
    .await
    .expect("one each");
    let rerun = jobs::catch_up(&state, day).await.expect("job again");
    let rerun_invoices = invoices(pool.clone()).await - invoices_after;
    assert_eq!(rerun.invoices, 0, "the second run invoices nothing");

    // The anchor: the same rows by the db layer's SQL, for contracts due a month earlier.
    let anchor_first = first - Months::new(1);
    let from = max_id(pool.clone()).await;
    let anchor_day = seed(&pool, &picked, &ctx, anchor_first, &mut counters).await;
    let ids: Vec<i64> = sqlx::query_scalar::<Db, i64>("SELECT id FROM contracts WHERE id > $1 ORDER BY id")
        .bind(from)
        .fetch_all(&pool)
        .await
        .expect("ids");
    let t = Instant::now();
    for id in &ids {
        let mut tx = db::begin_write(&pool).await.expect("begin");
        let row = db::contracts::get_locked(&mut tx, *id).await.expect("lock");
        let (start, end) = (term_start(row.start_date, 12, 2).unwrap(), term_end(row.start_date, 12, 2).unwrap());
        let lines: Vec<NewLine> = db::contracts::LINES
            .lines(&mut *tx, *id)
            .await
            .expect("lines")
            .into_iter()
            .map(|l| NewLine {
                product_id: l.product_id,
                description: l.description,
                quantity: l.quantity,
                unit: l.unit,
                unit_price_minor: l.unit_price_minor,
                discount_percent: l.discount_percent,
                tax_rate_id: l.tax_rate_id,
                tax_rate_percent: l.tax_rate_percent,
                net_minor: l.net_minor,
                tax_minor: l.tax_minor,
                total_minor: l.total_minor,
                source_line_id: None,
            })
            .collect();
        let totals = (row.subtotal_minor, row.tax_total_minor, row.total_minor);
        let term = db::contracts::terms::NewTerm {
            contract_id: *id,
            number: 2,
            start_date: start,
            end_date: end,
            uplift_percent: "0",
            totals,
            origin: TermOrigin::Auto,
            outcome: None,
            created_by: None,
        };
        let term_id = db::contracts::terms::insert(&mut tx, &term).await.expect("term").expect("claimed");
        db::contracts::terms::LINES.insert(&mut tx, term_id, 0, &lines).await.expect("term lines");
        let draft = db::invoices::Draft {
            account_id: row.account_id,
            sales_order_id: None,
            owner_id: row.owner_id,
            currency: "EUR",
            due_date: None,
            payment_terms_days: 30,
            billing_address: "",
            customer_reference: &row.number,
            notes: "",
            terms_text: "",
        };
        let invoice = db::invoices::insert_draft(&mut tx, &draft, totals).await.expect("invoice");
        db::invoices::LINES.insert(&mut tx, invoice, 0, &lines).await.expect("invoice lines");
        db::contracts::terms::insert_period_invoice(&mut tx, term_id, 1, start, end, invoice).await.expect("link");
        db::contracts::terms::set_outcome(&mut tx, *id, 1, TermOutcome::Renewed).await.expect("outcome");
        let schedule = db::contracts::Schedule {
            term_number: 2,
            end_date: end,
            notice_date: notice_deadline(end, row.notice_days as u32),
            next_bill_date: None,
        };
        db::contracts::set_schedule(&mut tx, *id, &schedule).await.expect("schedule");
        tx.commit().await.expect("commit");
    }
    let anchor_ms = t.elapsed().as_millis();
    assert!(anchor_day < day, "the anchor's contracts are not the job's");
    println!(
        "contracts={n} job_ms={job_ms} per_contract_us={} renewed={} invoices={} one_each={one_each} rerun_invoices={rerun_invoices} anchor_ms={anchor_ms} day={day}",
        job_ms * 1000 / n.max(1) as u128,
        done.renewed,
        invoices_after - invoices_before,
    );
}

#[cfg(not(feature = "ssr"))]
fn main() {}
