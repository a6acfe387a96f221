//! Document lines shared by opportunities, sales orders and (later) invoices: the line as typed,
//! its checks, the priced line, and the totals as people read them. Totals always come from
//! `money::document_totals`.
use super::money::{
    document_totals, parse_decimal, try_document_totals, try_line_net, Currency, DocumentTotals, LineInput, TooLarge,
};
use super::validate::{optional_id, refuse_nul, too_large, FieldErrors};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One line as typed. An all-empty line (a spare row of the form) is skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub product_id: String,
    pub description: String,
    pub quantity: String,
    /// pcs, h, month…; empty takes the product's unit. Opportunities do not keep it.
    pub unit: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_rate_id: String,
}

impl LineForm {
    /// A stored line as its form again (editing a draft, a PATCH without `lines`).
    pub fn stored(
        product_id: Option<i64>,
        description: &str,
        quantity: &str,
        unit: &str,
        unit_price: &str,
        discount_percent: &str,
        tax_rate_id: Option<i64>,
    ) -> LineForm {
        let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
        LineForm {
            product_id: id(product_id),
            description: description.to_string(),
            quantity: quantity.to_string(),
            unit: unit.to_string(),
            unit_price: unit_price.to_string(),
            discount_percent: discount_percent.to_string(),
            tax_rate_id: id(tax_rate_id),
        }
    }

