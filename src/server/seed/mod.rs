//! `seed-demo`: a believable demo company (users of every role, tax rates, settings, 120 products,
//! 36 accounts with contacts, opportunities in every stage, sales orders with shipments, invoices,
//! payments and support tickets in every status) and
//! `--scale N`: N more accounts with proportional contacts, opportunities, products, one sales
//! order (invoiced, partly paid) and one support ticket each, generated deterministically in bulk.
pub mod contract_scale;
mod contracts;
mod invoices;
mod opportunities;
mod orders;
mod payments;
mod ticket_email;
mod ticket_scale;
mod tickets;

use crate::error::AppError;
use crate::model::account::AccountForm;
use crate::model::contact::ContactForm;
use crate::model::permissions::Role;
use crate::server::auth::{hash_password, Actor};
use crate::server::db::{self, seed as bulk, Pool};
use crate::server::service;
use crate::server::state::AppState;
use chrono::{Duration, TimeZone, Utc};

pub const DEMO_PASSWORD: &str = "aftersale-demo";

/// The demo logins: (email, name, role).
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin@example.com", "Ada Admin", Role::Admin),
    ("manager@example.com", "Manon Manager", Role::Manager),
    ("sales@example.com", "Sam Sales", Role::Sales),
    ("sara@example.com", "Sara Seller", Role::Sales),
    ("tom@example.com", "Tom Trader", Role::Sales),
    ("finance@example.com", "Fiona Finance", Role::Finance),
    ("support@example.com", "Sven Support", Role::Support),
];

const COMPANIES: &[&str] = &[
    "Acme Robotics",
    "Blue Harbor Logistics",
    "Cedar & Pine Furniture",
    "Delta Clinics",
    "Evergreen Foods",
    "Fjord Analytics",
    "Granite Construction",
    "Helios Solar",
    "Iris Optics",
    "Juniper Hotels",
    "Kestrel Aviation",
    "Lumen Lighting",
    "Meridian Insurance",
    "Nimbus Cloud Services",
    "Orchid Cosmetics",
    "Pioneer Farms",
    "Quarry Stoneworks",
    "Riverbend Brewing",
    "Summit Outdoor",
    "Tidewater Marine",
    "Umbra Security",
    "Vantage Media",
    "Willow Care Homes",
    "Xylo Music Schools",
    "Yellowstone Tours",
    "Zephyr Wind Energy",
    "Atlas Freight",
    "Beacon Legal",
    "Copperleaf Bakery",
    "Dune Motors",
    "Ember Restaurants",
    "Falcon Print",
    "Glacier Water",
    "Harbor Dental",
    "Indigo Textiles",
    "Jade Pharmacy",
];
const FIRST: &[&str] =
    &["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Liam"];
const LAST: &[&str] =
    &["Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen", "Kowalski"];
const TITLES: &[&str] = &["Purchasing Manager", "CFO", "Office Manager", "Head of IT", "Operations Lead", "CEO"];
const TAGS: &[&str] = &["enterprise", "smb", "emea", "amer", "apac", "partner", "vip", "public-sector"];

/// (sku stem, name, kind, unit, price in cents, tax rate index: 0 standard, 1 reduced, 2 zero)
const CATALOG: &[(&str, &str, &str, &str, i64, usize)] = &[
    ("SRV", "Server", "goods", "pcs", 420_000, 0),
    ("LAP", "Laptop", "goods", "pcs", 139_000, 0),
    ("MON", "Monitor", "goods", "pcs", 32_900, 0),
    ("CAB", "Network cable", "goods", "pcs", 1_290, 0),
    ("BOOK", "Training handbook", "goods", "pcs", 4_900, 1),
    ("INST", "Installation", "service", "h", 9_500, 0),
    ("CONS", "Consulting", "service", "h", 14_000, 0),
    ("TRN", "On-site training", "service", "day", 120_000, 0),
    ("SUP", "Support plan", "subscription", "month", 29_900, 0),
    ("LIC", "Software licence", "subscription", "month", 4_500, 0),
    ("EXP", "Export service", "service", "h", 8_000, 2),
    ("AMC", "Annual maintenance", "subscription", "year", 240_000, 0),
];
const TIERS: &[(&str, i64)] = &[("Basic", 100), ("Standard", 150), ("Pro", 220), ("Enterprise", 400)];
const FLAVOURS: &[&str] = &["", "Plus", "XL"];

