//! Invoices: the list, the detail page's data (lines, totals, balance, allowed events, credit
//! notes, customer links, questions, timeline), drafts (editor data, save, delete), issuing and
//! voiding, and the dashboard's aging of open balances.
use super::lines::Catalog;
use crate::error::AppError;
use crate::model::invoice::{
    CreditNoteDto, DisputeDto, InvoiceDto, InvoiceEvent, InvoiceFilter, InvoiceForm, InvoiceLineDto, LinkDto,
};
use crate::model::lines::{LineForm, TotalsView};
use crate::model::list::ListPage;
use crate::model::timeline::TimelineEvent;
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
    use crate::model::list::Position;
    use crate::model::permissions::Permission;
    super::ssr::as_employee(|state, actor| async move {
        let position =
            Position::parse(after.as_deref(), before.as_deref()).map_err(|m| AppError::field("cursor", m))?;
        let page = crate::server::service::invoices::list(
            &state.pool,
            &actor,
            &filter,
            &position,
            crate::model::list::PAGE_SIZE,
        )
        .await?;
        Ok(InvoiceList { page, can_manage: actor.role.can(Permission::ManageInvoices) })
    })
    .await
}

/// What the draft editor offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceEditorData {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    pub catalog: Catalog,
    /// A draft made from an order keeps the order's lines.
    pub lines_locked: bool,
}

#[cfg(feature = "ssr")]
async fn editor_data(
    state: &crate::server::state::AppState,
    account: &crate::model::account::AccountDto,
    lines_locked: bool,
) -> Result<InvoiceEditorData, AppError> {
    Ok(InvoiceEditorData {
        account_id: account.id,
        account_name: account.name.clone(),
        currency: account.currency.clone(),
        catalog: if lines_locked { Catalog::default() } else { super::lines::catalog(&state.pool).await? },
        lines_locked,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub invoice: InvoiceDto,
    pub lines: Vec<InvoiceLineDto>,
    pub totals: TotalsView,
    /// The events the machine allows now, for this user.
    pub actions: Vec<InvoiceEvent>,
    pub can_manage: bool,
    /// Credit notes can be written now (issued and not void, for this user).
    pub can_credit: bool,
    pub credit_notes: Vec<CreditNoteDto>,
    pub links: Vec<LinkDto>,
    pub disputes: Vec<DisputeDto>,
    /// The account's contacts with an email, for "Send": (id, "name <email>").
    pub contacts: Vec<(i64, String)>,
    pub invoice_email: String,
    pub events: Vec<TimelineEvent>,
    pub editor: Option<InvoiceEditorData>,
    /// The payments allocated to it (pending ones do not count yet).
    pub payments: Vec<crate::model::payment::AllocationDto>,
    /// What pending payments would pay, formatted ("" when none).
    pub pending: String,
    pub can_record_payment: bool,
}

#[server(prefix = "/fn", endpoint = "get_invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceView, AppError> {
    use crate::model::invoice::InvoiceStatus;
    use crate::model::money::Currency;
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, contacts, invoices, timeline};
    super::ssr::as_employee(|state, actor| async move {
        let d = invoices::get(&state.pool, &actor, id).await?;
        let i = &d.invoice;
        let manage = actor.role.can(Permission::ManageInvoices);
        let account = accounts::get(&state.pool, &actor, i.account_id).await?;
        let editor = if manage && i.status == InvoiceStatus::Draft {
            Some(editor_data(&state, &account, i.sales_order_id.is_some()).await?)
        } else {
            None
        };
        let c = Currency::parse(&i.currency).unwrap_or(Currency::EUR);
        let (payments, pending) = if actor.role.can(Permission::ViewPayments) {
            let rows = crate::server::db::payments::allocations_of_invoice(&state.pool, id).await?;
            let pending: i64 = rows.iter().filter(|r| r.payment_status == "pending").map(|r| r.amount_minor).sum();
            (
                rows.iter().map(crate::server::service::payments::allocation_dto).collect(),
                if pending > 0 { c.format(c.from_minor(pending)) } else { String::new() },
            )
        } else {
            (vec![], String::new())
        };
        Ok(InvoiceView {
            can_record_payment: actor.role.can(Permission::ManagePayments) && i.status.is_open(),
            payments,
            pending,
            totals: TotalsView::new(c, &d.totals),
            actions: if manage { i.status.actions(d.facts) } else { vec![] },
            can_manage: manage,
            can_credit: manage && !matches!(i.status, InvoiceStatus::Draft | InvoiceStatus::Void),
            credit_notes: invoices::credit_notes::for_invoice(&state.pool, &actor, id).await?,
            links: invoices::links::for_invoice(&state.pool, &actor, id).await?,
            disputes: invoices::links::disputes(&state.pool, &actor, id).await?,
            contacts: contacts::for_account(&state.pool, &actor, i.account_id)
                .await?
                .into_iter()
                .filter(|c| !c.email.is_empty())
                .map(|c| (c.id, format!("{} <{}>", c.name, c.email)))
                .collect(),
            invoice_email: account.invoice_email.clone(),
            events: timeline::for_entity(&state.pool, invoices::ENTITY, id).await?,
            editor,
            lines: d.lines,
            invoice: d.invoice,
        })
    })
    .await
}

