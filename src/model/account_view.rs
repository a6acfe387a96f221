//! What the account detail page shows, assembled by one service call (`service::account_views`):
//! the account with its contacts, timeline, and its newest deals, orders, invoices, payments and
//! support tickets.
use crate::model::account::AccountDto;
use crate::model::contact::ContactDto;
use crate::model::invoice::InvoiceDto;
use crate::model::list::ListPage;
use crate::model::opportunity::OpportunityDto;
use crate::model::payment::PaymentDto;
use crate::model::sales_order::SalesOrderDto;
use crate::model::ticket::TicketDto;
use crate::model::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub account: AccountDto,
    pub contacts: Vec<ContactDto>,
    pub events: Vec<TimelineEvent>,
    pub can_edit: bool,
    /// Only managers move accounts to another owner.
    pub can_reassign: bool,
    pub owners: Vec<(i64, String)>,
    /// The account's newest opportunities (the list page shows all of them).
    pub opportunities: Vec<OpportunityDto>,
    /// More than `opportunities` holds.
    pub more_opportunities: bool,
    /// The account's newest sales orders (empty without access to orders).
    pub orders: Vec<SalesOrderDto>,
    pub more_orders: bool,
    pub can_create_order: bool,
    /// The account's newest invoices (empty without access to invoices).
    pub invoices: Vec<InvoiceDto>,
    pub more_invoices: bool,
    pub can_create_invoice: bool,
    /// The account's newest payments and its credit (empty without access to payments).
    pub payments: Vec<PaymentDto>,
    pub credit: Vec<String>,
    pub can_view_payments: bool,
    pub can_record_payment: bool,
    /// The account's newest tickets (empty without access to tickets).
    pub tickets: Vec<TicketDto>,
    pub more_tickets: bool,
    pub can_view_tickets: bool,
    pub can_create_ticket: bool,
    /// The account's newest contracts (empty without access to contracts).
    pub contracts: Vec<crate::model::contract::ContractDto>,
    pub more_contracts: bool,
    pub can_view_contracts: bool,
    pub can_create_contract: bool,
}

/// The accounts list page: a page of accounts, the owners for its filter, and whether this user
/// may create one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountList {
    pub page: ListPage<AccountDto>,
    /// Employees who can own accounts, for the owner filter: (id, name).
    pub owners: Vec<(i64, String)>,
    pub can_create: bool,
}

/// The data the new-account form needs: owners to pick from and the company defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountDefaults {
    pub owners: Vec<(i64, String)>,
    pub me: i64,
    pub can_choose_owner: bool,
    pub default_currency: String,
    pub default_terms: i64,
}