    pub fn is_blank(&self) -> bool {
        [&self.product_id, &self.description, &self.quantity, &self.unit_price, &self.discount_percent]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// A checked line before the product and tax rate are looked up: prices may still be missing
/// (taken from the product), the description may be empty when a product is chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct LineDraft {
    /// The line's row in the form (or the API's array), for errors found after parsing.
    pub row: usize,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Option<Decimal>,
    pub discount_percent: Decimal,
    pub tax_rate_id: Option<i64>,
}

/// The most decimals a quantity may have (stored exactly; 0.0001 h is finer than anyone bills).
pub const QUANTITY_DECIMALS: u32 = 4;

/// The largest quantity of one line (10⁹): with prices up to `money::MAX_MINOR` the product stays
/// well inside what `Decimal` holds, so the totals' checks see an honest "too large".
pub const MAX_QUANTITY: i64 = 1_000_000_000;

/// The most lines one document (and one live quote) takes; more is a mistake or an attack, and
/// a PDF of it would not be read anyway.
pub const MAX_LINES: usize = 500;

/// The most decimals a discount may have (it is a percentage: 12.5 %, 33.3333 %).
pub const DISCOUNT_DECIMALS: u32 = 4;

/// The error on `lines` when a document has more than `MAX_LINES` rows.
pub fn too_many_lines(n: usize) -> String {
    format!("a document may have at most {MAX_LINES} lines, and this one has {n}")
}

/// The error on `lines` when each line fits but the document's sums do not.
pub fn document_too_large(currency: Currency) -> String {
    format!("the document comes to more than {}: split it", currency.format(currency.max_amount()))
}

/// A quantity typed by a person: a number above zero, at most `MAX_QUANTITY`, at most four
/// decimals.
pub fn parse_quantity(s: &str) -> Result<Decimal, String> {
    match parse_decimal(s) {
        Ok(q) if q <= Decimal::ZERO => Err("must be more than 0".into()),
        Ok(q) => bounded_quantity(q),
        Err(m) => Err(m),
    }
}

/// A positive quantity within `MAX_QUANTITY` and `QUANTITY_DECIMALS`, normalised.
fn bounded_quantity(q: Decimal) -> Result<Decimal, String> {
    if q > Decimal::from(MAX_QUANTITY) {
        Err(too_large("1,000,000,000"))
    } else if q.normalize().scale() > QUANTITY_DECIMALS {
        Err("may have at most 4 decimals".into())
    } else {
        Ok(q.normalize())
    }
}

/// The field error for a line whose quantity × price × (1 − discount) is past the bound: it names
/// the quantity, the factor people most often mistype.
pub fn line_too_large(currency: Currency) -> String {
    too_large(&format!("{} for quantity × unit price", currency.format(currency.max_amount())))
}

/// Checks the lines; errors are named `lines[i].field` after the row's position in the form.
/// More than `MAX_LINES` rows (blank ones aside) is one error on `lines`.
pub fn parse_lines(lines: &[LineForm], currency: Currency, e: &mut FieldErrors) -> Vec<LineDraft> {
    let typed = lines.iter().filter(|l| !l.is_blank()).count();
    if typed > MAX_LINES {
        e.add("lines", too_many_lines(typed));
        return vec![];
    }
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product_id = optional_id(e, &field("product_id"), &l.product_id);
        let description = l.description.trim().to_string();
        if description.is_empty() && product_id.is_none() {
            e.add(&field("description"), "is required when no product is chosen");
        } else if description.chars().count() > 500 {
            e.add(&field("description"), "must be at most 500 characters");
        } else {
            refuse_nul(e, &field("description"), &description);
        }
        let quantity = parse_quantity(&l.quantity).unwrap_or_else(|m| {
            e.add(&field("quantity"), m);
            Decimal::ZERO
        });
        let unit = l.unit.trim().to_string();
        if unit.chars().count() > 20 {
            e.add(&field("unit"), "must be at most 20 characters");
        } else {
            refuse_nul(e, &field("unit"), &unit);
        }
        let unit_price = match l.unit_price.trim() {
            "" if product_id.is_some() => None,
            p => match parse_decimal(p) {
                Ok(d) if d.is_sign_negative() => {
                    e.add(&field("unit_price"), "must not be negative");
                    None
                }
                Ok(d) if d.normalize().scale() > currency.minor_units() => {
                    e.add(&field("unit_price"), format!("has more decimals than {currency} allows"));
                    None
                }
                Ok(d) => match currency.bounded(d) {
                    Ok(d) => Some(d),
                    Err(m) => {
                        e.add(&field("unit_price"), m);
                        None
                    }
                },
                Err(m) => {
                    e.add(&field("unit_price"), m);
                    None
                }
            },
        };
        let discount_percent = match l.discount_percent.trim() {
            "" => Decimal::ZERO,
            d => match parse_decimal(d) {
                Ok(d) if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED => {
                    e.add(&field("discount_percent"), "must be from 0 to 100");
                    Decimal::ZERO
                }
                Ok(d) if d.normalize().scale() > DISCOUNT_DECIMALS => {
                    e.add(&field("discount_percent"), "may have at most 4 decimals");
                    Decimal::ZERO
                }
                Ok(d) => d,
                Err(m) => {
                    e.add(&field("discount_percent"), m);
                    Decimal::ZERO
                }
            },
        };
        let tax_rate_id = optional_id(e, &field("tax_rate_id"), &l.tax_rate_id);
        if tax_rate_id.is_none() && product_id.is_none() && l.tax_rate_id.trim().is_empty() {
            e.add(&field("tax_rate_id"), "is required");
        }
        if let Some(price) = unit_price {
            let line = LineInput { quantity, unit_price: price, discount_percent, tax_rate_percent: Decimal::ZERO };
            if try_line_net(currency, &line).is_none() {
                e.add(&field("quantity"), line_too_large(currency));
            }
        }
        out.push(LineDraft {
            row: i,
            product_id,
            description,
            quantity,
            unit,
            unit_price,
            discount_percent,
            tax_rate_id,
        });
    }
    out
}

/// Lines as a GET form carries them (`lines[i][field]` in a query string: a preview page's),
/// in row order; rows the form did not send, and the editor's blank rows, are skipped.
pub fn lines_from_query(get: impl Fn(&str) -> Option<String>) -> Vec<LineForm> {
    (0..MAX_LINES)
        .filter_map(|i| {
            let f = |name: &str| get(&format!("lines[{i}][{name}]"));
            let l = LineForm {
                product_id: f("product_id")?,
                description: f("description").unwrap_or_default(),
                quantity: f("quantity").unwrap_or_default(),
                unit: f("unit").unwrap_or_default(),
                unit_price: f("unit_price").unwrap_or_default(),
                discount_percent: f("discount_percent").unwrap_or_default(),
                tax_rate_id: f("tax_rate_id").unwrap_or_default(),
            };
            (!l.is_blank()).then_some(l)
        })
        .collect()
}

