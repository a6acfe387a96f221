//! What the sales order pages show, each assembled by one service call
//! (`service::sales_order_views`): the detail page, the editor and the new-order page.
use crate::model::lines::TotalsView;
use crate::model::pickers::Catalog;
use crate::model::sales_order::{OrderEvent, OrderForm, SalesOrderDto, SalesOrderLineDto, ShipmentDto};
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

/// What the order editor offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderEditorData {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    /// The account's contacts: (id, name).
    pub contacts: Vec<(i64, String)>,
    /// The account's won opportunities: (id, name).
    pub opportunities: Vec<(i64, String)>,
    pub owners: Vec<(i64, String)>,
    pub can_choose_owner: bool,
    pub catalog: Catalog,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub order: SalesOrderDto,
    pub lines: Vec<SalesOrderLineDto>,
    pub totals: TotalsView,
    /// The events the machine allows now, for this user.
    pub actions: Vec<OrderEvent>,
    /// Shipments may be recorded now by this user.
    pub can_ship: bool,
    /// Shipments may be cancelled now by this user (the order is not closed).
    pub can_cancel_shipments: bool,
    pub shipments: Vec<ShipmentDto>,
    pub events: Vec<TimelineEvent>,
    /// For the edit form: only drafts, only for those who may change the order.
    pub editor: Option<OrderEditorData>,
    /// The order's invoices (empty without access to invoices).
    pub invoices: Vec<crate::model::invoice::InvoiceDto>,
    /// The user may invoice it now (confirmed or later, not fully invoiced).
    pub can_invoice: bool,
    /// The user may enter a maintenance contract from it (confirmed or later).
    pub can_create_contract: bool,
}

/// The new-order page: the editor for the chosen account, or the accounts to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOrderPageData {
    /// (id, name) of active accounts the user may order for, when none is chosen yet.
    pub accounts: Vec<(i64, String)>,
    pub editor: Option<OrderEditorData>,
    /// The chosen account's defaults as the form starts.
    pub form: OrderForm,
}
