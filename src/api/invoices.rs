//! Invoices: the list, the detail page's data (lines, totals, balance, allowed events, credit
//! notes, customer links, questions, timeline), drafts (editor data, save, delete), issuing and
//! voiding, and the dashboard's aging of open balances.
use crate::error::AppError;
use crate::model::invoice::{InvoiceDto, InvoiceFilter, InvoiceForm};
use crate::model::invoice_view::{AgingView, InvoiceView, NewInvoicePageData};
use crate::model::lines::LineForm;
use crate::model::list::ListPage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceList {
    pub page: ListPage<InvoiceDto>,
    pub can_manage: bool,
}

#[server(prefix = "/fn", endpoint = "list_invoices")]
pub async fn list_invoices(
    #[server(default)] filter: InvoiceFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<InvoiceList, AppError> {
    use crate::model::permissions::Permission;
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = crate::server::service::invoices::list(&state.pool, &actor, &filter, &at, size).await?;
        Ok(InvoiceList { page, can_manage: actor.role.can(Permission::ManageInvoices) })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::detail(&state.pool, &actor, id).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "new_invoice_data")]
pub async fn new_invoice_data(account_id: Option<i64>) -> Result<NewInvoicePageData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::new_page(&state.pool, &actor, account_id).await
    })
    .await
}

/// Creates (no `id`) or saves a draft, posted as `form[...]` and `lines[i][...]`.
#[server(prefix = "/fn", endpoint = "save_invoice")]
pub async fn save_invoice(
    id: Option<i64>,
    #[server(default)] form: InvoiceForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<i64, AppError> {
    use crate::server::service::invoices;
    super::ssr::as_employee(|state, actor| async move {
        let i = match id {
            None => invoices::create(&state.pool, &actor, &form, &lines).await?,
            Some(id) => invoices::update(&state.pool, &actor, id, &form, &lines).await?,
        };
        super::ssr::done(format!("{} saved.", i.title()), &format!("/invoices/{}", i.id)).await?;
        Ok(i.id)
    })
    .await
}

/// Issue or void an invoice. Issuing also makes a customer link, shown once in the message.
#[server(prefix = "/fn", endpoint = "invoice_event")]
pub async fn apply_invoice_event(id: i64, event: String) -> Result<String, AppError> {
    use crate::model::invoice::InvoiceEvent;
    use crate::server::service::invoices;
    super::ssr::as_employee(|state, actor| async move {
        let i = match InvoiceEvent::parse(&event).map_err(|m| AppError::field("event", m))? {
            InvoiceEvent::Issue => {
                let (i, url, _) = invoices::issue_with_link(&state, &actor, id).await?;
                super::ssr::set_sealed_flash(format!("link:{url}|Invoice {} issued.", i.title())).await?;
                i
            }
            InvoiceEvent::Void => {
                let i = invoices::void(&state.pool, &actor, id).await?;
                super::ssr::set_flash(format!("Invoice {} is void. Its number stays used.", i.title())).await?;
                i
            }
            InvoiceEvent::Send => {
                return Err(AppError::field("event", "send with the Send form (it chooses recipients)"))
            }
        };
        leptos_axum::redirect(&format!("/invoices/{id}"));
        Ok(i.status.as_str().to_string())
    })
    .await
}

/// Deletes a draft (an order's quantities return to it).
#[server(prefix = "/fn", endpoint = "delete_invoice_draft")]
pub async fn delete_invoice_draft(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::invoices::delete_draft(&state.pool, &actor, id).await?;
        super::ssr::done("Draft deleted.".into(), "/invoices").await?;
        Ok(())
    })
    .await
}

/// Open balances by aging bucket for the dashboard, per currency.
#[server(prefix = "/fn", endpoint = "invoice_aging")]
pub async fn invoice_aging() -> Result<Vec<AgingView>, AppError> {
    super::ssr::as_employee(
        |state, actor| async move { crate::server::service::invoices::aging(&state.pool, &actor).await },
    )
    .await
}
