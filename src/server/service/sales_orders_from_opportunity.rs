//! A sales order whose lines, when none are given, are its opportunity's (the REST API's
//! `POST /api/v1/sales-orders` with an `opportunity_id` and no `lines`).
use crate::error::AppError;
use crate::model::lines::LineForm;
use crate::model::permissions::Permission;
use crate::model::sales_order::{OrderForm, SalesOrderDto};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::sales_orders;

/// Creates a draft order with `lines`, or, when `lines` is `None` and the form names an
/// opportunity, with that opportunity's lines at the prices agreed. Whether the opportunity may
/// take the order (won, the same account) is checked by [`sales_orders::create`], as for any form.
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    form: &OrderForm,
    lines: Option<Vec<LineForm>>,
) -> Result<SalesOrderDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let lines = match (lines, form.opportunity_id.trim().parse::<i64>()) {
        (Some(lines), _) => lines,
        (None, Ok(opportunity_id)) => match db::opportunities::by_id(pool, opportunity_id).await? {
            Some(opp) => sales_orders::opportunity_lines(pool, &opp).await?,
            None => vec![],
        },
        (None, Err(_)) => vec![],
    };
    sales_orders::create(pool, actor, form, &lines).await
}
