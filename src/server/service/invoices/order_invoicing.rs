//! What the "Invoice this order" page shows, in one call (`page`): the order's number and account
//! and what it still has to invoice.
use crate::error::AppError;
use crate::model::invoice_view::OrderInvoicing;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::sales_orders;

/// The order's invoicing form, for those who manage invoices.
pub async fn page(pool: &Pool, actor: &Actor, order_id: i64) -> Result<OrderInvoicing, AppError> {
    actor.require(Permission::ManageInvoices)?;
    let o = sales_orders::get(pool, actor, order_id).await?.order;
    let (only_shipped, lines) = super::invoiceable(pool, actor, order_id).await?;
    Ok(OrderInvoicing { order_id, order_number: o.number, account_name: o.account_name, only_shipped, lines })
}
