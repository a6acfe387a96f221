//! What the product pages show, each in one call: a product with its timeline, or (id 0) the
//! new-product form, both with the tax rates and the company's defaults (`detail`); and the tax
//! rates page (`tax_rates_page`).
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::product_view::{ProductView, TaxRateList};
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{catalog, pickers, settings, timeline};

/// The product page for this user; id 0 is the new-product form (for catalogue managers).
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<ProductView, AppError> {
    let (product, events) = if id == 0 {
        actor.require(Permission::ManageCatalog)?;
        (None, vec![])
    } else {
        (Some(catalog::get_product(pool, actor, id).await?), timeline::for_entity(pool, catalog::PRODUCT, id).await?)
    };
    // Whoever reads the catalogue reads its tax rates (the rule of `catalog::list_rates`).
    actor.require(Permission::ViewCrm)?;
    Ok(ProductView {
        product,
        events,
        can_edit: actor.role.can(Permission::ManageCatalog),
        tax_rates: pickers::tax_rates(pool).await?,
        default_currency: settings::get(pool).await?.default_currency,
        default_tax_rate_id: pickers::default_tax_rate(pool).await?,
    })
}

/// The tax rates page: the rates, whether this user may edit them, and the default one.
pub async fn tax_rates_page(pool: &Pool, actor: &Actor) -> Result<TaxRateList, AppError> {
    Ok(TaxRateList {
        rates: catalog::list_rates(pool, actor).await?,
        can_edit: actor.role.can(Permission::ManageCatalog),
        default_id: pickers::default_tax_rate(pool).await?,
    })
}
