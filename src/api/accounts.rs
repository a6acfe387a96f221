//! Accounts and their contacts: the list, the detail page's data, create / edit, contact changes.
use crate::error::AppError;
use crate::model::account::{AccountFilter, AccountForm};
use crate::model::account_view::{AccountDefaults, AccountList};
use crate::model::contact::ContactForm;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "list_accounts")]
pub async fn list_accounts(
    #[server(default)] filter: AccountFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<AccountList, AppError> {
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        crate::server::service::account_views::list_page(&state.pool, &actor, &filter, &at, size).await
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

#[server(prefix = "/fn", endpoint = "new_account_data")]
pub async fn new_account_data() -> Result<AccountDefaults, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::account_views::new_page(&state.pool, &actor).await
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
