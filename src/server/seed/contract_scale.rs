//! Generated contracts for `seed-demo --scale N` (one per generated account) and for the renewal
//! benchmark: every status, 1–4 terms of history, running terms ending over the next year (so some
//! are due within 30/60/90 days and some are past their notice deadline), half auto-renewing. Term
//! dates come from `model::contract_terms`, so the rows are what the services would have stored.
use super::orders::{next, Counters};
use crate::model::contract_terms::{term_end, term_start};
use crate::server::db::contracts::bulk::{self, ContractSeed, TermSeed};
use crate::server::db::seed::{lines, OrderLineSeed};
use crate::server::db::Tx;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

/// What every batch needs: products to cover ((id, name, price minor, tax rate in basis points)) and today.
pub struct ContractScale {
    pub products: Vec<(i64, String, i64, i64)>,
    pub today: NaiveDate,
}

/// A generated account to give a contract: id, owner, creation time.
pub type Owned = (i64, i64, DateTime<Utc>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Running term `n`, ending on the day given.
    Active(NaiveDate),
    /// Starting on the day given.
    Pending(NaiveDate),
    /// The last of `n` terms ended on the day given, unrenewed.
    Expired(NaiveDate),
    /// The last of `n` terms was cancelled and ended on the day given.
    Cancelled(NaiveDate),
}

/// The status of generated contract `k`: 6 in 10 active, 1 in 10 pending, the rest ended.
fn kind_of(k: u64, today: NaiveDate) -> Kind {
    let spread = |m: u64| Duration::days(((k * 7919) % m) as i64);
    match k % 20 {
        0..=11 => Kind::Active(today + spread(365)),
        12 | 13 => Kind::Pending(today + Duration::days(1) + spread(60)),
        14..=16 => Kind::Expired(today - Duration::days(1) - spread(400)),
        _ => Kind::Cancelled(today - Duration::days(1) - spread(300)),
    }
}

/// The first start that makes term `n` of a 12-month contract end about on `end`, and that term's
/// real end by the month-end rule.
fn first_start(end: NaiveDate, n: u32) -> (NaiveDate, NaiveDate) {
    let after = end + Duration::days(1);
    let first = after.checked_sub_months(Months::new(12 * n)).unwrap_or(after);
    (first, term_end(first, 12, n).unwrap_or(end))
}

/// One generated contract: its row, its terms (without the contract id yet) and its covered line.
struct Generated {
    row: ContractSeed,
    terms: Vec<TermSeed>,
    line: OrderLineSeed,
}

fn generate(ctx: &ContractScale, k: u64, kind: Kind, n: u32, account: Owned, counters: &mut Counters) -> Generated {
    let (account_id, owner_id, account_at) = account;
    let (product_id, name, price, rate_bp) = ctx.products[(k % ctx.products.len() as u64) as usize].clone();
    let quantity = 1 + (k % 3) as i64;
    let net = price * quantity;
    let tax = (net * rate_bp + 5_000) / 10_000;
    let totals = (net, tax, net + tax);
    let created_at = account_at + Duration::days(2);
    let (first, end, status, term_number) = match kind {
        Kind::Active(e) => {
            let (first, end) = first_start(e, n);
            (first, end, "active", n)
        }
        Kind::Pending(s) => (s, term_end(s, 12, 1).unwrap_or(s), "pending", 0),
        Kind::Expired(e) => {
            let (first, end) = first_start(e, n);
            (first, end, "expired", n)
        }
        Kind::Cancelled(e) => {
            let (first, end) = first_start(e, n);
            (first, end, "cancelled", n)
        }
    };
    let notice_days = [30, 60, 90][(k % 3) as usize];
    let terms = (1..=term_number)
        .map(|t| TermSeed {
            contract_id: 0,
            number: i64::from(t),
            start_date: term_start(first, 12, t).unwrap_or(first),
            end_date: term_end(first, 12, t).unwrap_or(end),
            totals,
            origin: if t == 1 {
                "activation"
            } else if k.is_multiple_of(2) {
                "auto"
            } else {
                "manual"
            },
            outcome: match (t == term_number, kind) {
                (false, _) => Some("renewed"),
                (true, Kind::Expired(_)) => Some("expired"),
                (true, Kind::Cancelled(_)) => Some("cancelled"),
                (true, _) => None,
            },
            created_at,
        })
        .collect();
    let year = created_at.year();
    let row = ContractSeed {
        number: format!("AMC-{year}-{:06}", next(counters, "contract", year)),
        account_id,
        owner_id,
        title: format!("Maintenance — {name}"),
        start_date: first,
        // The generated terms have no invoices: they were invoiced before (elsewhere), so billing
        // starts with the next term (a pending contract's first).
        bill_from: if term_number == 0 { first } else { end + Duration::days(1) },
        auto_renew: k.is_multiple_of(2),
        notice_days,
        uplift_percent: k.is_multiple_of(4).then_some("3"),
        sla_tier: [None, Some("high"), Some("urgent"), None][(k % 4) as usize],
        status,
        term_number: i64::from(term_number),
        end_date: end,
        notice_date: end - Duration::days(notice_days),
        cancel_reason: matches!(kind, Kind::Cancelled(_)).then_some("Moved to another provider"),
        cancelled_at: match kind {
            Kind::Cancelled(_) => end.and_hms_opt(12, 0, 0).map(|d| d.and_utc()),
            _ => None,
        },
        totals,
        created_at,
    };
    let line = OrderLineSeed {
        order_id: 0,
        position: 0,
        product_id,
        description: name,
        quantity: quantity.to_string(),
        unit_price_minor: price,
        tax_rate_percent: rust_decimal::Decimal::new(rate_bp, 2).normalize().to_string(),
        net_minor: net,
        tax_minor: tax,
    };
    Generated { row, terms, line }
}

