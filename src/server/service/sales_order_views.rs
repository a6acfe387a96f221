//! What the sales order pages show, each in one call: the detail page (`detail`: lines, totals,
//! allowed events, shipments, invoices, timeline, the draft editor) and the new-order page
//! (`new_page`).
use crate::error::AppError;
use crate::model::account::AccountDto;
use crate::model::invoice::InvoiceFilter;
use crate::model::lines::TotalsView;
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::model::sales_order::{InvoicingStatus, OrderForm, OrderStatus};
use crate::model::sales_order_view::{NewOrderPageData, OrderEditorData, OrderView};
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{accounts, contacts, invoices, pickers, sales_orders, shipments, timeline};

/// How many of an order's invoices its page lists.
const ORDER_INVOICES: usize = 20;

/// The order editor for `account`: its contacts and won deals, the owners and the catalogue.
async fn editor(pool: &Pool, actor: &Actor, account: &AccountDto) -> Result<OrderEditorData, AppError> {
    Ok(OrderEditorData {
        account_id: account.id,
        account_name: account.name.clone(),
        currency: account.currency.clone(),
        contacts: contacts::for_account(pool, actor, account.id).await?.into_iter().map(|c| (c.id, c.name)).collect(),
        opportunities: pickers::won_opportunities(pool, account.id).await?,
        owners: accounts::owners(pool, actor).await?,
        can_choose_owner: actor.role.can(Permission::EditAllOrders),
        catalog: pickers::catalog(pool).await?,
    })
}

/// The order detail page for this user.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<OrderView, AppError> {
    let d = sales_orders::get(pool, actor, id).await?;
    let o = &d.order;
    let may = sales_orders::can_change(actor, o.owner_id);
    let editor = if may && o.status.is_editable() {
        let account = accounts::get(pool, actor, o.account_id).await?;
        Some(editor(pool, actor, &account).await?)
    } else {
        None
    };
    let c = Currency::from_db(&o.currency, "sales order", o.id)?;
    let invoices = if actor.role.can(Permission::ViewInvoices) {
        let f = InvoiceFilter { order: id.to_string(), ..Default::default() };
        invoices::list(pool, actor, &f, &Position::First, ORDER_INVOICES).await?.items
    } else {
        vec![]
    };
    let can_invoice = actor.role.can(Permission::ManageInvoices)
        && !matches!(o.status, OrderStatus::Draft | OrderStatus::Cancelled)
        && o.invoicing_status != InvoicingStatus::FullyInvoiced;
    let can_create_contract = actor.role.can(Permission::EditOwnContracts)
        && !matches!(o.status, OrderStatus::Draft | OrderStatus::Cancelled);
    Ok(OrderView {
        invoices,
        can_invoice,
        can_create_contract,
        totals: TotalsView::new(c, &d.totals),
        actions: if may { o.status.actions(d.facts) } else { vec![] },
        can_ship: may && o.status.can_ship(),
        can_cancel_shipments: may && matches!(o.status, OrderStatus::PartiallyFulfilled | OrderStatus::Fulfilled),
        shipments: shipments::for_order(pool, actor, id).await?,
        events: timeline::for_entity(pool, sales_orders::ENTITY, id).await?,
        editor,
        lines: d.lines,
        order: d.order,
    })
}

/// The new-order page: the editor with the account's defaults, or the accounts to choose from.
pub async fn new_page(pool: &Pool, actor: &Actor, account_id: Option<i64>) -> Result<NewOrderPageData, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let Some(id) = account_id else {
        return Ok(NewOrderPageData {
            accounts: pickers::accounts(pool).await?,
            editor: None,
            form: OrderForm::default(),
        });
    };
    let a = accounts::get(pool, actor, id).await?;
    let form = OrderForm {
        account_id: a.id.to_string(),
        order_date: chrono::Utc::now().date_naive().to_string(),
        payment_terms_days: a.payment_terms_days.to_string(),
        billing_address: a.billing_address.clone(),
        shipping_address: if a.shipping_address.is_empty() {
            a.billing_address.clone()
        } else {
            a.shipping_address.clone()
        },
        ..Default::default()
    };
    Ok(NewOrderPageData { accounts: vec![], editor: Some(editor(pool, actor, &a).await?), form })
}
