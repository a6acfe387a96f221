//! The customer's side of a ticket link: no sign-in, only a token. Anything wrong with the token
//! is the same "not found". The forms redirect back to the ticket's page, so they work without
//! JavaScript.
use crate::error::AppError;
use crate::model::customer_ticket::CustomerTicket;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "customer_ticket")]
pub async fn get_customer_ticket(token: String) -> Result<CustomerTicket, AppError> {
    super::ssr::as_public(|state| async move { crate::server::service::tickets::links::view(&state, &token).await })
        .await
}

/// The customer's answer: it reopens a resolved ticket, resumes a waiting one, and opens a
/// follow-up for a closed one.
#[server(prefix = "/fn", endpoint = "reply_customer_ticket")]
pub async fn reply_customer_ticket(token: String, #[server(default)] body: String) -> Result<(), AppError> {
    super::ssr::as_public(|state| async move {
        crate::server::service::tickets::links::reply(&state, &token, &body).await?;
        leptos_axum::redirect(&format!("/t/{token}"));
        Ok(())
    })
    .await
}

/// The satisfaction rating (1–5, an optional comment), once the ticket is resolved; once.
#[server(prefix = "/fn", endpoint = "rate_customer_ticket")]
pub async fn rate_customer_ticket(
    token: String,
    // No star chosen posts no `rating` at all: the check then says it is required.
    #[server(default)] rating: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    super::ssr::as_public(|state| async move {
        crate::server::service::tickets::links::rate(&state, &token, &rating, &comment).await?;
        leptos_axum::redirect(&format!("/t/{token}"));
        Ok(())
    })
    .await
}
