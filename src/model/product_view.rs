//! What the product page shows, assembled by one service call (`service::product_views`): a
//! product with its timeline, or what the new-product form needs.
use crate::model::product::{ProductDto, TaxRateDto};
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductView {
    pub product: Option<ProductDto>,
    pub events: Vec<TimelineEvent>,
    pub can_edit: bool,
    /// Active tax rates to choose from: (id, "name (rate %)").
    pub tax_rates: Vec<(i64, String)>,
    pub default_currency: String,
    pub default_tax_rate_id: Option<i64>,
}

/// The tax rates page: the rates, whether this user may edit them, and the default one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxRateList {
    pub rates: Vec<TaxRateDto>,
    pub can_edit: bool,
    pub default_id: Option<i64>,
}
