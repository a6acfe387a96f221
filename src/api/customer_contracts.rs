//! The customer's side of a renewal link: no sign-in, only a token; anything wrong with it is the
//! same "not found". The forms redirect back to the page, so they work without JavaScript. And the
//! employee's "email the renewal offer".
use crate::error::AppError;
use crate::model::customer_contract::CustomerContract;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "customer_contract")]
pub async fn get_customer_contract(token: String) -> Result<CustomerContract, AppError> {
    super::ssr::as_public(
        |state| async move { crate::server::service::contracts::customer::view(&state, &token).await },
    )
    .await
}

/// The customer renews: the next term and its invoice, once.
#[server(prefix = "/fn", endpoint = "accept_customer_contract")]
pub async fn accept_customer_contract(token: String) -> Result<(), AppError> {
    super::ssr::as_public(|state| async move {
        crate::server::service::contracts::customer::accept(&state, &token).await?;
        leptos_axum::redirect(&format!("/c/{token}"));
        Ok(())
    })
    .await
}

/// The customer declines: the contract ends at the term's end, with their reason.
#[server(prefix = "/fn", endpoint = "decline_customer_contract")]
pub async fn decline_customer_contract(token: String, #[server(default)] reason: String) -> Result<(), AppError> {
    super::ssr::as_public(|state| async move {
        crate::server::service::contracts::customer::decline(&state, &token, &reason).await?;
        leptos_axum::redirect(&format!("/c/{token}"));
        Ok(())
    })
    .await
}

/// Emails the renewal offer (next term, price, accept / decline link) to the customer.
#[server(prefix = "/fn", endpoint = "send_renewal_offer")]
pub async fn send_renewal_offer(id: i64) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let to = crate::server::service::contracts::customer::send_offer(&state, &actor, id).await?;
        super::ssr::done(format!("Renewal offer emailed to {to}."), &format!("/contracts/{id}")).await?;
        Ok(to)
    })
    .await
}
