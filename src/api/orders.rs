//! Sales orders: the list, the detail page's data (lines, totals, allowed events, shipments,
//! timeline), the editor's data, save, status events, "Create order" from a won opportunity,
//! and recording or cancelling shipments.
use super::lines::Catalog;
use crate::error::AppError;
use crate::model::lines::{LineForm, TotalsView};
use crate::model::list::ListPage;
use crate::model::sales_order::{
    OrderEvent, OrderFilter, OrderForm, SalesOrderDto, SalesOrderLineDto, ShipmentDto, ShipmentForm,
};
use crate::model::timeline::TimelineEvent;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderList {
    pub page: ListPage<SalesOrderDto>,
    pub owners: Vec<(i64, String)>,
    pub can_create: bool,
}

#[server(prefix = "/fn", endpoint = "list_orders")]
pub async fn list_orders(
    #[server(default)] filter: OrderFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<OrderList, AppError> {
    use crate::model::list::Position;
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, sales_orders};
    super::ssr::as_employee(|state, actor| async move {
        let position =
            Position::parse(after.as_deref(), before.as_deref()).map_err(|m| AppError::field("cursor", m))?;
        let page = sales_orders::list(&state.pool, &actor, &filter, &position, crate::model::list::PAGE_SIZE).await?;
        Ok(OrderList {
            page,
            owners: accounts::owners(&state.pool, &actor).await?,
            can_create: actor.role.can(Permission::EditOwnOrders),
        })
    })
    .await
}

/// What the order editor offers for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderEditorData {
    pub account_id: i64,
    pub account_name: String,
    pub currency: String,
    /// The account's contacts: (id, name).
    pub contacts: Vec<(i64, String)>,
    /// The account's won opportunities: (id, name).
    pub opportunities: Vec<(i64, String)>,
    pub owners: Vec<(i64, String)>,
    pub can_choose_owner: bool,
    pub catalog: Catalog,
}

#[cfg(feature = "ssr")]
async fn editor_data(
    state: &crate::server::state::AppState,
    actor: &crate::server::auth::Actor,
    account: &crate::model::account::AccountDto,
) -> Result<OrderEditorData, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::{db, service};
    Ok(OrderEditorData {
        account_id: account.id,
        account_name: account.name.clone(),
        currency: account.currency.clone(),
        contacts: service::contacts::for_account(&state.pool, actor, account.id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        opportunities: db::opportunities::won_for_account(&state.pool, account.id).await?,
        owners: service::accounts::owners(&state.pool, actor).await?,
        can_choose_owner: actor.role.can(Permission::EditAllOrders),
        catalog: super::lines::catalog(&state.pool).await?,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub order: SalesOrderDto,
    pub lines: Vec<SalesOrderLineDto>,
    pub totals: TotalsView,
    /// The events the machine allows now, for this user.
    pub actions: Vec<OrderEvent>,
    /// Shipments may be recorded now by this user.
    pub can_ship: bool,
    /// Shipments may be cancelled now by this user (the order is not closed).
    pub can_cancel_shipments: bool,
    pub shipments: Vec<ShipmentDto>,
    pub events: Vec<TimelineEvent>,
    /// For the edit form: only drafts, only for those who may change the order.
    pub editor: Option<OrderEditorData>,
    /// The order's invoices (empty without access to invoices).
    pub invoices: Vec<crate::model::invoice::InvoiceDto>,
    /// The user may invoice it now (confirmed or later, not fully invoiced).
    pub can_invoice: bool,
}

#[server(prefix = "/fn", endpoint = "get_order")]
pub async fn get_order(id: i64) -> Result<OrderView, AppError> {
    use crate::model::money::Currency;
    use crate::model::permissions::Permission;
    use crate::model::sales_order::OrderStatus;
    use crate::server::service::{accounts, sales_orders, shipments, timeline};
    super::ssr::as_employee(|state, actor| async move {
        let d = sales_orders::get(&state.pool, &actor, id).await?;
        let o = &d.order;
        let may = sales_orders::can_change(&actor, o.owner_id);
        let editor = if may && o.status.is_editable() {
            let account = accounts::get(&state.pool, &actor, o.account_id).await?;
            Some(editor_data(&state, &actor, &account).await?)
        } else {
            None
        };
        let c = Currency::parse(&o.currency).unwrap_or(Currency::EUR);
        let invoices = if actor.role.can(Permission::ViewInvoices) {
            let f = crate::model::invoice::InvoiceFilter { order: id.to_string(), ..Default::default() };
            let first = crate::model::list::Position::First;
            crate::server::service::invoices::list(&state.pool, &actor, &f, &first, 20).await?.items
        } else {
            vec![]
        };
        let can_invoice = actor.role.can(Permission::ManageInvoices)
            && !matches!(o.status, OrderStatus::Draft | OrderStatus::Cancelled)
            && o.invoicing_status != crate::model::sales_order::InvoicingStatus::FullyInvoiced;
        Ok(OrderView {
            invoices,
            can_invoice,
            totals: TotalsView::new(c, &d.totals),
            actions: if may { o.status.actions(d.facts) } else { vec![] },
            can_ship: may && o.status.can_ship(),
            can_cancel_shipments: may && matches!(o.status, OrderStatus::PartiallyFulfilled | OrderStatus::Fulfilled),
            shipments: shipments::for_order(&state.pool, &actor, id).await?,
            events: timeline::for_entity(&state.pool, sales_orders::ENTITY, id).await?,
            editor,
            lines: d.lines,
            order: d.order,
        })
    })
    .await
}

/// The new-order page: the editor for the chosen account, or the accounts to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOrderPageData {
    /// (id, name) of active accounts the user may order for, when none is chosen yet.
    pub accounts: Vec<(i64, String)>,
    pub editor: Option<OrderEditorData>,
    /// The chosen account's defaults as the form starts.
    pub form: OrderForm,
}

#[server(prefix = "/fn", endpoint = "new_order_data")]
pub async fn new_order_data(account_id: Option<i64>) -> Result<NewOrderPageData, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::{db, service::accounts};
    super::ssr::as_employee(|state, actor| async move {
        actor.require(Permission::EditOwnOrders)?;
        match account_id {
            Some(id) => {
                let a = accounts::get(&state.pool, &actor, id).await?;
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
                Ok(NewOrderPageData { accounts: vec![], editor: Some(editor_data(&state, &actor, &a).await?), form })
            }
            None => Ok(NewOrderPageData {
                accounts: db::accounts::names(&state.pool, None, 1000)
                    .await?
                    .into_iter()
                    .map(|(id, name, _)| (id, name))
                    .collect(),
                editor: None,
                form: OrderForm::default(),
            }),
        }
    })
    .await
}

