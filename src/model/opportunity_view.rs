//! What the opportunity pages show, each assembled by one service call
//! (`service::opportunity_views`): the detail page and the editor.
use crate::model::lines::TotalsView;
use crate::model::opportunity::{OpportunityDto, OpportunityLineDto, Stage};
use crate::model::pickers::Catalog;
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

/// What the opportunity editor needs to offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpportunityEditorData {
    /// (id, name, currency) of active accounts.
    pub accounts: Vec<(i64, String, String)>,
    pub catalog: Catalog,
    pub owners: Vec<(i64, String)>,
    pub can_choose_owner: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpportunityView {
    pub opportunity: OpportunityDto,
    pub lines: Vec<OpportunityLineDto>,
    pub totals: TotalsView,
    /// The stage moves the machine allows from here.
    pub next_stages: Vec<Stage>,
    pub can_edit: bool,
    pub events: Vec<TimelineEvent>,
    /// For the edit form; None when the user may not edit or the deal is closed.
    pub editor: Option<OpportunityEditorData>,
    /// Sales orders made from this deal (empty without access to orders).
    pub orders: Vec<crate::model::sales_order::SalesOrderDto>,
    /// Won, and the user may create orders.
    pub can_create_order: bool,
}
