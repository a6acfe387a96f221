//! What forms offer to choose from, read once here instead of in each server fn: the accounts
//! of a picker, the line editors' catalogue, the active tax rates and an account's won deals.
use crate::error::AppError;
use crate::model::pickers::{Catalog, ProductOption};
use crate::server::db::{self, Pool};

/// How many rows a picker offers at most (a longer list is no use in a `<select>`).
const PICKER_LIMIT: i64 = 1000;

/// (id, name, currency) of active accounts by name, only `owner_id`'s when given.
pub async fn accounts_with_currency(
    pool: &Pool,
    owner_id: Option<i64>,
) -> Result<Vec<(i64, String, String)>, AppError> {
    Ok(db::accounts::names(pool, owner_id, PICKER_LIMIT).await?)
}

/// (id, name) of active accounts by name, for the "choose an account" step of a new document.
pub async fn accounts(pool: &Pool) -> Result<Vec<(i64, String)>, AppError> {
    Ok(accounts_with_currency(pool, None).await?.into_iter().map(|(id, name, _)| (id, name)).collect())
}

/// (id, name) of active accounts in `currency` (a bank line can only go to those).
pub async fn accounts_in(pool: &Pool, currency: &str) -> Result<Vec<(i64, String)>, AppError> {
    Ok(accounts_with_currency(pool, None)
        .await?
        .into_iter()
        .filter(|(_, _, c)| c == currency)
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// (id, "name (rate %)") of the active tax rates.
pub async fn tax_rates(pool: &Pool) -> Result<Vec<(i64, String)>, AppError> {
    Ok(db::tax_rates::all(pool)
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| (t.id, format!("{} ({} %)", t.name, t.rate)))
        .collect())
}

/// The company's default tax rate, preselected in editors.
pub async fn default_tax_rate(pool: &Pool) -> Result<Option<i64>, AppError> {
    Ok(db::settings::get(pool).await?.default_tax_rate_id)
}

/// (id, name) of an account's won opportunities, which an order can come from.
pub async fn won_opportunities(pool: &Pool, account_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(db::opportunities::won_for_account(pool, account_id).await?)
}

/// The active catalogue (at most 1000 products, by name) and the default tax rate.
pub async fn catalog(pool: &Pool) -> Result<Catalog, AppError> {
    let products = db::products::active(pool, PICKER_LIMIT)
        .await?
        .into_iter()
        .map(|p| {
            let c = p.currency;
            ProductOption {
                label: format!("{} · {} ({})", p.sku, p.name, c.format(c.from_minor(p.unit_price_minor))),
                unit_price: c.from_minor(p.unit_price_minor).to_string(),
                id: p.id,
                name: p.name,
                unit: p.unit,
                currency: p.currency.to_string(),
                tax_rate_id: p.tax_rate_id,
            }
        })
        .collect();
    Ok(Catalog { products, tax_rates: tax_rates(pool).await?, default_tax_rate_id: default_tax_rate(pool).await? })
}

/// The user a form names by email (the API token form), or a field error on `email`.
pub async fn user_id_by_email(pool: &Pool, email: &str) -> Result<i64, AppError> {
    let user =
        db::users::by_email(pool, email).await?.ok_or_else(|| AppError::field("email", "no user has this email"))?;
    Ok(user.id)
}
