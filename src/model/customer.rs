//! What a customer sees behind an emailed invoice link: the invoice as they need it, nothing more.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerInvoice {
    pub company: String,
    pub customer: String,
    pub number: String,
    /// "Sent", "Overdue", "Paid", …
    pub status: String,
    pub paid: bool,
    pub issue_date: String,
    pub due_date: String,
    pub total: String,
    pub amount_due: String,
    /// (description, quantity with unit, unit price, net)
    pub lines: Vec<(String, String, String, String)>,
    pub subtotal: String,
    pub taxes: Vec<(String, String)>,
    /// How to pay (bank details), if the company set them.
    pub payment: Option<String>,
    /// A question is open: reminders wait for the answer.
    pub disputed: bool,
}
