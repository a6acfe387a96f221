//! The opportunity stage machine: the six stages and the one `transition` every move goes through.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Stage {
        Prospecting = ("prospecting", "Prospecting"),
        Qualification = ("qualification", "Qualification"),
        Proposal = ("proposal", "Proposal"),
        Negotiation = ("negotiation", "Negotiation"),
        Won = ("won", "Won"),
        Lost = ("lost", "Lost"),
    }
    parse_error = "must be prospecting, qualification, proposal, negotiation, won or lost";
}

impl Stage {
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Won | Stage::Lost)
    }
    /// The probability a deal gets in this stage when nobody typed one.
    pub fn default_probability(self) -> i64 {
        match self {
            Stage::Prospecting => 10,
            Stage::Qualification => 20,
            Stage::Proposal => 50,
            Stage::Negotiation => 75,
            Stage::Won => 100,
            Stage::Lost => 0,
        }
    }
    /// What the button that moves a deal here says.
    pub fn action(self) -> &'static str {
        match self {
            Stage::Prospecting => "Reopen",
            Stage::Qualification => "Qualify",
            Stage::Proposal => "Send proposal",
            Stage::Negotiation => "Negotiate",
            Stage::Won => "Mark won",
            Stage::Lost => "Mark lost",
        }
    }
    /// The stages a deal may move to from here, in pipeline order.
    pub fn next(self) -> Vec<Stage> {
        Stage::ALL.into_iter().filter(|to| transition(self, *to).is_ok()).collect()
    }
}

/// The stage machine: open stages move freely among themselves or close as won or lost; won is
/// final (orders are made from it); lost can only be reopened to prospecting.
pub fn transition(from: Stage, to: Stage) -> Result<Stage, String> {
    let ok = match (from, to) {
        (f, t) if f == t => false,
        (Stage::Won, _) => false,
        (Stage::Lost, t) => t == Stage::Prospecting,
        _ => true,
    };
    if ok {
        Ok(to)
    } else {
        Err(format!("a {} opportunity cannot move to {}", from.as_str(), to.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_machine_allows_exactly_the_documented_moves() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let expected = from != to
                    && match from {
                        Stage::Won => false,
                        Stage::Lost => to == Stage::Prospecting,
                        _ => true,
                    };
                assert_eq!(transition(from, to).is_ok(), expected, "{from:?} → {to:?}");
            }
        }
        assert_eq!(Stage::Lost.next(), vec![Stage::Prospecting]);
        assert!(Stage::Won.next().is_empty());
    }
}
