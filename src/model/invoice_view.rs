//! What the invoice pages show, each assembled by one service call (`service::invoices::detail`
//! and friends): the detail page, the draft editor, the new-invoice page and the dashboard's aging.
use crate::model::invoice::{
    CreditNoteDto, DisputeDto, InvoiceDto, InvoiceEvent, InvoiceForm, InvoiceLineDto, LinkDto,
};
use crate::model::lines::TotalsView;
use crate::model::pickers::Catalog;
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

/// What the draft editor offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceEditorData {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    pub catalog: Catalog,
    /// A draft made from an order keeps the order's lines.
    pub lines_locked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub invoice: InvoiceDto,
    pub lines: Vec<InvoiceLineDto>,
    pub totals: TotalsView,
    /// The events the machine allows now, for this user.
    pub actions: Vec<InvoiceEvent>,
    pub can_manage: bool,
    /// Credit notes can be written now (issued and not void, for this user).
    pub can_credit: bool,
    pub credit_notes: Vec<CreditNoteDto>,
    pub links: Vec<LinkDto>,
    pub disputes: Vec<DisputeDto>,
    /// The account's contacts with an email, for "Send": (id, "name <email>").
    pub contacts: Vec<(i64, String)>,
    pub invoice_email: String,
    pub events: Vec<TimelineEvent>,
    pub editor: Option<InvoiceEditorData>,
    /// The payments allocated to it (pending ones do not count yet).
    pub payments: Vec<crate::model::payment::AllocationDto>,
    /// What pending payments would pay, formatted ("" when none).
    pub pending: String,
    pub can_record_payment: bool,
}

/// The new-invoice page: the editor for the chosen account, or the accounts to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewInvoicePageData {
    pub accounts: Vec<(i64, String)>,
    pub editor: Option<InvoiceEditorData>,
    pub form: InvoiceForm,
}

/// Open balances by aging bucket for the dashboard: (bucket label, invoices, balance) per currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgingView {
    pub currency: String,
    /// (label, invoices, balance formatted, balance in minor units for the bar length)
    pub buckets: Vec<(String, i64, String, i64)>,
}

/// What an order still has to invoice, for the "Invoice this order" form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderInvoicing {
    pub order_id: i64,
    pub order_number: String,
    pub account_name: String,
    pub only_shipped: bool,
    pub lines: Vec<crate::model::invoice::Invoiceable>,
}
