//! What the invoice pages show, each in one call: the detail page (`detail`: lines, totals,
//! allowed events, credit notes, links, questions, payments, timeline, the draft editor) and the
//! new-invoice page (`new_page`).
use crate::error::AppError;
use crate::model::account::AccountDto;
use crate::model::invoice::{InvoiceForm, InvoiceStatus};
use crate::model::invoice_view::{InvoiceEditorData, InvoiceView, NewInvoicePageData};
use crate::model::lines::TotalsView;
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::model::pickers::Catalog;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{accounts, contacts, payments, pickers, timeline};

/// The draft editor for `account`; a draft made from an order keeps its lines (no catalogue).
async fn editor(pool: &Pool, account: &AccountDto, lines_locked: bool) -> Result<InvoiceEditorData, AppError> {
    Ok(InvoiceEditorData {
        account_id: account.id,
        account_name: account.name.clone(),
        currency: account.currency.clone(),
        catalog: if lines_locked { Catalog::default() } else { pickers::catalog(pool).await? },
        lines_locked,
    })
}

/// The invoice detail page for this user.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<InvoiceView, AppError> {
    let d = super::get(pool, actor, id).await?;
    let i = &d.invoice;
    let manage = actor.role.can(Permission::ManageInvoices);
    let account = accounts::get(pool, actor, i.account_id).await?;
    let editor = if manage && i.status == InvoiceStatus::Draft {
        Some(editor(pool, &account, i.sales_order_id.is_some()).await?)
    } else {
        None
    };
    let c = Currency::from_db(&i.currency, "invoice", i.id)?;
    let (payments, pending) = if actor.role.can(Permission::ViewPayments) {
        let rows = db::payments::allocations_of_invoice(pool, id).await?;
        let pending: i64 = rows.iter().filter(|r| r.payment_status == "pending").map(|r| r.amount_minor).sum();
        (
            rows.iter().map(payments::allocation_dto).collect(),
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
        credit_notes: super::credit_notes::for_invoice(pool, actor, id).await?,
        links: super::links::for_invoice(pool, actor, id).await?,
        disputes: super::links::disputes(pool, actor, id).await?,
        contacts: contacts::for_account(pool, actor, i.account_id)
            .await?
            .into_iter()
            .filter(|c| !c.email.is_empty())
            .map(|c| (c.id, format!("{} <{}>", c.name, c.email)))
            .collect(),
        invoice_email: account.invoice_email.clone(),
        events: timeline::for_entity(pool, super::ENTITY, id).await?,
        editor,
        lines: d.lines,
        invoice: d.invoice,
    })
}

/// The new-invoice page: the editor with the account's defaults, or the accounts to choose from.
pub async fn new_page(pool: &Pool, actor: &Actor, account_id: Option<i64>) -> Result<NewInvoicePageData, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let Some(id) = account_id else {
        return Ok(NewInvoicePageData {
            accounts: pickers::accounts(pool).await?,
            editor: None,
            form: InvoiceForm::default(),
        });
    };
    let a = accounts::get(pool, actor, id).await?;
    let form = InvoiceForm {
        account_id: a.id.to_string(),
        payment_terms_days: a.payment_terms_days.to_string(),
        billing_address: a.billing_address.clone(),
        ..Default::default()
    };
    Ok(NewInvoicePageData { accounts: vec![], editor: Some(editor(pool, &a, false).await?), form })
}
