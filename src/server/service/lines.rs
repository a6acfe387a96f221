//! Document lines against the catalogue: products and tax rates looked up, prices defaulted from
//! the product, totals by `money::document_totals`, and the minor-unit rows every document stores.
//! Opportunities, sales orders and invoices price their lines here.
use crate::error::AppError;
use crate::model::lines::{parse_lines, totals, LineForm, PricedLine};
use crate::model::money::{Currency, DocumentTotals, LineInput};
use crate::model::validate::FieldErrors;
use crate::server::db::{self, lines::NewLine, Pool, Tx};

/// Checks `lines` and prices them: a product fills in the description, unit, price (when in the
/// document's currency) and tax rate that were left empty. Errors go into `errors` by row.
pub async fn price(
    tx: &mut Tx,
    currency: Currency,
    lines: &[LineForm],
    errors: &mut FieldErrors,
) -> Result<Vec<PricedLine>, AppError> {
    let drafts = parse_lines(lines, currency, errors);
    let mut priced = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = match d.product_id {
            Some(pid) => match db::products::by_id(&mut **tx, pid).await? {
                Some(p) => Some(p),
                None => {
                    errors.add(&field("product_id"), "must be chosen from the list");
                    None
                }
            },
            None => None,
        };
        let unit_price = match (d.unit_price, &product) {
            (Some(p), _) => p,
            (None, Some(p)) if p.currency == currency.code() => currency.from_minor(p.unit_price_minor),
            (None, Some(p)) => {
                errors.add(&field("unit_price"), format!("is required: the product is priced in {}", p.currency));
                Default::default()
            }
            (None, None) => Default::default(),
        };
        let rate = match d.tax_rate_id.or(product.as_ref().map(|p| p.tax_rate_id)) {
            Some(id) => match db::tax_rates::by_id(&mut **tx, id).await? {
                Some(t) if t.active => Some(t),
                Some(_) => {
                    errors.add(&field("tax_rate_id"), "is inactive");
                    None
                }
                None => {
                    errors.add(&field("tax_rate_id"), "must be chosen from the list");
                    None
                }
            },
            None => None,
        };
        let or_product = |typed: &str, from: fn(&db::products::ProductRow) -> &str| {
            if typed.is_empty() {
                product.as_ref().map(|p| from(p).to_string()).unwrap_or_default()
            } else {
                typed.to_string()
            }
        };
        priced.push(PricedLine {
            product_id: d.product_id,
            description: or_product(&d.description, |p| &p.name),
            unit: or_product(&d.unit, |p| &p.unit),
            tax_rate_id: rate.as_ref().map(|r| r.id),
            source_line_id: None,
            input: LineInput {
                quantity: d.quantity,
                unit_price,
                discount_percent: d.discount_percent,
                tax_rate_percent: rate.as_ref().map(|r| r.percent()).unwrap_or_default(),
            },
        });
    }
    Ok(priced)
}

/// The rows to store for priced lines (amounts in minor units, decimals as exact text) and the
/// document's totals, both from the one totals function.
pub fn stored(currency: Currency, priced: &[PricedLine]) -> Result<(Vec<NewLine>, DocumentTotals), AppError> {
    let t = totals(currency, priced);
    let minor = |v| currency.to_minor(v).map_err(|m| AppError::Validation { fields: FieldErrors::single("lines", m) });
    let mut rows = Vec::with_capacity(priced.len());
    for (p, lt) in priced.iter().zip(&t.lines) {
        rows.push(NewLine {
            product_id: p.product_id,
            description: p.description.clone(),
            quantity: p.input.quantity.normalize().to_string(),
            unit: p.unit.clone(),
            unit_price_minor: minor(p.input.unit_price)?,
            discount_percent: p.input.discount_percent.normalize().to_string(),
            tax_rate_id: p.tax_rate_id,
            tax_rate_percent: p.input.tax_rate_percent.normalize().to_string(),
            net_minor: minor(lt.net)?,
            tax_minor: minor(lt.tax)?,
            total_minor: minor(lt.total)?,
            source_line_id: p.source_line_id,
        });
    }
    // The document's own amounts must fit too (a line can fit where their sum does not).
    for v in [t.subtotal, t.tax_total, t.total] {
        minor(v)?;
    }
    Ok((rows, t))
}

/// The totals of lines still being typed (a line editor's live preview): the same parsing and
/// totals as a save, nothing stored. Lines that do not parse yet are left out.
pub async fn quote(pool: &Pool, currency: Currency, lines: &[LineForm]) -> Result<DocumentTotals, AppError> {
    let rates = db::tax_rates::all(pool).await?;
    let mut inputs = vec![];
    for l in lines.iter().take(500) {
        // A line being typed may have no description yet: it still has a price.
        let mut l = l.clone();
        if l.description.trim().is_empty() {
            l.description = "-".into();
        }
        let mut e = FieldErrors::default();
        let parsed = parse_lines(std::slice::from_ref(&l), currency, &mut e);
        let (Some(d), true) = (parsed.first(), e.is_empty()) else { continue };
        let rate =
            d.tax_rate_id.and_then(|id| rates.iter().find(|r| r.id == id)).map(|r| r.percent()).unwrap_or_default();
        inputs.push(LineInput {
            quantity: d.quantity,
            unit_price: d.unit_price.unwrap_or_default(),
            discount_percent: d.discount_percent,
            tax_rate_percent: rate,
        });
    }
    Ok(crate::model::money::document_totals(currency, &inputs))
}

/// The totals function's input for a stored line (the columns hold what `model` validated).
pub fn input_of(currency: Currency, l: &db::lines::LineRow) -> LineInput {
    LineInput {
        quantity: l.quantity.parse().unwrap_or_default(),
        unit_price: currency.from_minor(l.unit_price_minor),
        discount_percent: l.discount_percent.parse().unwrap_or_default(),
        tax_rate_percent: l.tax_rate_percent.parse().unwrap_or_default(),
    }
}

/// A stored line again at another quantity (invoicing part of an order line, crediting part of an
/// invoice line): same product, description, unit, price, discount and tax rate; `source` links it.
pub fn requantify(currency: Currency, l: &db::lines::LineRow, quantity: rust_decimal::Decimal) -> PricedLine {
    PricedLine {
        product_id: l.product_id,
        description: l.description.clone(),
        unit: l.unit.clone(),
        tax_rate_id: l.tax_rate_id,
        source_line_id: Some(l.id),
        input: LineInput { quantity, ..input_of(currency, l) },
    }
}
