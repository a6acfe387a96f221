//! Opportunities: list, detail (lines, totals, allowed stage moves), the editor's data, save and
//! stage moves. The line editor's live totals are `lines::quote_lines`.
use crate::error::AppError;
use crate::model::lines::TotalsView;
use crate::model::list::ListPage;
use crate::model::opportunity::{
    LineForm, OpportunityDto, OpportunityFilter, OpportunityForm, OpportunityLineDto, Stage,
};
use crate::model::pickers::Catalog;
use crate::model::timeline::TimelineEvent;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpportunityList {
    pub page: ListPage<OpportunityDto>,
    pub owners: Vec<(i64, String)>,
    pub can_create: bool,
}

#[server(prefix = "/fn", endpoint = "list_opportunities")]
pub async fn list_opportunities(
    #[server(default)] filter: OpportunityFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<OpportunityList, AppError> {
    use crate::model::list::Position;
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, opportunities};
    super::ssr::as_employee(|state, actor| async move {
        let position =
            Position::parse(after.as_deref(), before.as_deref()).map_err(|m| AppError::field("cursor", m))?;
        let page = opportunities::list(&state.pool, &actor, &filter, &position, crate::model::list::PAGE_SIZE).await?;
        Ok(OpportunityList {
            page,
            owners: accounts::owners(&state.pool, &actor).await?,
            can_create: actor.role.can(Permission::EditOwnCrm),
        })
    })
    .await
}

/// What the opportunity editor needs to offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    /// (id, name, currency) of active accounts.
    pub accounts: Vec<(i64, String, String)>,
    pub catalog: Catalog,
    pub owners: Vec<(i64, String)>,
    pub can_choose_owner: bool,
}

#[cfg(feature = "ssr")]
async fn editor_data(
    state: &crate::server::state::AppState,
    actor: &crate::server::auth::Actor,
) -> Result<EditorData, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::pickers;
    let owner_filter = (!actor.role.can(Permission::EditAllCrm)).then_some(actor.id);
    let accounts = pickers::accounts_with_currency(&state.pool, owner_filter).await?;
    Ok(EditorData {
        accounts,
        catalog: pickers::catalog(&state.pool).await?,
        owners: crate::server::service::accounts::owners(&state.pool, actor).await?,
        can_choose_owner: actor.role.can(Permission::EditAllCrm),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpportunityView {
    pub opportunity: OpportunityDto,
    pub lines: Vec<OpportunityLineDto>,
    pub totals: TotalsView,
    /// The stage moves the machine allows from here.
    pub next_stages: Vec<Stage>,
    pub can_edit: bool,
    pub events: Vec<TimelineEvent>,
    /// For the edit form; None when the user may not edit or the deal is closed.
    pub editor: Option<EditorData>,
    /// Sales orders made from this deal (empty without access to orders).
    pub orders: Vec<crate::model::sales_order::SalesOrderDto>,
    /// Won, and the user may create orders.
    pub can_create_order: bool,
}

#[server(prefix = "/fn", endpoint = "get_opportunity")]
pub async fn get_opportunity(id: i64) -> Result<OpportunityView, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::{opportunities, timeline};
    super::ssr::as_employee(|state, actor| async move {
        let d = opportunities::get(&state.pool, &actor, id).await?;
        let o = &d.opportunity;
        let can_edit = actor.can_edit_owned(o.owner_id);
        let c = crate::model::money::Currency::parse(&o.currency).unwrap_or(crate::model::money::Currency::EUR);
        let editor = if can_edit && o.stage.is_open() { Some(editor_data(&state, &actor).await?) } else { None };
        let orders = if actor.role.can(Permission::ViewOrders) {
            let f = crate::model::sales_order::OrderFilter { opportunity: id.to_string(), ..Default::default() };
            let first = crate::model::list::Position::First;
            crate::server::service::sales_orders::list(&state.pool, &actor, &f, &first, 20).await?.items
        } else {
            vec![]
        };
        Ok(OpportunityView {
            totals: TotalsView::new(c, &d.totals),
            next_stages: if can_edit { o.stage.next() } else { vec![] },
            can_edit,
            events: timeline::for_entity(&state.pool, opportunities::ENTITY, id).await?,
            editor,
            orders,
            can_create_order: o.stage == Stage::Won && actor.role.can(Permission::EditOwnOrders),
            lines: d.lines,
            opportunity: d.opportunity,
        })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "opportunity_form_data")]
pub async fn opportunity_form_data() -> Result<EditorData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        actor.require(crate::model::permissions::Permission::EditOwnCrm)?;
        editor_data(&state, &actor).await
    })
    .await
}

/// Creates (no `id`) or saves a deal with its lines, posted as `form[...]` and `lines[i][...]`.
#[server(prefix = "/fn", endpoint = "save_opportunity")]
pub async fn save_opportunity(
    id: Option<i64>,
    #[server(default)] form: OpportunityForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<i64, AppError> {
    use crate::server::service::opportunities;
    super::ssr::as_employee(|state, actor| async move {
        let o = match id {
            None => opportunities::create(&state.pool, &actor, &form, &lines).await?,
            Some(id) => opportunities::update(&state.pool, &actor, id, &form, &lines).await?,
        };
        let verb = if id.is_some() { "saved" } else { "created" };
        super::ssr::set_flash(format!("Opportunity {} {verb}.", o.name)).await?;
        leptos_axum::redirect(&format!("/opportunities/{}", o.id));
        Ok(o.id)
    })
    .await
}

/// Moves a deal to `stage` (a lost deal needs `lost_reason`).
#[server(prefix = "/fn", endpoint = "move_opportunity")]
pub async fn move_opportunity(id: i64, stage: String, lost_reason: Option<String>) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let to = Stage::parse(&stage).map_err(|m| AppError::field("stage", m))?;
        let o = crate::server::service::opportunities::move_stage(&state.pool, &actor, id, to, lost_reason.as_deref())
            .await?;
        super::ssr::set_flash(format!("{} is now {}.", o.name, to.label())).await?;
        leptos_axum::redirect(&format!("/opportunities/{id}"));
        Ok(to.as_str().to_string())
    })
    .await
}
