//! Document lines shared by opportunities, sales orders and (later) invoices: the line as typed,
//! its checks, the priced line, and the totals as people read them. Totals always come from
//! `money::document_totals`.
use super::money::{document_totals, parse_decimal, Currency, DocumentTotals, LineInput};
use super::validate::{optional_id, FieldErrors};
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

/// A quantity typed by a person: a number above zero with at most four decimals.
pub fn parse_quantity(s: &str) -> Result<Decimal, String> {
    match parse_decimal(s) {
        Ok(q) if q <= Decimal::ZERO => Err("must be more than 0".into()),
        Ok(q) if q.normalize().scale() > QUANTITY_DECIMALS => Err("may have at most 4 decimals".into()),
        Ok(q) => Ok(q.normalize()),
        Err(m) => Err(m),
    }
}

/// Checks the lines; errors are named `lines[i].field` after the row's position in the form.
pub fn parse_lines(lines: &[LineForm], currency: Currency, e: &mut FieldErrors) -> Vec<LineDraft> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product_id = optional_id(e, &field("product_id"), &l.product_id);
        let description = l.description.trim().to_string();
        if description.is_empty() && product_id.is_none() {
            e.add(&field("description"), "is required when no product is chosen");
        } else if description.chars().count() > 500 {
            e.add(&field("description"), "must be at most 500 characters");
        }
        let quantity = parse_quantity(&l.quantity).unwrap_or_else(|m| {
            e.add(&field("quantity"), m);
            Decimal::ZERO
        });
        let unit = l.unit.trim().to_string();
        if unit.chars().count() > 20 {
            e.add(&field("unit"), "must be at most 20 characters");
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
                Ok(d) => Some(d),
                Err(m) => {
                    e.add(&field("unit_price"), m);
                    None
                }
            },
        };
        let discount_percent = match l.discount_percent.trim() {
            "" => Decimal::ZERO,
            d => match parse_decimal(d) {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED => d,
                Ok(_) => {
                    e.add(&field("discount_percent"), "must be from 0 to 100");
                    Decimal::ZERO
                }
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
        out.push(LineDraft { product_id, description, quantity, unit, unit_price, discount_percent, tax_rate_id });
    }
    out
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
    for (i, l) in lines.iter().enumerate() {
        let field = format!("lines[{i}].quantity");
        let quantity = match l.quantity.trim() {
            "" => continue,
            q => match parse_decimal(q) {
                Ok(q) if q.is_sign_negative() => {
                    e.add(&field, "must not be negative");
                    continue;
                }
                Ok(q) if q.normalize().scale() > QUANTITY_DECIMALS => {
                    e.add(&field, "may have at most 4 decimals");
                    continue;
                }
                Ok(q) if q.is_zero() => continue,
                Ok(q) => q.normalize(),
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

/// The totals of priced lines, by the one totals function.
pub fn totals(currency: Currency, lines: &[PricedLine]) -> DocumentTotals {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input.clone()).collect();
    document_totals(currency, &inputs)
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
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn line_errors_are_named_by_row_and_blank_rows_are_skipped() {
        let lines = vec![
            LineForm {
                description: "Setup".into(),
                quantity: "0".into(),
                unit_price: "-5".into(),
                discount_percent: "150".into(),
                tax_rate_id: "abc".into(),
                unit: "x".repeat(21),
                ..Default::default()
            },
            LineForm::default(),
            LineForm {
                description: "Ok".into(),
                quantity: "2".into(),
                unit_price: "10.005".into(),
                tax_rate_id: "1".into(),
                ..Default::default()
            },
        ];
        let mut e = FieldErrors::default();
        let drafts = parse_lines(&lines, Currency::EUR, &mut e);
        assert_eq!(drafts.len(), 2);
        for f in [
            "lines[0].quantity",
            "lines[0].unit_price",
            "lines[0].discount_percent",
            "lines[0].tax_rate_id",
            "lines[0].unit",
            "lines[2].unit_price",
        ] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        assert!(e.get("lines[1].quantity").is_none(), "the blank row is ignored");
    }

    #[test]
    fn line_quantities_keep_positive_ones_once() {
        let l = |id: &str, q: &str| LineQuantityForm { line_id: id.into(), quantity: q.into() };
        let mut e = FieldErrors::default();
        let ok = parse_line_quantities(&[l("4", "1.5"), l("5", ""), l("6", "0"), l("4", "1")], &mut e);
        assert_eq!(ok, vec![LineQuantity { index: 0, line_id: 4, quantity: dec("1.5") }]);
        assert!(e.get("lines[3].quantity").is_some(), "twice");
        let mut e = FieldErrors::default();
        parse_line_quantities(&[l("4", "-1"), l("x", "1"), l("5", "0.00001")], &mut e);
        assert!(e.get("lines[0].quantity").is_some() && e.get("lines[1].line_id").is_some());
        assert!(e.get("lines[2].quantity").is_some());
    }

    #[test]
    fn quantities_are_positive_with_at_most_four_decimals() {
        assert_eq!(parse_quantity("2.50").unwrap(), dec("2.5"));
        assert_eq!(parse_quantity("0.0001").unwrap(), dec("0.0001"));
        for bad in ["0", "-1", "0.00001", "abc", ""] {
            assert!(parse_quantity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn two_lines_with_a_discount_and_two_rates_total_exactly() {
        let line = |q: &str, p: &str, d: &str, r: &str| PricedLine {
            product_id: None,
            description: "x".into(),
            unit: String::new(),
            tax_rate_id: None,
            source_line_id: None,
            input: LineInput {
                quantity: dec(q),
                unit_price: dec(p),
                discount_percent: dec(d),
                tax_rate_percent: dec(r),
            },
        };
        let t = totals(Currency::EUR, &[line("3", "199.99", "10", "20"), line("2.5", "80", "0", "7")]);
        // 3 × 199.99 × 0.9 = 539.973 → 539.97; 2.5 × 80 = 200.00
        assert_eq!(t.subtotal, dec("739.97"));
        // 20 % of 539.97 = 107.994 → 107.99; 7 % of 200 = 14.00
        assert_eq!(t.tax_total, dec("121.99"));
        assert_eq!(t.total, dec("861.96"));
        let v = TotalsView::new(Currency::EUR, &t);
        assert_eq!(v.taxes[1], ("20 % on 539.97 EUR".to_string(), "107.99 EUR".to_string()));
    }
}
