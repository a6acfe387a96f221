//! What is done to an issued invoice and around it: sending it, invoicing an order, credit notes,
//! customer links, and answering a customer's question.
use crate::error::AppError;
use crate::model::invoice::{CreditNoteForm, LineQuantityForm};
use leptos::prelude::*;

/// Emails the invoice with a fresh link and the PDF to the account's invoice email and the chosen
/// contacts (`contacts[i]`).
#[server(prefix = "/fn", endpoint = "send_invoice")]
pub async fn send_invoice(id: i64, #[server(default)] contacts: Vec<i64>) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let (i, to) = crate::server::service::invoices::mail::send(&state, &actor, id, &contacts).await?;
        super::ssr::done(format!("Invoice {} sent to {}.", i.title(), to.join(", ")), &format!("/invoices/{id}"))
            .await?;
        Ok(())
    })
    .await
}

/// What an order still has to invoice, for the "Invoice this order" form.
#[server(prefix = "/fn", endpoint = "order_invoicing")]
pub async fn get_order_invoicing(order_id: i64) -> Result<crate::model::invoice_view::OrderInvoicing, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::order_invoicing::page(&state.pool, &actor, order_id).await
    })
    .await
}

/// A draft invoice for an order: the chosen quantities (`lines[i][line_id]`, `lines[i][quantity]`),
/// or with `all` everything left to invoice.
#[server(prefix = "/fn", endpoint = "invoice_order")]
pub async fn invoice_order(
    order_id: i64,
    all: Option<String>,
    #[server(default)] lines: Vec<LineQuantityForm>,
) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let chosen = (!all.as_deref().is_some_and(crate::model::validate::flag)).then_some(lines.as_slice());
        let i = crate::server::service::invoices::from_order(&state.pool, &actor, order_id, chosen).await?;
        super::ssr::done(
            format!("{} made from the order. Check it, then issue it.", i.title()),
            &format!("/invoices/{}", i.id),
        )
        .await?;
        Ok(i.id)
    })
    .await
}

/// A credit note for the whole invoice (`form[whole]`) or chosen lines (`form[lines][i][...]`).
#[server(prefix = "/fn", endpoint = "create_credit_note")]
pub async fn create_credit_note(invoice_id: i64, #[server(default)] form: CreditNoteForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let cn =
            crate::server::service::invoices::credit_notes::create(&state.pool, &actor, invoice_id, &form, &[]).await?;
        super::ssr::done(
            format!("Credit note {} issued for {} {}.", cn.number, cn.total, cn.currency),
            &format!("/invoices/{invoice_id}"),
        )
        .await?;
        Ok(cn.id)
    })
    .await
}

/// A new customer link; the URL is shown once.
#[server(prefix = "/fn", endpoint = "new_customer_link")]
pub async fn new_customer_link(invoice_id: i64, #[server(default)] revoke_earlier: bool) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let (url, _) =
            crate::server::service::invoices::links::create(&state, &actor, invoice_id, revoke_earlier).await?;
        super::ssr::set_sealed_flash(format!("link:{url}|New customer link made.")).await?;
        leptos_axum::redirect(&format!("/invoices/{invoice_id}"));
        Ok(url)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "revoke_customer_link")]
pub async fn revoke_customer_link(invoice_id: i64, link_id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::links::revoke(&state.pool, &actor, invoice_id, link_id).await?;
        super::ssr::done("The link no longer works.".into(), &format!("/invoices/{invoice_id}")).await?;
        Ok(())
    })
    .await
}

/// Answers the customer's open question; reminders resume.
#[server(prefix = "/fn", endpoint = "resolve_invoice_question")]
pub async fn resolve_invoice_question(invoice_id: i64, resolution: String) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::links::resolve_dispute(&state.pool, &actor, invoice_id, &resolution).await?;
        super::ssr::done("Question resolved: reminders resume.".into(), &format!("/invoices/{invoice_id}")).await?;
        Ok(())
    })
    .await
}
