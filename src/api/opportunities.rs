//! Opportunities: list, detail (lines, totals, allowed stage moves), the editor's data, save and
//! stage moves. The line editor's live totals are `lines::quote_lines`.
use crate::error::AppError;
use crate::model::list::ListPage;
use crate::model::opportunity::{LineForm, OpportunityDto, OpportunityFilter, OpportunityForm};
use crate::model::opportunity_view::{OpportunityEditorData, OpportunityView};
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
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, opportunities};
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = opportunities::list(&state.pool, &actor, &filter, &at, size).await?;
        Ok(OpportunityList {
            page,
            owners: accounts::owners(&state.pool, &actor).await?,
            can_create: actor.role.can(Permission::EditOwnCrm),
        })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_opportunity")]
pub async fn get_opportunity(id: i64) -> Result<OpportunityView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::opportunity_views::detail(&state.pool, &actor, id).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "opportunity_form_data")]
pub async fn opportunity_form_data() -> Result<OpportunityEditorData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::opportunity_views::editor(&state.pool, &actor).await
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
        super::ssr::done(format!("Opportunity {} {verb}.", o.name), &format!("/opportunities/{}", o.id)).await?;
        Ok(o.id)
    })
    .await
}

/// Moves a deal to `stage` (a lost deal needs `lost_reason`).
#[server(prefix = "/fn", endpoint = "move_opportunity")]
pub async fn move_opportunity(id: i64, stage: String, lost_reason: Option<String>) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let to = crate::model::opportunity::Stage::parse(&stage).map_err(|m| AppError::field("stage", m))?;
        let o = crate::server::service::opportunities::move_stage(&state.pool, &actor, id, to, lost_reason.as_deref())
            .await?;
        super::ssr::done(format!("{} is now {}.", o.name, to.label()), &format!("/opportunities/{id}")).await?;
        Ok(to.as_str().to_string())
    })
    .await
}
