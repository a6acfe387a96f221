//! What a customer sees behind a ticket's link: where the ticket stands and its public thread
//! (internal notes never get this far), what they may do — reply, and rate it once resolved — and
//! the rating as typed, with its checks.
use super::validate::{integer_in, optional_text, FieldErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerTicket {
    pub company: String,
    /// TCK-YYYY-NNNNNN
    pub number: String,
    pub subject: String,
    /// "Open", "Waiting on customer", "Resolved", …
    pub status: String,
    /// The customer's own first message (the description of a ticket they opened by link or email;
    /// an employee's description of a ticket stays inside).
    pub request: Option<String>,
    /// The public replies, oldest first.
    pub comments: Vec<CustomerComment>,
    /// The files that came with public messages (downloads under `/t/{token}/files/{id}`).
    pub files: Vec<CustomerFile>,
    /// The ticket is resolved and not rated yet.
    pub can_rate: bool,
    /// The rating given (1–5) and its comment.
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub closed: bool,
    /// The number of the ticket a reply to this closed one opened: further replies go there.
    pub follow_up: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerFile {
    pub id: i64,
    pub name: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerComment {
    pub author_name: String,
    /// Written by the customer (through the link or by email), not by the company.
    pub from_customer: bool,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// Longest comment with a rating.
pub const MAX_RATING_COMMENT: usize = 2000;

/// A checked satisfaction rating.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingInput {
    pub rating: i64,
    pub comment: Option<String>,
}

impl RatingInput {
    /// `rating` from 1 to 5 (required); `comment` optional.
    pub fn parse(rating: &str, comment: &str) -> Result<RatingInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let rating = integer_in(&mut e, "rating", rating, 1, 5, None);
        let comment = optional_text(&mut e, "comment", comment, MAX_RATING_COMMENT);
        e.finish(|| RatingInput { rating, comment: (!comment.is_empty()).then_some(comment) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_a_whole_number_from_one_to_five_with_an_optional_comment() {
        assert_eq!(RatingInput::parse(" 5 ", ""), Ok(RatingInput { rating: 5, comment: None }));
        assert_eq!(
            RatingInput::parse("1", " Slow, but fixed "),
            Ok(RatingInput { rating: 1, comment: Some("Slow, but fixed".into()) })
        );
        for bad in ["0", "6", "", "4.5", "-1", "five"] {
            assert!(RatingInput::parse(bad, "").unwrap_err().get("rating").is_some(), "{bad:?}");
        }
        let long = "x".repeat(MAX_RATING_COMMENT + 1);
        assert!(RatingInput::parse("3", &long).unwrap_err().get("comment").is_some());
    }
}
