//! The pieces of REST request bodies that several resources share: decimal text, a priced line
//! (opportunities, orders, invoices, credit notes), a quantity of an existing line, and the PATCH
//! overlay of a sent field onto a stored form.
use crate::model::lines::{LineForm, LineQuantityForm};
use serde::Deserialize;

/// A decimal sent as a JSON string ("12.50") or, accepted for convenience, a number (12.5).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum DecimalText {
    Text(String),
    #[schema(value_type = f64)]
    Number(serde_json::Number),
}

impl DecimalText {
    /// The decimal's text: a number is taken as its shortest decimal text (no float arithmetic).
    pub fn text(self) -> String {
        match self {
            DecimalText::Text(s) => s,
            DecimalText::Number(n) => n.to_string(),
        }
    }
}

/// PATCH semantics: a field sent replaces the stored form's text; a field left out keeps it.
pub fn overlay(dst: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *dst = v;
    }
}

/// `overlay` for a number sent as JSON (an id, days, a percentage) into a form's text field.
pub fn overlay_number(dst: &mut String, value: Option<i64>) {
    overlay(dst, value.map(|i| i.to_string()));
}

/// A document's lines under PATCH semantics: `lines` sent replace all of them, left out keep `current`.
pub fn overlay_lines(sent: Option<Vec<LineBody>>, current: Vec<LineForm>) -> Vec<LineForm> {
    match sent {
        Some(ls) => ls.into_iter().map(LineForm::from).collect(),
        None => current,
    }
}

/// A priced line as sent; what is left out comes from the product.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineBody {
    pub product_id: Option<i64>,
    /// Defaults to the product's name.
    pub description: Option<String>,
    pub quantity: DecimalText,
    /// pcs, h, month…; defaults to the product's unit.
    pub unit: Option<String>,
    /// Defaults to the product's price.
    pub unit_price: Option<DecimalText>,
    pub discount_percent: Option<DecimalText>,
    /// Defaults to the product's tax rate.
    pub tax_rate_id: Option<i64>,
}

impl From<LineBody> for LineForm {
    fn from(l: LineBody) -> LineForm {
        LineForm {
            product_id: l.product_id.map(|i| i.to_string()).unwrap_or_default(),
            description: l.description.unwrap_or_default(),
            quantity: l.quantity.text(),
            unit: l.unit.unwrap_or_default(),
            unit_price: l.unit_price.map(DecimalText::text).unwrap_or_default(),
            discount_percent: l.discount_percent.map(DecimalText::text).unwrap_or_default(),
            tax_rate_id: l.tax_rate_id.map(|i| i.to_string()).unwrap_or_default(),
        }
    }
}

/// A quantity of one of an order's lines, to invoice.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineQuantityBody {
    pub line_id: i64,
    pub quantity: DecimalText,
}

// The same shape as `LineQuantityBody`, kept apart for its own name in the OpenAPI document.
/// A quantity of one of an order's lines, to ship.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentLineBody {
    pub line_id: i64,
    pub quantity: DecimalText,
}

impl From<LineQuantityBody> for LineQuantityForm {
    fn from(l: LineQuantityBody) -> LineQuantityForm {
        LineQuantityForm { line_id: l.line_id.to_string(), quantity: l.quantity.text() }
    }
}

impl From<ShipmentLineBody> for LineQuantityForm {
    fn from(l: ShipmentLineBody) -> LineQuantityForm {
        LineQuantityForm { line_id: l.line_id.to_string(), quantity: l.quantity.text() }
    }
}
