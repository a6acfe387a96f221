//! The catalogue: products and tax rates. Everyone reads them; admins, managers and finance
//! change them. SKUs and tax rate names are unique (case-insensitive); nothing is deleted,
//! records are deactivated, and the company's default tax rate cannot be.
use crate::error::AppError;
use crate::model::list::{search_text, status_filter, ListPage, Position};
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::model::product::{
    ProductDto, ProductFilter, ProductForm, ProductInput, ProductKind, TaxRateDto, TaxRateForm, TaxRateInput,
};
use crate::server::auth::Actor;
use crate::server::db::{self, products::ProductRow, tax_rates::TaxRateRow, Pool, Tx};
use crate::server::service::timeline;

pub const PRODUCT: &str = "product";
pub const TAX_RATE: &str = "tax_rate";

fn product_dto(r: &ProductRow) -> ProductDto {
    let c = r.currency;
    ProductDto {
        id: r.id,
        sku: r.sku.clone(),
        name: r.name.clone(),
        description: r.description.clone(),
        kind: r.kind.clone(),
        unit: r.unit.clone(),
        unit_price: c.from_minor(r.unit_price_minor).to_string(),
        currency: r.currency.to_string(),
        tax_rate_id: r.tax_rate_id,
        tax_rate_name: r.tax_rate_name.clone(),
        tax_rate: r.tax_rate.clone(),
        active: r.active,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn rate_dto(r: &TaxRateRow) -> TaxRateDto {
    TaxRateDto { id: r.id, name: r.name.clone(), rate: r.rate.clone(), active: r.active }
}

pub async fn list_products(
    pool: &Pool,
    actor: &Actor,
    f: &ProductFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<ProductDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    let kind = match f.kind.trim() {
        "" => None,
        k => Some(ProductKind::parse(k).map_err(|m| AppError::field("kind", m))?.as_str()),
    };
    let active = status_filter(&f.status).map_err(|m| AppError::field("status", m))?;
    let search = search_text(&f.q).map_err(|m| AppError::field("q", m))?;
    let filter = db::products::Filter { search, kind, active };
    let by_name = f.sort != "newest";
    let order = db::products::order(by_name);
    let rows = db::products::page(pool, &filter, by_name, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| order.cursor(&r.name_key, r.id)).map(|r| product_dto(&r)))
}

pub async fn get_product(pool: &Pool, actor: &Actor, id: i64) -> Result<ProductDto, AppError> {
    actor.require(Permission::ViewCrm)?;
    db::products::by_id(pool, id).await?.map(|r| product_dto(&r)).ok_or(AppError::NotFound)
}

async fn parse_product(pool: &Pool, form: &ProductForm) -> Result<ProductInput, AppError> {
    let s = db::settings::get(pool).await?;
    let currency = Currency::from_db(&s.default_currency, "settings", 1)?;
    Ok(ProductInput::parse(form, currency, s.default_tax_rate_id)?)
}

/// The tax rate a product uses must exist and be active.
async fn check_rate(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    match db::tax_rates::by_id(&mut **tx, id).await? {
        Some(t) if t.active => Ok(()),
        Some(_) => Err(AppError::field("tax_rate_id", "is inactive")),
        None => Err(AppError::field("tax_rate_id", "must be chosen from the list")),
    }
}

fn sku_taken(e: sqlx::Error) -> AppError {
    if db::is_unique_violation(&e) {
        AppError::field("sku", "is already used by another product")
    } else {
        e.into()
    }
}

pub async fn create_product(pool: &Pool, actor: &Actor, form: &ProductForm) -> Result<ProductDto, AppError> {
    actor.require(Permission::ManageCatalog)?;
    let input = parse_product(pool, form).await?;
    let mut tx = db::begin_write(pool).await?;
    check_rate(&mut tx, input.tax_rate_id).await?;
    let id = db::products::insert(&mut tx, &input).await.map_err(sku_taken)?;
    let note = format!("{} at {}", input.sku, input.currency.format(input.currency.from_minor(input.unit_price_minor)));
    timeline::record(&mut tx, Some(actor), PRODUCT, id, "created", None, Some(&note)).await?;
    let row = db::products::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(product_dto(&row))
}

pub async fn update_product(pool: &Pool, actor: &Actor, id: i64, form: &ProductForm) -> Result<ProductDto, AppError> {
    actor.require(Permission::ManageCatalog)?;
    let input = parse_product(pool, form).await?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::products::get_locked(&mut tx, id).await?;
    if input.tax_rate_id != before.tax_rate_id {
        check_rate(&mut tx, input.tax_rate_id).await?;
    }
    db::products::update(&mut tx, id, &input).await.map_err(sku_taken)?;
    if before.unit_price_minor != input.unit_price_minor || before.currency != input.currency {
        let old = before.currency;
        let (from, to) = (
            old.format(old.from_minor(before.unit_price_minor)),
            input.currency.format(input.currency.from_minor(input.unit_price_minor)),
        );
        timeline::record(&mut tx, Some(actor), PRODUCT, id, "price_changed", Some((&from, &to)), None).await?;
    }
    if before.active != input.active {
        let (kind, from, to) =
            if input.active { ("reactivated", "inactive", "active") } else { ("deactivated", "active", "inactive") };
        timeline::record(&mut tx, Some(actor), PRODUCT, id, kind, Some((from, to)), None).await?;
    }
    timeline::record(&mut tx, Some(actor), PRODUCT, id, "edited", None, None).await?;
    let row = db::products::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(product_dto(&row))
}

pub async fn list_rates(pool: &Pool, actor: &Actor) -> Result<Vec<TaxRateDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    Ok(db::tax_rates::all(pool).await?.iter().map(rate_dto).collect())
}

