//! `seed-demo`: a demo team with one user per role (the logins the README lists), and
//! `--scale N` for benchmark data, generated deterministically in batches.
use super::auth::hash_password;
use super::db::{self, Pool};
use crate::error::AppError;
use crate::model::permissions::Role;

pub const DEMO_PASSWORD: &str = "aftersale-demo";

/// The demo logins: (email, name, role).
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin@example.com", "Ada Admin", Role::Admin),
    ("manager@example.com", "Manon Manager", Role::Manager),
    ("sales@example.com", "Sam Sales", Role::Sales),
    ("finance@example.com", "Fiona Finance", Role::Finance),
    ("support@example.com", "Sven Support", Role::Support),
];

/// Adds the demo users (skipping any that exist) and, with `scale`, that many generated users.
pub async fn seed_demo(pool: &Pool, scale: u64) -> Result<String, AppError> {
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let demo: Vec<(String, String, Role)> =
        DEMO_USERS.iter().map(|(e, n, r)| (e.to_string(), n.to_string(), *r)).collect();
    let mut tx = db::begin_write(pool).await?;
    let mut added = db::users::insert_many_ignoring_existing(&mut tx, &demo, &hash).await?;
    tx.commit().await?;
    // Generated users share one hash: hashing a million passwords would take hours.
    const BATCH: u64 = 500;
    let mut i = 0;
    while i < scale {
        let end = (i + BATCH).min(scale);
        let batch: Vec<(String, String, Role)> = (i..end)
            .map(|n| {
                (format!("user{n:07}@scale.example.com"), format!("Scale User {n}"), Role::ALL[(n % 4 + 1) as usize])
            })
            .collect();
        let mut tx = db::begin_write(pool).await?;
        added += db::users::insert_many_ignoring_existing(&mut tx, &batch, &hash).await?;
        tx.commit().await?;
        i = end;
    }
    Ok(format!("seeded {added} users"))
}

/// On first start in demo mode: seed when the database has no users at all.
pub async fn seed_if_empty(pool: &Pool) -> Result<bool, AppError> {
    if db::users::count(pool).await? > 0 {
        return Ok(false);
    }
    seed_demo(pool, 0).await?;
    Ok(true)
}
