//! Products and tax rates: list, detail, create / edit.
use crate::error::AppError;
use crate::model::list::ListPage;
use crate::model::product::{ProductDto, ProductFilter, ProductForm, TaxRateForm};
use crate::model::product_view::TaxRateList;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub page: ListPage<ProductDto>,
    pub can_edit: bool,
}

#[server(prefix = "/fn", endpoint = "list_products")]
pub async fn list_products(
    #[server(default)] filter: ProductFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<ProductList, AppError> {
    use crate::model::permissions::Permission;
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = crate::server::service::catalog::list_products(&state.pool, &actor, &filter, &at, size).await?;
        Ok(ProductList { page, can_edit: actor.role.can(Permission::ManageCatalog) })
    })
    .await
}

/// A product with its timeline, or (id 0) what the new-product form needs.
#[server(prefix = "/fn", endpoint = "get_product")]
pub async fn get_product(id: i64) -> Result<crate::model::product_view::ProductView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::product_views::detail(&state.pool, &actor, id).await
    })
    .await
}

/// Creates (no `id`) or saves a product, then opens it.
#[server(prefix = "/fn", endpoint = "save_product")]
pub async fn save_product(id: Option<i64>, #[server(default)] form: ProductForm) -> Result<i64, AppError> {
    use crate::server::service::catalog;
    super::ssr::as_employee(|state, actor| async move {
        let p = match id {
            None => catalog::create_product(&state.pool, &actor, &form).await?,
            Some(id) => catalog::update_product(&state.pool, &actor, id, &form).await?,
        };
        let verb = if id.is_some() { "saved" } else { "created" };
        super::ssr::done(format!("Product {} {verb}.", p.sku), &format!("/products/{}", p.id)).await?;
        Ok(p.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "list_tax_rates")]
pub async fn list_tax_rates() -> Result<TaxRateList, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::product_views::tax_rates_page(&state.pool, &actor).await
    })
    .await
}

/// Creates (no `id`) or changes a tax rate.
#[server(prefix = "/fn", endpoint = "save_tax_rate")]
pub async fn save_tax_rate(id: Option<i64>, #[server(default)] form: TaxRateForm) -> Result<i64, AppError> {
    use crate::server::service::catalog;
    super::ssr::as_employee(|state, actor| async move {
        let t = match id {
            None => catalog::create_rate(&state.pool, &actor, &form).await?,
            Some(id) => catalog::update_rate(&state.pool, &actor, id, &form).await?,
        };
        super::ssr::done(format!("Tax rate {} ({} %) saved.", t.name, t.rate), "/tax-rates").await?;
        Ok(t.id)
    })
    .await
}