/// Creates (no `id`) or saves a draft with its lines, posted as `form[...]` and `lines[i][...]`.
#[server(prefix = "/fn", endpoint = "save_order")]
pub async fn save_order(
    id: Option<i64>,
    #[server(default)] form: OrderForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<i64, AppError> {
    use crate::server::service::sales_orders;
    super::ssr::as_employee(|state, actor| async move {
        let o = match id {
            None => sales_orders::create(&state.pool, &actor, &form, &lines).await?,
            Some(id) => sales_orders::update(&state.pool, &actor, id, &form, &lines).await?,
        };
        let verb = if id.is_some() { "saved" } else { "created" };
        super::ssr::set_flash(format!("Order {} {verb}.", o.number)).await?;
        leptos_axum::redirect(&format!("/orders/{}", o.id));
        Ok(o.id)
    })
    .await
}

/// Confirm, hold, release, cancel or close an order.
#[server(prefix = "/fn", endpoint = "order_event")]
pub async fn apply_order_event(id: i64, event: String) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let e = OrderEvent::parse(&event).map_err(|m| AppError::field("event", m))?;
        let o = crate::server::service::sales_orders::apply(&state.pool, &actor, id, e).await?;
        super::ssr::set_flash(format!("Order {} is now {}.", o.number, o.status.label().to_lowercase())).await?;
        leptos_axum::redirect(&format!("/orders/{id}"));
        Ok(o.status.as_str().to_string())
    })
    .await
}

/// A draft order with the won opportunity's lines; opens it.
#[server(prefix = "/fn", endpoint = "create_order_from_opportunity")]
pub async fn create_order_from_opportunity(opportunity_id: i64) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let o =
            crate::server::service::sales_orders::create_from_opportunity(&state.pool, &actor, opportunity_id).await?;
        super::ssr::set_flash(format!("Order {} created from the opportunity. Check it, then confirm it.", o.number))
            .await?;
        leptos_axum::redirect(&format!("/orders/{}", o.id));
        Ok(o.id)
    })
    .await
}

/// Records a shipment, posted as `form[date]`, `form[carrier]`, `form[lines][i][line_id]`, ….
#[server(prefix = "/fn", endpoint = "create_shipment")]
pub async fn create_shipment(order_id: i64, #[server(default)] form: ShipmentForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let s = crate::server::service::shipments::create(&state.pool, &actor, order_id, &form).await?;
        super::ssr::set_flash(format!("Shipment {} recorded.", s.number)).await?;
        leptos_axum::redirect(&format!("/orders/{order_id}"));
        Ok(s.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "cancel_shipment")]
pub async fn cancel_shipment(id: i64) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let s = crate::server::service::shipments::cancel(&state.pool, &actor, id).await?;
        super::ssr::set_flash(format!("Shipment {} cancelled; its quantities are open again.", s.number)).await?;
        leptos_axum::redirect(&format!("/orders/{}", s.sales_order_id));
        Ok(s.id)
    })
    .await
}

/// Open orders and their value by status, for the dashboard: (status label, currency, count, total).
#[server(prefix = "/fn", endpoint = "orders_by_status")]
pub async fn orders_by_status() -> Result<Vec<(crate::model::sales_order::OrderStatus, i64, String)>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        Ok(crate::server::service::sales_orders::by_status(&state.pool, &actor)
            .await?
            .into_iter()
            .map(|(s, _, n, total)| (s, n, total))
            .collect())
    })
    .await
}
