//! What every line editor needs: the catalogue to pick from, and `quote_lines` — the live totals
//! of lines being typed, computed on the server by the same function that stores them.
use crate::error::AppError;
use crate::model::lines::{LineForm, TotalsView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A product in a line editor's picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductOption {
    pub id: i64,
    pub label: String,
    pub name: String,
    pub unit: String,
    pub unit_price: String,
    pub currency: String,
    pub tax_rate_id: i64,
}

/// The products and tax rates a line editor offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub products: Vec<ProductOption>,
    /// (id, "name (rate %)") of active rates.
    pub tax_rates: Vec<(i64, String)>,
    pub default_tax_rate_id: Option<i64>,
}

/// The active catalogue (at most 1000 products, by name) and the default tax rate.
#[cfg(feature = "ssr")]
pub async fn catalog(pool: &crate::server::db::Pool) -> Result<Catalog, AppError> {
    use crate::model::money::Currency;
    use crate::server::db;
    let products = db::products::active(pool, 1000)
        .await?
        .into_iter()
        .map(|p| {
            let c = Currency::parse(&p.currency).unwrap_or(Currency::EUR);
            ProductOption {
                label: format!("{} · {} ({})", p.sku, p.name, c.format(c.from_minor(p.unit_price_minor))),
                unit_price: c.from_minor(p.unit_price_minor).to_string(),
                id: p.id,
                name: p.name,
                unit: p.unit,
                currency: p.currency,
                tax_rate_id: p.tax_rate_id,
            }
        })
        .collect();
    let tax_rates = db::tax_rates::all(pool)
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| (t.id, format!("{} ({} %)", t.name, t.rate)))
        .collect();
    Ok(Catalog { products, tax_rates, default_tax_rate_id: db::settings::get(pool).await?.default_tax_rate_id })
}

/// The totals of lines being edited (nothing is saved). Lines that do not parse yet are left out.
#[server(prefix = "/fn", endpoint = "quote_lines")]
pub async fn quote_lines(currency: String, #[server(default)] lines: Vec<LineForm>) -> Result<TotalsView, AppError> {
    use crate::model::money::Currency;
    super::ssr::as_employee(|state, actor| async move {
        actor.require(crate::model::permissions::Permission::UseApp)?;
        let c = Currency::parse(&currency).unwrap_or(Currency::EUR);
        let totals = crate::server::service::lines::quote(&state.pool, c, &lines).await?;
        Ok(TotalsView::new(c, &totals))
    })
    .await
}