/// Adds the demo data (once) and, with `scale`, that many generated accounts. Returns a summary.
pub async fn seed_demo(state: &AppState, scale: u64) -> Result<String, AppError> {
    let pool = &state.pool;
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let demo: Vec<(String, String, Role)> =
        DEMO_USERS.iter().map(|(e, n, r)| (e.to_string(), n.to_string(), *r)).collect();
    let mut tx = db::begin_write(pool).await?;
    db::users::insert_many_ignoring_existing(&mut tx, &demo, &hash).await?;
    let standard = bulk::tax_rate(&mut tx, "Standard 20%", "20.00").await?;
    let reduced = bulk::tax_rate(&mut tx, "Reduced 7%", "7.00").await?;
    let zero = bulk::tax_rate(&mut tx, "Zero-rated", "0.00").await?;
    bulk::demo_settings(&mut tx, standard).await?;
    let rates = [standard, reduced, zero];
    bulk::products(&mut tx, &catalog(&rates, 0, 120)).await?;
    let fresh = bulk::count(&mut tx, "accounts").await? == 0;
    tx.commit().await?;
    if fresh {
        demo_accounts(pool).await?;
        opportunities::demo(pool).await?;
        orders::demo(pool).await?;
        invoices::demo(pool).await?;
        invoices::demo_mail(state).await?;
        payments::demo(pool).await?;
        tickets::demo(state).await?;
        ticket_email::demo(state).await?;
        contracts::demo(state).await?;
    }
    if scale > 0 {
        scale_up(pool, scale, &hash, &rates).await?;
    }
    let mut tx = db::begin_write(pool).await?;
    let mut parts = vec![];
    for table in [
        "users",
        "accounts",
        "contacts",
        "products",
        "opportunities",
        "sales_orders",
        "invoices",
        "payments",
        "tickets",
    ] {
        parts.push(format!("{} {table}", bulk::count(&mut tx, table).await?));
    }
    tx.commit().await?;
    Ok(format!("demo data ready: {}", parts.join(", ")))
}

/// `n` products starting at number `from`: catalog items in tiers and flavours, unique SKUs.
fn catalog(rates: &[i64; 3], from: usize, n: usize) -> Vec<bulk::ProductSeed> {
    (from..from + n)
        .map(|i| {
            let (stem, name, kind, unit, price, rate) = CATALOG[i % CATALOG.len()];
            let (tier, factor) = TIERS[(i / CATALOG.len()) % TIERS.len()];
            let flavour = FLAVOURS[(i / (CATALOG.len() * TIERS.len())) % FLAVOURS.len()];
            let name = format!("{name} {tier} {flavour}").trim().to_string();
            let sku = format!("{stem}-{}-{i:05}", &tier[..3].to_uppercase());
            let desc = format!("{name}, billed per {unit}.");
            (sku, name, desc, kind, unit, price * factor / 100, "EUR", rates[rate])
        })
        .collect()
}

/// The 36 demo accounts through the real services, so each has its timeline and contacts.
async fn demo_accounts(pool: &Pool) -> Result<(), AppError> {
    let owners: Vec<Actor> = {
        let mut v = vec![];
        for (email, _, _) in DEMO_USERS.iter().filter(|(_, _, r)| matches!(r, Role::Sales | Role::Manager)) {
            let u = db::users::by_email(pool, email).await?.ok_or(AppError::NotFound)?;
            v.push(Actor { id: u.id, name: u.name.clone(), role: u.role() });
        }
        v
    };
    for (i, name) in COMPANIES.iter().enumerate() {
        let owner = &owners[i % owners.len()];
        let slug: String = name.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let form = AccountForm {
            name: name.to_string(),
            legal_name: format!("{name} Ltd"),
            invoice_email: format!("accounts@{slug}.example"),
            phone: format!("+49 40 {:04} {:03}", 1000 + i * 37, i * 11 % 1000),
            billing_address: format!("{} Harbour Road\n{} Hamburg", 10 + i, 20000 + i * 13),
            currency: if i % 9 == 4 { "USD".into() } else { "EUR".into() },
            payment_terms_days: [14, 30, 30, 45, 60][i % 5].to_string(),
            tags: [TAGS[i % TAGS.len()], TAGS[(i * 3 + 1) % TAGS.len()]].join(", "),
            ..Default::default()
        };
        let account = service::accounts::create(pool, owner, &form).await?;
        for c in 0..(1 + i % 3) {
            let (first, last) = (FIRST[(i + c * 5) % FIRST.len()], LAST[(i * 3 + c) % LAST.len()]);
            let contact = ContactForm {
                name: format!("{first} {last}"),
                email: format!("{}.{}@{slug}.example", first.to_lowercase(), last.to_lowercase()),
                phone: format!("+49 40 5550 {:03}", i * 7 + c),
                job_title: TITLES[(i + c) % TITLES.len()].into(),
                is_primary: (c == 0).to_string(),
            };
            service::contacts::create(pool, owner, account.id, &contact).await?;
        }
    }
    Ok(())
}