/// The new-invoice page: the editor for the chosen account, or the accounts to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewInvoicePageData {
    pub accounts: Vec<(i64, String)>,
    pub editor: Option<InvoiceEditorData>,
    pub form: InvoiceForm,
}

#[server(prefix = "/fn", endpoint = "new_invoice_data")]
pub async fn new_invoice_data(account_id: Option<i64>) -> Result<NewInvoicePageData, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::{db, service::accounts};
    super::ssr::as_employee(|state, actor| async move {
        actor.require(Permission::ManageInvoices)?;
        match account_id {
            Some(id) => {
                let a = accounts::get(&state.pool, &actor, id).await?;
                let form = InvoiceForm {
                    account_id: a.id.to_string(),
                    payment_terms_days: a.payment_terms_days.to_string(),
                    billing_address: a.billing_address.clone(),
                    ..Default::default()
                };
                Ok(NewInvoicePageData { accounts: vec![], editor: Some(editor_data(&state, &a, false).await?), form })
            }
            None => Ok(NewInvoicePageData {
                accounts: db::accounts::names(&state.pool, None, 1000)
                    .await?
                    .into_iter()
                    .map(|(id, n, _)| (id, n))
                    .collect(),
                editor: None,
                form: InvoiceForm::default(),
            }),
        }
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
        super::ssr::set_flash(format!("{} saved.", i.title())).await?;
        leptos_axum::redirect(&format!("/invoices/{}", i.id));
        Ok(i.id)
    })
    .await
}

/// Issue or void an invoice. Issuing also makes a customer link, shown once in the message.
#[server(prefix = "/fn", endpoint = "invoice_event")]
pub async fn apply_invoice_event(id: i64, event: String) -> Result<String, AppError> {
    use crate::server::service::invoices;
    super::ssr::as_employee(|state, actor| async move {
        let i = match InvoiceEvent::parse(&event).map_err(|m| AppError::field("event", m))? {
            InvoiceEvent::Issue => {
                let i = invoices::issue(&state.pool, &actor, id).await?;
                let (url, _) = invoices::links::create(&state, &actor, id, false).await?;
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
        super::ssr::set_flash("Draft deleted.".into()).await?;
        leptos_axum::redirect("/invoices");
        Ok(())
    })
    .await
}

/// Open balances by aging bucket for the dashboard: (bucket label, invoices, balance) per currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgingView {
    pub currency: String,
    /// (label, invoices, balance formatted, balance in minor units for the bar length)
    pub buckets: Vec<(String, i64, String, i64)>,
}

#[server(prefix = "/fn", endpoint = "invoice_aging")]
pub async fn invoice_aging() -> Result<Vec<AgingView>, AppError> {
    super::ssr::as_employee(
        |state, actor| async move { crate::server::service::invoices::aging(&state.pool, &actor).await },
    )
    .await
}
