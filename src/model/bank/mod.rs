//! Bank reconciliation as forms and pages see it: bank accounts with the layout of their
//! statement CSVs (`csv`), statements (`statements`), statement lines with their scored
//! candidates and the forms that resolve a line (`lines`), and the reconciliation report.
//! `crate::model::bank::X` names every type, wherever it lives.
use serde::{Deserialize, Serialize};

pub mod csv;
pub mod lines;
pub mod statements;

pub use csv::*;
pub use lines::*;
pub use statements::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankAccountDto {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub iban: String,
    /// The layout as its form shows it.
    pub form: BankAccountForm,
    pub unmatched_lines: i64,
}

/// Unreconciled lines and payments of a bank account, and their difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReconcileReport {
    pub bank_account: BankAccountDto,
    pub unmatched_lines: i64,
    pub unmatched_lines_total: String,
    pub unreconciled_payments: i64,
    pub unreconciled_payments_total: String,
    /// Lines minus payments: money on the statement with no payment, less payments not yet seen
    /// on the statement.
    pub difference: String,
    pub lines: Vec<StatementLineDto>,
    pub payments: Vec<crate::model::payment::PaymentDto>,
    pub statements: Vec<StatementDto>,
}
