//! What forms offer to choose from: the line editors' catalogue (products and tax rates). The
//! server fills these (`server::service::pickers`); islands receive them as they are.
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

/// Values a server fn computed for a form's inputs (name, value), which `LiveForm` writes into the
/// form instead of leaving the page: e.g. "Allocate oldest due first" on the payment form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormFill {
    pub fill: Vec<(String, String)>,
}
