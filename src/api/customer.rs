//! The customer's side of an emailed invoice link: no sign-in, only a token. Anything wrong with
//! the token is the same "not found".
use crate::error::AppError;
use crate::model::customer::CustomerInvoice;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "customer_invoice")]
pub async fn get_customer_invoice(token: String) -> Result<CustomerInvoice, AppError> {
    super::ssr::as_public(|state| async move { crate::server::service::invoices::links::view(&state, &token).await })
        .await
}

/// "Question this invoice": the question reaches the invoice's owner and pauses reminders.
#[server(prefix = "/fn", endpoint = "question_invoice")]
pub async fn question_invoice(token: String, name: String, email: String, message: String) -> Result<(), AppError> {
    super::ssr::as_public(|state| async move {
        let ticket_link =
            crate::server::service::invoices::links::question(&state, &token, &name, &email, &message).await?;
        // To the question's ticket: the customer follows the answer and replies there.
        leptos_axum::redirect(&ticket_link);
        Ok(())
    })
    .await
}
