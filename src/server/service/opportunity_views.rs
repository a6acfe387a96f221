//! What the opportunity pages show, each in one call: the detail page (`detail`: lines, totals,
//! allowed stage moves, orders made from it, timeline, the editor) and the editor (`editor`).
use crate::error::AppError;
use crate::model::lines::TotalsView;
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::opportunity::Stage;
use crate::model::opportunity_view::{OpportunityEditorData, OpportunityView};
use crate::model::permissions::Permission;
use crate::model::sales_order::OrderFilter;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{accounts, opportunities, pickers, sales_orders, timeline};

/// How many of a deal's orders its page lists.
const DEAL_ORDERS: usize = 20;

/// What the opportunity editor offers: the accounts (only the user's own without EditAllCrm),
/// the catalogue and the owners.
pub async fn editor(pool: &Pool, actor: &Actor) -> Result<OpportunityEditorData, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    editor_data(pool, actor).await
}

/// The editor's data; the detail page offers it to whoever may edit that deal.
async fn editor_data(pool: &Pool, actor: &Actor) -> Result<OpportunityEditorData, AppError> {
    let owner_filter = (!actor.role.can(Permission::EditAllCrm)).then_some(actor.id);
    Ok(OpportunityEditorData {
        accounts: pickers::accounts_with_currency(pool, owner_filter).await?,
        catalog: pickers::catalog(pool).await?,
        owners: accounts::owners(pool, actor).await?,
        can_choose_owner: actor.role.can(Permission::EditAllCrm),
    })
}

/// The opportunity detail page for this user.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<OpportunityView, AppError> {
    let d = opportunities::get(pool, actor, id).await?;
    let o = &d.opportunity;
    let can_edit = actor.can_edit_owned(o.owner_id);
    let c = Currency::from_db(&o.currency, "opportunity", o.id)?;
    let editor = if can_edit && o.stage.is_open() { Some(editor_data(pool, actor).await?) } else { None };
    let orders = if actor.role.can(Permission::ViewOrders) {
        let f = OrderFilter { opportunity: id.to_string(), ..Default::default() };
        sales_orders::list(pool, actor, &f, &Position::First, DEAL_ORDERS).await?.items
    } else {
        vec![]
    };
    Ok(OpportunityView {
        totals: TotalsView::new(c, &d.totals),
        next_stages: if can_edit { o.stage.next() } else { vec![] },
        can_edit,
        events: timeline::for_entity(pool, opportunities::ENTITY, id).await?,
        editor,
        orders,
        can_create_order: o.stage == Stage::Won && actor.role.can(Permission::EditOwnOrders),
        lines: d.lines,
        opportunity: d.opportunity,
    })
}
