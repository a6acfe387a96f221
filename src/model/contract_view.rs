//! What the contract pages show, each assembled by one service call
//! (`service::contract_views`): the detail page, the editor and the new-contract page.
use crate::model::contract::{ContractDto, ContractEvent, ContractForm, ContractLineDto, RenewalPreviewDto, TermDto};
use crate::model::lines::{LineForm, TotalsView};
use crate::model::pickers::Catalog;
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

/// What the contract editor offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractEditorData {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    /// The account's contacts: (id, name).
    pub contacts: Vec<(i64, String)>,
    pub owners: Vec<(i64, String)>,
    pub can_choose_owner: bool,
    /// Start, term length and billing change only while the contract is pending.
    pub schedule_editable: bool,
    pub catalog: Catalog,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractView {
    pub contract: ContractDto,
    /// The covered lines: the next term's lines before uplift.
    pub lines: Vec<ContractLineDto>,
    pub totals: TotalsView,
    /// Newest first.
    pub terms: Vec<TermDto>,
    /// The events the machine allows now, for this user.
    pub actions: Vec<ContractEvent>,
    /// What renewing now would write (when renewing is allowed).
    pub preview: Option<RenewalPreviewDto>,
    pub events: Vec<TimelineEvent>,
    /// For the edit form: only for those who may change the contract, until it ends.
    pub editor: Option<ContractEditorData>,
    /// The month-end rule in words, shown beside the terms.
    pub month_end_rule: String,
    /// Whether this user may change the running term now (active, not renewed ahead).
    pub changeable: bool,
}

/// The change-within-the-term page: the running term and its lines, what may be added, and the
/// preview of the change as typed (or why it cannot be made).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractChangePage {
    pub contract: ContractDto,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    /// The day the form starts with: today, within the running term.
    pub suggested_date: chrono::NaiveDate,
    /// The running term's lines, with the ids the quantities name.
    pub term_lines: Vec<ContractLineDto>,
    pub catalog: Catalog,
    pub convention: String,
    pub preview: Option<crate::model::contract_change::ChangePreviewDto>,
    pub error: Option<crate::error::AppError>,
}

/// The new-contract page: the editor for the chosen account (and the order it comes from), or
/// the accounts to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewContractPageData {
    /// (id, name) of active accounts, when none is chosen yet.
    pub accounts: Vec<(i64, String)>,
    pub editor: Option<ContractEditorData>,
    /// The form as it starts: the account's defaults, or the order's.
    pub form: ContractForm,
    /// The order's service lines, when the contract comes from an order.
    pub lines: Vec<LineForm>,
    /// The order it comes from: (id, number).
    pub from_order: Option<(i64, String)>,
}

/// The dashboard's renewal figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenewalOverview {
    /// Active contracts whose term ends in the next 90 days, and their value per currency.
    pub due_count: i64,
    pub due_value: Vec<String>,
    /// Terms that came due in the last 12 months, and how many of them renewed.
    pub renewed: i64,
    pub came_due: i64,
    /// The value of the terms that ended unrenewed (expired or cancelled) in that time.
    pub churned_value: Vec<String>,
    /// Active contracts' current terms scaled to a year, per currency.
    pub annual_value: Vec<String>,
}

impl RenewalOverview {
    /// Renewed ÷ due as a whole percentage, or None when nothing came due.
    pub fn rate(&self) -> Option<i64> {
        (self.came_due > 0).then(|| (self.renewed * 100 + self.came_due / 2) / self.came_due)
    }
}
