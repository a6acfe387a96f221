//! Sales orders: the list, the detail page's data (lines, totals, allowed events, shipments,
//! timeline), the editor's data, save, status events, "Create order" from a won opportunity,
//! and recording or cancelling shipments.
use crate::error::AppError;
use crate::model::lines::LineForm;
use crate::model::list::ListPage;
use crate::model::sales_order::{OrderFilter, OrderForm, SalesOrderDto, ShipmentForm};
use crate::model::sales_order_view::{NewOrderPageData, OrderView};
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
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, sales_orders};
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = sales_orders::list(&state.pool, &actor, &filter, &at, size).await?;
        Ok(OrderList {
            page,
            owners: accounts::owners(&state.pool, &actor).await?,
            can_create: actor.role.can(Permission::EditOwnOrders),
        })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_order")]
pub async fn get_order(id: i64) -> Result<OrderView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::sales_order_views::detail(&state.pool, &actor, id).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "new_order_data")]
pub async fn new_order_data(account_id: Option<i64>) -> Result<NewOrderPageData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::sales_order_views::new_page(&state.pool, &actor, account_id).await
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
        super::ssr::done(format!("Order {} {verb}.", o.number), &format!("/orders/{}", o.id)).await?;
        Ok(o.id)
    })
    .await
}

/// Confirm, hold, release, cancel or close an order.
#[server(prefix = "/fn", endpoint = "order_event")]
pub async fn apply_order_event(id: i64, event: String) -> Result<String, AppError> {
    use crate::model::sales_order::OrderEvent;
    super::ssr::as_employee(|state, actor| async move {
        let e = OrderEvent::parse(&event).map_err(|m| AppError::field("event", m))?;
        let o = crate::server::service::sales_orders::apply(&state.pool, &actor, id, e).await?;
        super::ssr::done(
            format!("Order {} is now {}.", o.number, o.status.label().to_lowercase()),
            &format!("/orders/{id}"),
        )
        .await?;
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
        let note = format!("Order {} created from the opportunity. Check it, then confirm it.", o.number);
        super::ssr::done(note, &format!("/orders/{}", o.id)).await?;
        Ok(o.id)
    })
    .await
}

/// Records a shipment, posted as `form[date]`, `form[carrier]`, `form[lines][i][line_id]`, ….
#[server(prefix = "/fn", endpoint = "create_shipment")]
pub async fn create_shipment(order_id: i64, #[server(default)] form: ShipmentForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let s = crate::server::service::shipments::create(&state.pool, &actor, order_id, &form).await?;
        super::ssr::done(format!("Shipment {} recorded.", s.number), &format!("/orders/{order_id}")).await?;
        Ok(s.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "cancel_shipment")]
pub async fn cancel_shipment(id: i64) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let s = crate::server::service::shipments::cancel(&state.pool, &actor, id).await?;
        super::ssr::done(
            format!("Shipment {} cancelled; its quantities are open again.", s.number),
            &format!("/orders/{}", s.sales_order_id),
        )
        .await?;
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
