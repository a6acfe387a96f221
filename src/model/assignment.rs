//! Assignments: an employee's workload as the assignments page shows it.
use serde::{Deserialize, Serialize};

/// One employee's book of work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    /// Active accounts they own.
    pub accounts: i64,
    pub open_opportunities: i64,
    /// Open pipeline per currency, formatted ("12,000.00 EUR").
    pub open_amounts: Vec<String>,
    /// Open, in-progress and waiting tickets assigned to them.
    pub open_tickets: i64,
}
