//! Accounts and their contacts: the list, the detail page's data, create / edit, contact changes.
use crate::error::AppError;
use crate::model::account::{AccountDto, AccountFilter, AccountForm};
use crate::model::contact::ContactForm;
use crate::model::list::ListPage;
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
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = accounts::list(&state.pool, &actor, &filter, &at, size).await?;
        let owners = accounts::owners(&state.pool, &actor).await?;
        Ok(AccountList { page, owners, can_create: actor.role.can(Permission::EditOwnCrm) })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_account")]
pub async fn get_account(id: i64) -> Result<crate::model::account_view::AccountView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::account_views::detail(&state.pool, &actor, id).await
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
        super::ssr::done(format!("Account {} created.", account.name), &format!("/accounts/{}", account.id)).await?;
        Ok(account.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "update_account")]
pub async fn update_account(id: i64, #[server(default)] form: AccountForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account = crate::server::service::accounts::update(&state.pool, &actor, id, &form).await?;
        super::ssr::done(format!("Account {} saved.", account.name), &format!("/accounts/{id}")).await?;
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
        super::ssr::done(format!("Contact {} {verb}.", contact.name), &format!("/accounts/{}", contact.account_id))
            .await?;
        Ok(contact.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "delete_contact")]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account_id = crate::server::service::contacts::delete(&state.pool, &actor, id).await?;
        super::ssr::done("Contact removed.".into(), &format!("/accounts/{account_id}")).await?;
        Ok(())
    })
    .await
}
