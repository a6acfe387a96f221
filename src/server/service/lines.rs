//! Document lines against the catalogue: products and tax rates looked up, prices defaulted from
//! the product, totals by `money::document_totals`, and the minor-unit rows every document stores.
//! Opportunities, sales orders and invoices price their lines here.
use crate::error::AppError;
use crate::model::lines::{
    document_too_large, line_too_large, parse_lines, too_many_lines, try_totals, LineForm, PricedLine, MAX_LINES,
};
use crate::model::money::{try_document_totals, try_line_net, Currency, DocumentTotals, LineInput, TooLarge};
use crate::model::validate::{is_too_large, FieldErrors};
use crate::server::db::products::ProductRow;
use crate::server::db::tax_rates::TaxRateRow;
use crate::server::db::{self, lines::NewLine, Pool, Tx};
use std::collections::HashMap;

/// A stored line (`db::lines::LineRow`) as one of the documents' line DTOs: the columns every
/// document line has, money in the document's currency `c`, then the document's own fields. The
/// DTOs stay separate types (each is its own OpenAPI schema), so this fills their shared fields.
macro_rules! line_dto {
    ($dto:ident, $c:expr, $l:expr $(, $field:ident: $value:expr)* $(,)?) => {{
        let (c, l): (crate::model::money::Currency, &crate::server::db::lines::LineRow) = ($c, $l);
        $dto {
            id: l.id,
            product_id: l.product_id,
            description: l.description.clone(),
            quantity: l.quantity.clone(),
            unit: l.unit.clone(),
            unit_price: c.from_minor(l.unit_price_minor).to_string(),
            discount_percent: l.discount_percent.clone(),
            tax_rate_id: l.tax_rate_id,
            tax_rate_percent: l.tax_rate_percent.clone(),
            net: c.from_minor(l.net_minor).to_string(),
            tax: c.from_minor(l.tax_minor).to_string(),
            total: c.from_minor(l.total_minor).to_string(),
            $($field: $value,)*
        }
    }};
}
pub(crate) use line_dto;

