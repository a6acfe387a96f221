//! Bank statements: staged for a preview, then imported; the statement and its preview as
//! pages see them.
use crate::model::enum_macro::string_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// Where a statement stands: staged (its file checked and waiting for its preview to be
    /// confirmed) or imported (its lines are in).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum StatementStatus {
        Staged = ("staged", "Waiting for import"),
        Imported = ("imported", "Imported"),
    }
    parse_error = "must be staged or imported";
}

/// What happens to a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementEvent {
    /// Its new lines are imported.
    Import,
    /// It is dropped (the row goes; nothing of it was imported).
    Discard,
}

impl StatementStatus {
    /// The machine: staged → imported, or discarded (deleted) while staged; an imported
    /// statement stays. `Discard` answers `Staged`: the status the statement had when it went.
    pub fn transition(self, event: StatementEvent) -> Result<StatementStatus, String> {
        match (self, event) {
            (StatementStatus::Staged, StatementEvent::Import) => Ok(StatementStatus::Imported),
            (StatementStatus::Staged, StatementEvent::Discard) => Ok(StatementStatus::Staged),
            (StatementStatus::Imported, StatementEvent::Import) => Err("this statement is imported already".into()),
            (StatementStatus::Imported, StatementEvent::Discard) => {
                Err("an imported statement stays: reopen or ignore its lines instead".into())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementDto {
    pub id: i64,
    pub bank_account_id: i64,
    pub bank_account_name: String,
    pub file_name: String,
    /// "staged" (waiting for its preview to be confirmed) or "imported".
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "imported"))]
    pub status: StatementStatus,
    pub line_count: i64,
    pub skipped_count: i64,
    pub unmatched_count: i64,
    pub created_at: DateTime<Utc>,
    pub imported_at: Option<DateTime<Utc>>,
}

/// A parsed statement row in the preview; `duplicate` rows were imported before and are skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewLine {
    pub line_no: i64,
    pub booked_on: NaiveDate,
    pub amount_label: String,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    pub duplicate: bool,
}

/// One row of a statement file once read with its bank account's layout
/// (`service::bank::statement_csv::parse`), before it is stored as a statement line.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedLine {
    pub line_no: i64,
    pub booked_on: NaiveDate,
    /// Signed minor units: money in is positive.
    pub amount_minor: i64,
    pub description: String,
    pub counterparty: String,
    pub reference: String,
    /// The same row in a later file has the same fingerprint: re-imports skip it.
    pub fingerprint: String,
}

/// A problem in a statement file, by its line number in the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineError {
    pub line: i64,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementPreview {
    pub statement: StatementDto,
    /// The first rows (all when few).
    pub lines: Vec<PreviewLine>,
    pub total: i64,
    pub new_count: i64,
    pub duplicate_count: i64,
    pub errors: Vec<LineError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_statement_is_imported_or_discarded_once() {
        use StatementEvent as E;
        use StatementStatus as S;
        assert_eq!(S::Staged.transition(E::Import), Ok(S::Imported));
        assert_eq!(S::Staged.transition(E::Discard), Ok(S::Staged));
        assert_eq!(S::Imported.transition(E::Import).unwrap_err(), "this statement is imported already");
        assert!(S::Imported.transition(E::Discard).unwrap_err().contains("an imported statement stays"));
        assert_eq!(serde_json::to_string(&S::Staged).unwrap(), "\"staged\"");
    }
}
