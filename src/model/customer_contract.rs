//! What a customer sees behind a contract's renewal link: the next term's dates, lines and
//! price beside today's, and whether they can still accept or decline.
use super::contract::PreviewLineDto;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerContract {
    pub company: String,
    pub number: String,
    pub title: String,
    pub account_name: String,
    pub currency: String,
    /// The running term's last day and the last day to give notice.
    pub end_date: NaiveDate,
    pub notice_date: NaiveDate,
    pub auto_renew: bool,
    /// The next term as renewing would write it.
    pub next_start: NaiveDate,
    pub next_end: NaiveDate,
    pub uplift_percent: String,
    pub uplift_reason: String,
    pub current_amount: String,
    pub amount: String,
    pub lines: Vec<PreviewLineDto>,
    /// Accept and decline are offered (the contract runs, is not renewed yet, not cancelling).
    pub can_decide: bool,
    /// What was decided, in words, once it was.
    pub decision: Option<String>,
}
