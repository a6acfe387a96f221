//! Payments, one room: reading them (`read`), recording one with its allocations (`record`),
//! allocating and taking back (`allocations`, with the invoice balances they move, each invoice
//! locked so racing payments never over-pay it), completing, failing and refunding (`status`),
//! receipts and statements (`documents`), receipts by email (`mail`) and what the payment pages
//! show (`views`). The use cases are re-exported here, so callers say `service::payments::record`.
pub mod allocations;
pub mod documents;
pub mod mail;
pub mod read;
pub mod record;
pub mod status;
pub mod views;

pub use allocations::{allocate, has_allocations, is_payable, open_on, remove_allocation, settle_invoice};
pub use read::{allocation_dto, credit, get, list, open_invoices, received_by_month, Detail};
pub use record::{record, record_in};
pub use status::{complete, complete_in, fail, refund};
pub use views::{detail, record_page};

pub const ENTITY: &str = "payment";