/// Writes generated contracts with their covered line, terms and each term's line.
async fn write(tx: &mut Tx, generated: Vec<Generated>) -> Result<(), sqlx::Error> {
    let rows: Vec<ContractSeed> = generated.iter().map(|g| clone_row(&g.row)).collect();
    let ids = bulk::contracts(tx, &rows).await?;
    let mut covered = Vec::with_capacity(ids.len());
    let mut terms = vec![];
    let mut term_lines = vec![];
    for (g, &id) in generated.into_iter().zip(&ids) {
        covered.push(OrderLineSeed { order_id: id, ..g.line.clone() });
        for t in g.terms {
            terms.push(TermSeed { contract_id: id, ..t });
            term_lines.push(g.line.clone());
        }
    }
    lines(tx, "contract_lines", "contract_id", &covered).await?;
    let term_ids = bulk::terms(tx, &terms).await?;
    for (l, id) in term_lines.iter_mut().zip(term_ids) {
        l.order_id = id;
    }
    lines(tx, "contract_term_lines", "term_id", &term_lines).await
}

fn clone_row(r: &ContractSeed) -> ContractSeed {
    ContractSeed { number: r.number.clone(), title: r.title.clone(), ..*r }
}

/// One contract per account (`k0`: the first account's index among the generated ones).
pub async fn scale(
    tx: &mut Tx,
    ctx: &ContractScale,
    accounts: &[Owned],
    k0: u64,
    counters: &mut Counters,
) -> Result<(), sqlx::Error> {
    if ctx.products.is_empty() {
        return Ok(());
    }
    let generated = accounts
        .iter()
        .enumerate()
        .map(|(j, &a)| {
            let k = k0 + j as u64;
            let n = 1 + (k / 20 % 4) as u32;
            generate(ctx, k, kind_of(k, ctx.today), n, a, counters)
        })
        .collect();
    write(tx, generated).await
}

/// Active, auto-renewing contracts on `accounts` in their first 12-month term, started on `first`,
/// for the renewal benchmark. Returns the day their term ends (all of them due on it).
pub async fn due_on(
    tx: &mut Tx,
    ctx: &ContractScale,
    accounts: &[Owned],
    first: NaiveDate,
    counters: &mut Counters,
) -> Result<NaiveDate, sqlx::Error> {
    let end = term_end(first, 12, 1).unwrap_or(first);
    let generated = accounts
        .iter()
        .enumerate()
        .map(|(j, &a)| {
            let mut g = generate(ctx, 2 * j as u64, Kind::Active(end), 1, a, counters);
            g.row.auto_renew = true;
            g
        })
        .collect();
    write(tx, generated).await?;
    Ok(end)
}