pub async fn get_rate(pool: &Pool, actor: &Actor, id: i64) -> Result<TaxRateDto, AppError> {
    actor.require(Permission::ViewCrm)?;
    db::tax_rates::by_id(pool, id).await?.map(|r| rate_dto(&r)).ok_or(AppError::NotFound)
}

fn name_taken(e: sqlx::Error) -> AppError {
    if db::is_unique_violation(&e) {
        AppError::field("name", "is already used by another tax rate")
    } else {
        e.into()
    }
}

pub async fn create_rate(pool: &Pool, actor: &Actor, form: &TaxRateForm) -> Result<TaxRateDto, AppError> {
    actor.require(Permission::ManageCatalog)?;
    let input = TaxRateInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    let id =
        db::tax_rates::insert(&mut tx, &input.name, &input.stored_rate(), input.active).await.map_err(name_taken)?;
    timeline::record(&mut tx, Some(actor), TAX_RATE, id, "created", None, Some(&format!("{} %", input.stored_rate())))
        .await?;
    let row = db::tax_rates::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(rate_dto(&row))
}

/// Changes a rate. Lines already priced keep the percentage they were priced with (they store a
/// copy), so a change applies to new lines only.
pub async fn update_rate(pool: &Pool, actor: &Actor, id: i64, form: &TaxRateForm) -> Result<TaxRateDto, AppError> {
    actor.require(Permission::ManageCatalog)?;
    let input = TaxRateInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::tax_rates::get_locked(&mut tx, id).await?;
    if before.active && !input.active && db::settings::get(&mut *tx).await?.default_tax_rate_id == Some(id) {
        return Err(AppError::field("active", "this is the company's default tax rate: choose another default first"));
    }
    db::tax_rates::update(&mut tx, id, &input.name, &input.stored_rate(), input.active).await.map_err(name_taken)?;
    if before.rate != input.stored_rate() {
        timeline::record(
            &mut tx,
            Some(actor),
            TAX_RATE,
            id,
            "rate_changed",
            Some((&before.rate, &input.stored_rate())),
            None,
        )
        .await?;
    }
    if before.active != input.active {
        let (kind, from, to) =
            if input.active { ("reactivated", "inactive", "active") } else { ("deactivated", "active", "inactive") };
        timeline::record(&mut tx, Some(actor), TAX_RATE, id, kind, Some((from, to)), None).await?;
    }
    let row = db::tax_rates::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(rate_dto(&row))
}
