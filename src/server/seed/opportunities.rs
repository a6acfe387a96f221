//! Demo opportunities: 72 deals over the demo accounts with catalogue lines, moved through the
//! real stage machine so every stage is represented and each deal has its timeline.
use crate::error::AppError;
use crate::model::opportunity::{LineForm, OpportunityForm, Stage};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::opportunities;

pub async fn demo(pool: &Pool) -> Result<(), AppError> {
    let accounts = db::accounts::names(pool, None, 100).await?;
    let products = db::products::active(pool, 200).await?;
    if accounts.is_empty() || products.is_empty() {
        return Ok(());
    }
    let topics = ["Expansion", "Renewal", "Pilot", "Upgrade", "Rollout", "Support extension"];
    let paths: [&[Stage]; 6] = [
        &[],
        &[Stage::Qualification],
        &[Stage::Qualification, Stage::Proposal],
        &[Stage::Qualification, Stage::Proposal, Stage::Negotiation],
        &[Stage::Proposal, Stage::Negotiation, Stage::Won],
        &[Stage::Qualification, Stage::Lost],
    ];
    for i in 0..72usize {
        let (account_id, account_name, _) = &accounts[i % accounts.len()];
        let account = db::accounts::by_id(pool, *account_id).await?.ok_or(AppError::NotFound)?;
        let owner = db::users::by_id(pool, account.owner_id).await?.ok_or(AppError::NotFound)?;
        let actor = Actor { id: owner.id, name: owner.name.clone(), role: owner.role() };
        let lines: Vec<LineForm> = (0..(1 + i % 3))
            .map(|k| {
                let p = &products[(i * 7 + k * 13) % products.len()];
                LineForm {
                    product_id: p.id.to_string(),
                    quantity: (1 + (i + k) % 5).to_string(),
                    // Priced explicitly: a USD account's deal cannot take a EUR list price.
                    unit_price: crate::model::money::Currency::EUR.from_minor(p.unit_price_minor).to_string(),
                    discount_percent: if (i + k) % 4 == 0 { "10".into() } else { String::new() },
                    ..Default::default()
                }
            })
            .collect();
        let form = OpportunityForm {
            name: format!("{account_name} — {}", topics[i % topics.len()]),
            account_id: account_id.to_string(),
            expected_close_date: (chrono::Utc::now().date_naive() + chrono::Duration::days(10 + (i as i64 * 5) % 120))
                .to_string(),
            ..Default::default()
        };
        let o = opportunities::create(pool, &actor, &form, &lines).await?;
        for stage in paths[i % paths.len()] {
            let reason = (*stage == Stage::Lost).then_some("Chose a cheaper competitor");
            opportunities::move_stage(pool, &actor, o.id, *stage, reason).await?;
        }
    }
    Ok(())
}