/// A quantity of one line of another document, as typed: shipping or invoicing an order line,
/// crediting an invoice line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineQuantityForm {
    pub line_id: String,
    pub quantity: String,
}

/// A checked line quantity; `index` is its row in the form (or the API's array), for errors.
#[derive(Clone, Debug, PartialEq)]
pub struct LineQuantity {
    pub index: usize,
    pub line_id: i64,
    pub quantity: Decimal,
}

/// Checks line quantities: empty or zero rows are skipped, negative, malformed or repeated ones
/// are named `lines[i].quantity` / `lines[i].line_id`.
pub fn parse_line_quantities(lines: &[LineQuantityForm], e: &mut FieldErrors) -> Vec<LineQuantity> {
    let mut out: Vec<LineQuantity> = Vec::new();
    if lines.len() > MAX_LINES {
        e.add("lines", too_many_lines(lines.len()));
        return out;
    }
    for (i, l) in lines.iter().enumerate() {
        let field = format!("lines[{i}].quantity");
        let quantity = match l.quantity.trim() {
            "" => continue,
            q => match parse_decimal(q) {
                Ok(q) if q.is_sign_negative() => {
                    e.add(&field, "must not be negative");
                    continue;
                }
                Ok(q) if q.is_zero() => continue,
                Ok(q) => match bounded_quantity(q) {
                    Ok(q) => q,
                    Err(m) => {
                        e.add(&field, m);
                        continue;
                    }
                },
                Err(m) => {
                    e.add(&field, m);
                    continue;
                }
            },
        };
        match optional_id(e, &format!("lines[{i}].line_id"), &l.line_id) {
            Some(id) if out.iter().any(|x| x.line_id == id) => e.add(&field, "names a line twice"),
            Some(line_id) => out.push(LineQuantity { index: i, line_id, quantity }),
            None => e.add(&format!("lines[{i}].line_id"), "is required"),
        }
    }
    out
}

/// A line with everything known, ready for the totals.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedLine {
    pub product_id: Option<i64>,
    pub description: String,
    pub unit: String,
    pub tax_rate_id: Option<i64>,
    pub input: LineInput,
    /// The line of another document it comes from (an order line being invoiced).
    pub source_line_id: Option<i64>,
}

/// The totals of priced lines, by the one totals function (for lines already checked).
pub fn totals(currency: Currency, lines: &[PricedLine]) -> DocumentTotals {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input.clone()).collect();
    document_totals(currency, &inputs)
}

/// The totals of priced lines, or the error on `lines` saying which line or sum is too large
/// (typed lines were checked by row already; this catches sums and lines taken from another
/// document).
pub fn try_totals(currency: Currency, lines: &[PricedLine]) -> Result<DocumentTotals, FieldErrors> {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input.clone()).collect();
    try_document_totals(currency, &inputs).map_err(|t| {
        let max = currency.format(currency.max_amount());
        let message = match t {
            TooLarge::Line(i) => {
                format!("line {} ({}) comes to more than {max}", i + 1, lines[i].description)
            }
            TooLarge::Document => document_too_large(currency),
        };
        FieldErrors::single("lines", message)
    })
}

/// Where a line editor's currency comes from when the form lets it change (the opportunity form):
/// the ids of its account select and currency input, their first values, and each account's
/// currency.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrencyFollow {
    pub account_field: String,
    pub currency_field: String,
    pub account_id: String,
    pub currency: String,
    pub accounts: Vec<(String, String)>,
}

/// Totals formatted for people: subtotal, one row per tax rate, tax total, total.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TotalsView {
    pub subtotal: String,
    /// (rate label, tax) per rate, e.g. ("20 % on 539.97 EUR", "107.99 EUR").
    pub taxes: Vec<(String, String)>,
    pub tax_total: String,
    pub total: String,
}

impl TotalsView {
    pub fn new(c: Currency, t: &DocumentTotals) -> TotalsView {
        TotalsView {
            subtotal: c.format(t.subtotal),
            taxes: t
                .taxes
                .iter()
                .map(|x| (format!("{} % on {}", x.rate_percent.normalize(), c.format(x.base)), c.format(x.tax)))
                .collect(),
            tax_total: c.format(t.tax_total),
            total: c.format(t.total),
        }
    }
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
