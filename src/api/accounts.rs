//! Accounts and their contacts: the list, the detail page's data, create / edit, contact changes.
use crate::error::AppError;
use crate::model::account::{AccountDto, AccountFilter, AccountForm};
use crate::model::contact::{ContactDto, ContactForm};
use crate::model::list::ListPage;
use crate::model::timeline::TimelineEvent;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountList {
    pub page: ListPage<AccountDto>,
    /// Employees who can own accounts, for the owner filter: (id, name).
    pub owners: Vec<(i64, String)>,
    pub can_create: bool,
}

#[server(prefix = "/fn", endpoint = "list_accounts")]
pub async fn list_accounts(
    #[server(default)] filter: AccountFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<AccountList, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::accounts;
    super::ssr::as_employee(|state, actor| async move {
        let position = super::ssr::position(after.as_deref(), before.as_deref())?;
        let page = accounts::list(&state.pool, &actor, &filter, &position, crate::model::list::PAGE_SIZE).await?;
        let owners = accounts::owners(&state.pool, &actor).await?;
        Ok(AccountList { page, owners, can_create: actor.role.can(Permission::EditOwnCrm) })
    })
    .await
}

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
    pub opportunities: Vec<crate::model::opportunity::OpportunityDto>,
    /// More than `opportunities` holds.
    pub more_opportunities: bool,
    /// The account's newest sales orders (empty without access to orders).
    pub orders: Vec<crate::model::sales_order::SalesOrderDto>,
    pub more_orders: bool,
    pub can_create_order: bool,
    /// The account's newest invoices (empty without access to invoices).
    pub invoices: Vec<crate::model::invoice::InvoiceDto>,
    pub more_invoices: bool,
    pub can_create_invoice: bool,
    /// The account's newest payments and its credit (empty without access to payments).
    pub payments: Vec<crate::model::payment::PaymentDto>,
    pub credit: Vec<String>,
    pub can_view_payments: bool,
    pub can_record_payment: bool,
}

#[server(prefix = "/fn", endpoint = "get_account")]
pub async fn get_account(id: i64) -> Result<AccountView, AppError> {
    use crate::model::list::Position;
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, contacts, opportunities, timeline};
    super::ssr::as_employee(|state, actor| async move {
        let account = accounts::get(&state.pool, &actor, id).await?;
        let filter = crate::model::opportunity::OpportunityFilter { account: id.to_string(), ..Default::default() };
        let deals = opportunities::list(&state.pool, &actor, &filter, &Position::First, 20).await?;
        let invoices = if actor.role.can(Permission::ViewInvoices) {
            let f = crate::model::invoice::InvoiceFilter { account: id.to_string(), ..Default::default() };
            crate::server::service::invoices::list(&state.pool, &actor, &f, &Position::First, 10).await?
        } else {
            ListPage { items: vec![], next: None, prev: None }
        };
        let can_view_payments = actor.role.can(Permission::ViewPayments);
        let (payments, credit) = if can_view_payments {
            let f = crate::model::payment::PaymentFilter { account: id.to_string(), ..Default::default() };
            let page = crate::server::service::payments::list(&state.pool, &actor, &f, &Position::First, 10).await?;
            (page.items, crate::server::service::payments::credit(&state.pool, &actor, id).await?)
        } else {
            (vec![], vec![])
        };
        let orders = if actor.role.can(Permission::ViewOrders) {
            let f = crate::model::sales_order::OrderFilter { account: id.to_string(), ..Default::default() };
            crate::server::service::sales_orders::list(&state.pool, &actor, &f, &Position::First, 10).await?
        } else {
            ListPage { items: vec![], next: None, prev: None }
        };
        Ok(AccountView {
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
            contacts: contacts::for_account(&state.pool, &actor, id).await?,
            events: timeline::for_entity(&state.pool, accounts::ENTITY, id).await?,
            can_edit: actor.can_edit_owned(account.owner_id),
            can_reassign: actor.role.can(Permission::Reassign),
            owners: accounts::owners(&state.pool, &actor).await?,
            account,
        })
    })
    .await
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

#[server(prefix = "/fn", endpoint = "new_account_data")]
pub async fn new_account_data() -> Result<AccountDefaults, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::accounts;
    super::ssr::as_employee(|state, actor| async move {
        actor.require(Permission::EditOwnCrm)?;
        let (currency, terms) = accounts::defaults(&state.pool).await?;
        Ok(AccountDefaults {
            owners: accounts::owners(&state.pool, &actor).await?,
            me: actor.id,
            can_choose_owner: actor.role.can(Permission::EditAllCrm),
            default_currency: currency.code().to_string(),
            default_terms: terms,
        })
    })
    .await
}

/// Creates an account and opens it. Returns its id.
#[server(prefix = "/fn", endpoint = "create_account")]
pub async fn create_account(#[server(default)] form: AccountForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account = crate::server::service::accounts::create(&state.pool, &actor, &form).await?;
        super::ssr::set_flash(format!("Account {} created.", account.name)).await?;
        leptos_axum::redirect(&format!("/accounts/{}", account.id));
        Ok(account.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "update_account")]
pub async fn update_account(id: i64, #[server(default)] form: AccountForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account = crate::server::service::accounts::update(&state.pool, &actor, id, &form).await?;
        super::ssr::set_flash(format!("Account {} saved.", account.name)).await?;
        leptos_axum::redirect(&format!("/accounts/{id}"));
        Ok(id)
    })
    .await
}

/// Adds a contact to an account (`contact_id` empty) or changes one.
#[server(prefix = "/fn", endpoint = "save_contact")]
pub async fn save_contact(
    account_id: i64,
    contact_id: Option<i64>,
    #[server(default)] form: ContactForm,
) -> Result<i64, AppError> {
    use crate::server::service::contacts;
    super::ssr::as_employee(|state, actor| async move {
        let contact = match contact_id {
            None => contacts::create(&state.pool, &actor, account_id, &form).await?,
            Some(id) => contacts::update(&state.pool, &actor, id, &form).await?,
        };
        let verb = if contact_id.is_some() { "saved" } else { "added" };
        super::ssr::set_flash(format!("Contact {} {verb}.", contact.name)).await?;
        leptos_axum::redirect(&format!("/accounts/{}", contact.account_id));
        Ok(contact.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "delete_contact")]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account_id = crate::server::service::contacts::delete(&state.pool, &actor, id).await?;
        super::ssr::set_flash("Contact removed.".into()).await?;
        leptos_axum::redirect(&format!("/accounts/{account_id}"));
        Ok(())
    })
    .await
}