/// Generated data for benchmarks: `n` accounts (one contact each, an opportunity for every fourth;
/// orders, invoices, payments, a ticket and a contract each),
/// one sales rep per 10,000 accounts, and a product per 10,000 accounts on top of the catalog.
async fn scale_up(pool: &Pool, n: u64, hash: &str, rates: &[i64; 3]) -> Result<(), AppError> {
    const BATCH: u64 = 2000;
    let reps: Vec<(String, String, Role)> = (0..(n / 10_000).max(3))
        .map(|i| (format!("rep{i:05}@scale.example.com"), format!("Scale Rep {i}"), Role::Sales))
        .chain(
            (0..(n / 20_000).max(3))
                .map(|i| (format!("agent{i:05}@scale.example.com"), format!("Scale Agent {i}"), Role::Support)),
        )
        .collect();
    let mut tx = db::begin_write(pool).await?;
    db::users::insert_many_ignoring_existing(&mut tx, &reps, hash).await?;
    let owners = bulk::owner_ids(&mut tx).await?;
    let start = bulk::count(&mut tx, "accounts").await? as u64;
    let products = bulk::count(&mut tx, "products").await? as usize;
    for chunk in catalog(rates, products, (n / 10_000) as usize).chunks(1000) {
        bulk::products(&mut tx, chunk).await?;
    }
    let order_products = bulk::priced_products(&mut tx, 200).await?;
    let mut counters = orders::Counters::new();
    for series in ["sales_order", "invoice", "payment", "receipt", "ticket", "contract"] {
        for (year, value) in bulk::counters(&mut tx, series).await? {
            counters.insert((series, year as i32), value);
        }
    }
    let mut policies = vec![];
    for p in crate::model::ticket::Priority::ALL {
        policies.push((p, db::tickets::support::policy(&mut *tx, p).await?));
    }
    let tickets = ticket_scale::TicketScale {
        calendar: service::tickets::sla::calendar_in(&mut tx).await?,
        policies,
        assignees: db::tickets::bulk::support_user_ids(&mut tx).await?,
        now: Utc::now(),
    };
    let contracts = contract_scale::ContractScale { products: order_products.clone(), today: Utc::now().date_naive() };
    tx.commit().await?;
    let epoch = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().expect("valid date");
    let stages = ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"];
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        let accounts: Vec<bulk::AccountSeed> = (i..end)
            .map(|k| {
                let g = start + k;
                let name = format!("{} {}", COMPANIES[(g % COMPANIES.len() as u64) as usize], g);
                let tags = format!(",{},", TAGS[(g % TAGS.len() as u64) as usize]);
                let at = epoch + Duration::seconds(g as i64 * 30);
                (
                    name,
                    owners[(g % owners.len() as u64) as usize],
                    "EUR",
                    30,
                    tags,
                    format!("billing{g}@scale.example"),
                    at,
                )
            })
            .collect();
        let mut tx = db::begin_write(pool).await?;
        let ids = bulk::accounts(&mut tx, &accounts).await?;
        let contacts: Vec<bulk::ContactSeed> = ids
            .iter()
            .enumerate()
            .map(|(j, &id)| {
                let g = (i as usize) + j;
                let name = format!("{} {}", FIRST[g % FIRST.len()], LAST[g % LAST.len()]);
                (id, name, format!("contact{id}@scale.example"), String::new(), TITLES[g % TITLES.len()], true)
            })
            .collect();
        bulk::contacts(&mut tx, &contacts).await?;
        let opportunities: Vec<bulk::OpportunitySeed> = ids
            .iter()
            .zip(&accounts)
            .enumerate()
            .filter(|(j, _)| j % 4 == 0)
            .map(|(j, (&id, a))| {
                let stage = stages[(j / 4) % stages.len()];
                let probability = [10, 20, 50, 75, 100, 0][(j / 4) % stages.len()];
                (format!("{} renewal", a.0), id, a.1, stage, 100_000 + (j as i64 % 97) * 2_500, "EUR", probability, a.6)
            })
            .collect();
        bulk::opportunities(&mut tx, &opportunities).await?;
        if !order_products.is_empty() {
            let owned: Vec<(i64, i64, chrono::DateTime<Utc>)> =
                ids.iter().zip(&accounts).map(|(&id, a)| (id, a.1, a.6)).collect();
            orders::scale(&mut tx, &owned, &order_products, &mut counters).await?;
        }
        let opened: Vec<_> = ids.iter().zip(&accounts).map(|(&id, a)| (id, a.6)).collect();
        ticket_scale::scale(&mut tx, &tickets, &opened, start + i, &mut counters).await?;
        let owned: Vec<contract_scale::Owned> = ids.iter().zip(&accounts).map(|(&id, a)| (id, a.1, a.6)).collect();
        contract_scale::scale(&mut tx, &contracts, &owned, start + i, &mut counters).await?;
        for ((series, year), value) in &counters {
            bulk::set_counter(&mut tx, series, i64::from(*year), *value).await?;
        }
        tx.commit().await?;
        i = end;
        if i % 100_000 == 0 {
            tracing::info!("seeded {i} of {n} accounts");
        }
    }
    Ok(())
}

/// On first start in demo mode: seed when the database has no users at all.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, AppError> {
    if db::users::count(&state.pool).await? > 0 {
        return Ok(false);
    }
    seed_demo(state, 0).await?;
    Ok(true)
}
