//! What the payment pages show, each assembled by one service call (`service::payments::views`):
//! the record-payment page and the payment's detail page.
use crate::model::payment::{AllocationDto, OpenInvoice, PaymentDto, RefundDto};
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

/// What the record-payment page offers: accounts to choose from, or the chosen account's open
/// invoices, its currency, and a fresh one-time key for the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentFormData {
    pub accounts: Vec<(i64, String)>,
    pub account: Option<(i64, String, String)>,
    pub invoices: Vec<OpenInvoice>,
    pub form_key: String,
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    pub payment: PaymentDto,
    pub allocations: Vec<AllocationDto>,
    pub refunds: Vec<RefundDto>,
    /// Open invoices of the account the unallocated amount can go to.
    pub open_invoices: Vec<OpenInvoice>,
    pub can_manage: bool,
    pub events: Vec<TimelineEvent>,
}
