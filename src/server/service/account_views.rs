//! What the account pages show, each in one call: the detail page (`detail`: the account, its
//! contacts and timeline, and the newest deals, orders, invoices, payments and tickets this user
//! may see), the list page (`list_page`) and the new-account form (`new_page`).
use crate::error::AppError;
use crate::model::account::AccountFilter;
use crate::model::account_view::{AccountDefaults, AccountList, AccountView};
use crate::model::invoice::InvoiceFilter;
use crate::model::list::{ListPage, Position};
use crate::model::opportunity::OpportunityFilter;
use crate::model::payment::PaymentFilter;
use crate::model::permissions::Permission;
use crate::model::sales_order::OrderFilter;
use crate::model::ticket::TicketFilter;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{
    accounts, contacts, contracts, invoices, opportunities, payments, sales_orders, tickets, timeline,
};

/// How many of the account's deals the page lists.
const ACCOUNT_DEALS: usize = 20;
/// How many of its orders, invoices, payments and tickets the page lists.
const ACCOUNT_DOCUMENTS: usize = 10;

/// The account detail page for this user.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<AccountView, AppError> {
    let account = accounts::get(pool, actor, id).await?;
    let filter = OpportunityFilter { account: id.to_string(), ..Default::default() };
    let deals = opportunities::list(pool, actor, &filter, &Position::First, ACCOUNT_DEALS).await?;
    let invoices = if actor.role.can(Permission::ViewInvoices) {
        let f = InvoiceFilter { account: id.to_string(), ..Default::default() };
        invoices::list(pool, actor, &f, &Position::First, ACCOUNT_DOCUMENTS).await?
    } else {
        ListPage { items: vec![], next: None, prev: None }
    };
    let can_view_payments = actor.role.can(Permission::ViewPayments);
    let (payments, credit) = if can_view_payments {
        let f = PaymentFilter { account: id.to_string(), ..Default::default() };
        let page = payments::list(pool, actor, &f, &Position::First, ACCOUNT_DOCUMENTS).await?;
        (page.items, payments::credit(pool, actor, id).await?)
    } else {
        (vec![], vec![])
    };
    let orders = if actor.role.can(Permission::ViewOrders) {
        let f = OrderFilter { account: id.to_string(), ..Default::default() };
        sales_orders::list(pool, actor, &f, &Position::First, ACCOUNT_DOCUMENTS).await?
    } else {
        ListPage { items: vec![], next: None, prev: None }
    };
    let can_view_tickets = actor.role.can(Permission::ViewTickets);
    let tickets = if can_view_tickets {
        // Every status, newest first: what the customer has asked lately.
        let f = TicketFilter { account: id.to_string(), queue: "all".into(), ..Default::default() };
        tickets::list(pool, actor, &f, &Position::First, ACCOUNT_DOCUMENTS).await?
    } else {
        ListPage { items: vec![], next: None, prev: None }
    };
    let can_view_contracts = actor.role.can(Permission::ViewContracts);
    let contracts = if can_view_contracts {
        let f = crate::model::contract::ContractFilter { account: id.to_string(), ..Default::default() };
        contracts::list(pool, actor, &f, &Position::First, ACCOUNT_DOCUMENTS).await?
    } else {
        ListPage { items: vec![], next: None, prev: None }
    };
    Ok(AccountView {
        more_contracts: contracts.next.is_some(),
        contracts: contracts.items,
        can_view_contracts,
        can_create_contract: account.active && actor.role.can(Permission::EditOwnContracts),
        more_tickets: tickets.next.is_some(),
        tickets: tickets.items,
        can_view_tickets,
        can_create_ticket: account.active && actor.role.can(Permission::WorkTickets),
        more_opportunities: deals.next.is_some(),
        more_orders: orders.next.is_some(),
        orders: orders.items,
        can_create_order: account.active && actor.role.can(Permission::EditOwnOrders),
        more_invoices: invoices.next.is_some(),
        invoices: invoices.items,
        can_create_invoice: account.active && actor.role.can(Permission::ManageInvoices),
        payments,
        credit,
        can_view_payments,
        can_record_payment: actor.role.can(Permission::ManagePayments),
        opportunities: deals.items,
        contacts: contacts::for_account(pool, actor, id).await?,
        events: timeline::for_entity(pool, accounts::ENTITY, id).await?,
        can_edit: actor.can_edit_owned(account.owner_id),
        can_reassign: actor.role.can(Permission::Reassign),
        owners: accounts::owners(pool, actor).await?,
        account,
    })
}

/// The accounts list page: the page of accounts, the owners for the filter, may this user create.
pub async fn list_page(
    pool: &Pool,
    actor: &Actor,
    filter: &AccountFilter,
    at: &Position,
    size: usize,
) -> Result<AccountList, AppError> {
    let page = accounts::list(pool, actor, filter, at, size).await?;
    let owners = accounts::owners(pool, actor).await?;
    Ok(AccountList { page, owners, can_create: actor.role.can(Permission::EditOwnCrm) })
}

/// The new-account form: owners to pick from and the company's default currency and terms.
pub async fn new_page(pool: &Pool, actor: &Actor) -> Result<AccountDefaults, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let (currency, terms) = accounts::defaults(pool).await?;
    Ok(AccountDefaults {
        owners: accounts::owners(pool, actor).await?,
        me: actor.id,
        can_choose_owner: actor.role.can(Permission::EditAllCrm),
        default_currency: currency.code().to_string(),
        default_terms: terms,
    })
}
