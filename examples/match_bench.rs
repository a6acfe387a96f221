//! The matching benchmark: a statement of N lines (default 10,000) drawn from a seeded database's
//! open invoices (names as banks write them, a third quoting the invoice number) is uploaded,
//! imported and matched through the services — stage, import, match, store candidates — side by
//! side with its anchor: each line's amount looked up by raw indexed SQL, one query a line (what a
//! per-line matcher does before it scores anything).
//! Usage: DATABASE_URL=... match_bench [LINES] [no-anchor]
//! Prints one line: open=<open invoices> lines=<n> total_ms=<> stage_ms=<> load_ms=<> score_ms=<> anchor_ms=<>
//! suggested=<> right=<>
#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use aftersale::model::bank::BankAccountForm;
    use aftersale::model::permissions::Role;
    use aftersale::server::auth::Actor;
    use aftersale::server::db::{self, Db};
    use aftersale::server::service::bank::{
        lines as bank_lines, matching as bank_matching, statements as bank_statements,
    };
    use std::time::Instant;

    let lines: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let anchor = std::env::args().nth(2).as_deref() != Some("no-anchor");
    std::env::var("DATABASE_URL").expect("DATABASE_URL is required");
    let config = aftersale::server::config::Config::development_from_env().expect("config");
    let pool = db::connect(&config).await.expect("connect");
    let admin = db::users::by_email(&pool, "admin@example.com").await.expect("query").expect("seeded admin");
    let actor = Actor { id: admin.id, name: admin.name, role: Role::Admin };

    let open: Vec<(String, String, i64, chrono::NaiveDate)> = sqlx::query_as::<Db, _>(
        "SELECT i.number, a.name, i.balance_minor, i.issue_date FROM invoices i JOIN accounts a ON a.id = i.account_id
         WHERE i.status IN ('issued', 'sent', 'overdue', 'partially_paid') AND i.balance_minor > 0
           AND i.currency = 'EUR' AND i.number IS NOT NULL ORDER BY i.id",
    )
    .fetch_all(&pool)
    .await
    .expect("open invoices");
    let step = (open.len() / lines).max(1);
    let picked: Vec<&(String, String, i64, chrono::NaiveDate)> = open.iter().step_by(step).take(lines).collect();
    let mut csv = String::from("Date,Amount,Description,Counterparty,Reference\n");
    for (n, (number, name, balance, issued)) in picked.iter().enumerate() {
        let text = if n % 3 == 0 { format!("PAYMENT {number}") } else { "SEPA CREDIT TRANSFER".into() };
        let day = *issued + chrono::Duration::days(7);
        csv.push_str(&format!("{day},{}.{:02},{text},\"{}\",\n", balance / 100, balance % 100, name.to_uppercase()));
    }
    let form = BankAccountForm {
        name: format!("Bench account {}", chrono::Utc::now().timestamp_millis()),
        ..bank_statements::default_form()
    };
    let bank = bank_statements::save_bank_account(&pool, &actor, None, &form).await.expect("bank account");

    // The whole path a person triggers: upload (checked), import, match and store candidates.
    let t = Instant::now();
    let staged = bank_statements::stage(&pool, &actor, bank.id, "bench.csv", csv.as_bytes()).await.expect("stage");
    let stage_ms = t.elapsed().as_millis();
    bank_statements::import(&pool, &actor, staged.id).await.expect("import");
    let total_ms = t.elapsed().as_millis();

    // The matching alone, again: load what is open, score every line.
    let rows = db::bank::lines_of_statement(&pool, staged.id, None, i64::MAX).await.expect("lines");
    let t = Instant::now();
    let matcher = bank_matching::load_matcher(&pool, "EUR").await.expect("matcher");
    let load_ms = t.elapsed().as_millis();
    let t = Instant::now();
    let (_, suggested) = bank_matching::score_lines(&matcher, &rows);
    let score_ms = t.elapsed().as_millis();

    let stored = bank_lines::lines(&pool, &actor, staged.id, None, i64::MAX).await.expect("dtos");
    let right =
        stored.iter().zip(&picked).filter(|(l, p)| l.suggestion.as_ref().is_some_and(|s| s.number == p.0)).count();

    // The anchor: one indexed query a line for the invoices with that open balance.
    let anchor_ms = if anchor {
        let t = Instant::now();
        for (_, _, balance, _) in &picked {
            let _: Vec<i64> = sqlx::query_scalar::<Db, i64>(
                "SELECT id FROM invoices WHERE balance_minor = $1 AND status IN ('issued', 'sent', 'overdue', 'partially_paid')",
            )
            .bind(balance)
            .fetch_all(&pool)
            .await
            .expect("anchor");
        }
        t.elapsed().as_millis().to_string()
    } else {
        "skipped".into()
    };
    println!(
        "open={} lines={} total_ms={total_ms} stage_ms={stage_ms} load_ms={load_ms} score_ms={score_ms} anchor_ms={anchor_ms} suggested={suggested} right={right}",
        open.len(),
        picked.len()
    );
}

#[cfg(not(feature = "ssr"))]
fn main() {}
