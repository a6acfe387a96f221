//! What the reconciliation pages show, each assembled by one service call (`service::bank::views`):
//! the workbench, a statement and a statement line with its candidates.
use crate::model::bank::{
    BankAccountDto, BankAccountForm, CandidateDto, ReconcileReport, StatementDto, StatementLineDto, StatementPreview,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkbenchView {
    pub accounts: Vec<BankAccountDto>,
    /// The chosen bank account's report (the first account when none was chosen).
    pub report: Option<ReconcileReport>,
    pub can_manage: bool,
    /// A new bank account's form, filled with a common layout.
    pub blank: BankAccountForm,
}

/// A bank statement's page (not the customer statement of `model::payment::StatementView`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankStatementView {
    pub statement: StatementDto,
    /// A staged statement's preview.
    pub preview: Option<StatementPreview>,
    /// An imported statement's lines (of the chosen status).
    pub lines: Vec<StatementLineDto>,
    pub status: String,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankLineView {
    pub line: StatementLineDto,
    pub candidates: Vec<CandidateDto>,
    /// Accounts billed in the line's currency, for the credit of a split.
    pub accounts: Vec<(i64, String)>,
    pub can_manage: bool,
}