/// Checks `lines` and prices them: a product fills in the description, unit, price (when in the
/// document's currency) and tax rate that were left empty. Errors go into `errors` by row. The
/// products and tax rates of all lines are read in one query each, however many lines there are.
pub async fn price(
    tx: &mut Tx,
    currency: Currency,
    lines: &[LineForm],
    errors: &mut FieldErrors,
) -> Result<Vec<PricedLine>, AppError> {
    let drafts = parse_lines(lines, currency, errors);
    let product_ids: Vec<i64> = unique(drafts.iter().filter_map(|d| d.product_id));
    let products: HashMap<i64, ProductRow> =
        db::products::by_ids(&mut **tx, &product_ids).await?.into_iter().map(|p| (p.id, p)).collect();
    let rate_ids = unique(drafts.iter().filter_map(|d| {
        d.tax_rate_id.or_else(|| d.product_id.and_then(|id| products.get(&id)).map(|p| p.tax_rate_id))
    }));
    let rates: HashMap<i64, TaxRateRow> =
        db::tax_rates::by_ids(&mut **tx, &rate_ids).await?.into_iter().map(|r| (r.id, r)).collect();
    let mut priced = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let field = |name: &str| format!("lines[{}].{name}", d.row);
        let product = match d.product_id {
            Some(pid) => match products.get(&pid) {
                Some(p) => Some(p),
                None => {
                    errors.add(&field("product_id"), "must be chosen from the list");
                    None
                }
            },
            None => None,
        };
        let unit_price = match (d.unit_price, product) {
            (Some(p), _) => p,
            (None, Some(p)) if p.currency == currency => currency.from_minor(p.unit_price_minor),
            (None, Some(p)) => {
                errors.add(&field("unit_price"), format!("is required: the product is priced in {}", p.currency));
                Default::default()
            }
            (None, None) => Default::default(),
        };
        let rate = match d.tax_rate_id.or(product.map(|p| p.tax_rate_id)) {
            Some(id) => match rates.get(&id) {
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
        let or_product = |typed: &str, from: fn(&ProductRow) -> &str| {
            if typed.is_empty() {
                product.map(|p| from(p).to_string()).unwrap_or_default()
            } else {
                typed.to_string()
            }
        };
        let input = LineInput {
            quantity: d.quantity,
            unit_price,
            discount_percent: d.discount_percent,
            tax_rate_percent: rate.map(|r| r.percent()).unwrap_or_default(),
        };
        // A typed price was checked with its quantity already; the product's price only now.
        if d.unit_price.is_none() && try_line_net(currency, &input).is_none() {
            errors.add(&field("quantity"), line_too_large(currency));
        }
        priced.push(PricedLine {
            product_id: d.product_id,
            description: or_product(&d.description, |p| &p.name),
            unit: or_product(&d.unit, |p| &p.unit),
            tax_rate_id: rate.map(|r| r.id),
            source_line_id: None,
            input,
        });
    }
    Ok(priced)
}

fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The rows to store for priced lines (amounts in minor units, decimals as exact text) and the
/// document's totals, both from the one totals function. A line or sum past the bound is a 422
/// on `lines`, never an overflow.
pub fn stored(currency: Currency, priced: &[PricedLine]) -> Result<(Vec<NewLine>, DocumentTotals), AppError> {
    let t = try_totals(currency, priced)?;
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
    Ok((rows, t))
}

/// The totals of lines still being typed (a line editor's live preview): the same parsing and
/// totals as a save, nothing stored. Lines that do not parse yet are left out, but a number past
/// its bound is a 422 naming the field, as the save would answer: the preview must not show a
/// total the save refuses.
pub async fn quote(pool: &Pool, currency: Currency, lines: &[LineForm]) -> Result<DocumentTotals, AppError> {
    // The editor posts its spare blank rows too: only typed rows count against the cap.
    let typed = lines.iter().filter(|l| !l.is_blank()).count();
    if typed > MAX_LINES {
        return Err(AppError::field("lines", too_many_lines(typed)));
    }
    let rates = db::tax_rates::all(pool).await?;
    let mut inputs = vec![];
    let mut rows = vec![];
    let mut too_large = FieldErrors::default();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        // A line being typed may have no description yet: it still has a price.
        let mut l = l.clone();
        if l.description.trim().is_empty() {
            l.description = "-".into();
        }
        let mut e = FieldErrors::default();
        let parsed = parse_lines(std::slice::from_ref(&l), currency, &mut e);
        let clean = e.is_empty();
        for (field, messages) in e.0 {
            for m in messages.into_iter().filter(|m| is_too_large(m)) {
                too_large.add(&field.replacen("lines[0]", &format!("lines[{i}]"), 1), m);
            }
        }
        let (Some(d), true) = (parsed.first(), clean) else { continue };
        let rate =
            d.tax_rate_id.and_then(|id| rates.iter().find(|r| r.id == id)).map(|r| r.percent()).unwrap_or_default();
        inputs.push(LineInput {
            quantity: d.quantity,
            unit_price: d.unit_price.unwrap_or_default(),
            discount_percent: d.discount_percent,
            tax_rate_percent: rate,
        });
        rows.push(i);
    }
    if !too_large.is_empty() {
        return Err(too_large.into());
    }
    try_document_totals(currency, &inputs).map_err(|t| match t {
        TooLarge::Line(k) => AppError::field(&format!("lines[{}].quantity", rows[k]), line_too_large(currency)),
        TooLarge::Document => AppError::field("lines", document_too_large(currency)),
    })
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

/// A stored line as its form again, at its stored price: what a document made from another one
/// starts from (an order from a deal, a contract from an order, a renewal deal from a contract).
pub fn form_of(currency: Currency, l: &db::lines::LineRow) -> LineForm {
    let price = currency.from_minor(l.unit_price_minor).to_string();
    LineForm::stored(l.product_id, &l.description, &l.quantity, &l.unit, &price, &l.discount_percent, l.tax_rate_id)
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
