//! Email into support, the employee's side: the unmatched messages (with the accounts to file
//! them on), filing one on an account as a ticket, and discarding one.
use crate::error::AppError;
use crate::model::inbound_email::UnmatchedPage;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "unmatched_email")]
pub async fn unmatched_email() -> Result<UnmatchedPage, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let emails = crate::server::service::tickets::email::unmatched(&state.pool, &actor).await?;
        let accounts = crate::server::service::pickers::accounts(&state.pool).await?;
        Ok(UnmatchedPage { emails, accounts })
    })
    .await
}

/// Files the message on the chosen account: a ticket, the sender a contact of the account.
#[server(prefix = "/fn", endpoint = "file_unmatched_email")]
pub async fn file_unmatched_email(id: i64, #[server(default)] account_id: String) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let account = account_id.trim().parse::<i64>().map_err(|_| AppError::field("account_id", "is required"))?;
        let (ticket, number) = crate::server::service::tickets::email::file(&state.pool, &actor, id, account).await?;
        super::ssr::done(format!("Ticket {number} opened from the email."), &format!("/tickets/{ticket}")).await?;
        Ok(ticket)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "discard_unmatched_email")]
pub async fn discard_unmatched_email(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tickets::email::discard(&state.pool, &actor, id).await?;
        super::ssr::done("Email discarded.".to_string(), "/tickets/email").await
    })
    .await
}
