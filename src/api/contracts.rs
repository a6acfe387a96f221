//! Renewal / AMC contracts: the list, the detail page's data (lines, terms, allowed events, the
//! renewal preview, timeline), the new-contract page (from scratch or from an order), save,
//! activate / renew, cancel, and the renewal settings.
use crate::error::AppError;
use crate::model::contract::{CancelForm, ContractDto, ContractFilter, ContractForm};
use crate::model::contract_view::{ContractView, NewContractPageData};
use crate::model::lines::LineForm;
use crate::model::list::ListPage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractList {
    pub page: ListPage<ContractDto>,
    pub owners: Vec<(i64, String)>,
    pub can_create: bool,
}

#[server(prefix = "/fn", endpoint = "list_contracts")]
pub async fn list_contracts(
    #[server(default)] filter: ContractFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<ContractList, AppError> {
    use crate::model::permissions::Permission;
    use crate::server::service::{accounts, contracts};
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        Ok(ContractList {
            page: contracts::list(&state.pool, &actor, &filter, &at, size).await?,
            owners: accounts::owners(&state.pool, &actor).await?,
            can_create: actor.role.can(Permission::EditOwnContracts),
        })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_contract")]
pub async fn get_contract(id: i64) -> Result<ContractView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contract_views::detail(&state.pool, &actor, id).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "new_contract_data")]
pub async fn new_contract_data(
    account_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<NewContractPageData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contract_views::new_page(&state.pool, &actor, account_id, order_id).await
    })
    .await
}

/// Enters (no `id`) or saves a contract with its covered lines, posted as `form[...]` and `lines[i][...]`.
#[server(prefix = "/fn", endpoint = "save_contract")]
pub async fn save_contract(
    id: Option<i64>,
    #[server(default)] form: ContractForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<i64, AppError> {
    use crate::server::service::contracts::edit;
    super::ssr::as_employee(|state, actor| async move {
        let c = match id {
            None => edit::create(&state.pool, &actor, &form, &lines).await?,
            Some(id) => edit::update(&state.pool, &actor, id, &form, &lines).await?,
        };
        let verb = if id.is_some() { "saved" } else { "entered: activate it, or it starts on its start date" };
        super::ssr::done(format!("Contract {} {verb}.", c.number), &format!("/contracts/{}", c.id)).await?;
        Ok(c.id)
    })
    .await
}

/// The change page's data; `change` and `lines` are the change as typed (empty: no preview yet).
#[server(prefix = "/fn", endpoint = "contract_change_page")]
pub async fn contract_change_page(
    id: i64,
    #[server(default)] change: crate::model::contract_change::ChangeForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<crate::model::contract_view::ContractChangePage, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contract_views::change_page(&state.pool, &actor, id, &change, &lines).await
    })
    .await
}

/// Applies a change within the running term, posted as `change[...]` and `lines[i][...]` (added lines).
#[server(prefix = "/fn", endpoint = "apply_contract_change")]
pub async fn apply_contract_change(
    id: i64,
    #[server(default)] change: crate::model::contract_change::ChangeForm,
    #[server(default)] lines: Vec<LineForm>,
) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let c = crate::server::service::contracts::changes::apply(&state, &actor, id, &change, &lines).await?;
        let msg = format!("Contract {} changed from {}.", c.number, change.effective_date.trim());
        super::ssr::done(msg, &format!("/contracts/{id}")).await?;
        Ok(id)
    })
    .await
}

/// Activate or renew now.
#[server(prefix = "/fn", endpoint = "contract_event")]
pub async fn apply_contract_event(id: i64, event: String) -> Result<String, AppError> {
    use crate::model::contract::ContractEvent;
    use crate::server::service::contracts::renewal;
    super::ssr::as_employee(|state, actor| async move {
        let c = match ContractEvent::parse_manual(&event).map_err(|m| AppError::field("event", m))? {
            ContractEvent::Activate => renewal::activate(&state, &actor, id).await?,
            ContractEvent::Renew => renewal::renew(&state, &actor, id).await?,
            _ => return Err(AppError::field("event", "cancel with its reason")),
        };
        let msg = match c.renewed_until {
            Some(until) => format!("Contract {} renewed until {until}.", c.number),
            None => format!("Contract {} is {} until {}.", c.number, c.status.label().to_lowercase(), c.end_date),
        };
        super::ssr::done(msg, &format!("/contracts/{id}")).await?;
        Ok(c.status.as_str().to_string())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "cancel_contract")]
pub async fn cancel_contract(id: i64, #[server(default)] form: CancelForm) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let c = crate::server::service::contracts::renewal::cancel(&state.pool, &actor, id, &form).await?;
        let msg = match c.cancel_at {
            Some(at) => format!("Contract {} will end on {at} and not renew.", c.number),
            None => format!("Contract {} cancelled.", c.number),
        };
        super::ssr::done(msg, &format!("/contracts/{id}")).await?;
        Ok(c.status.as_str().to_string())
    })
    .await
}

/// The renewal settings page: the settings and their history.
#[server(prefix = "/fn", endpoint = "get_renewal_settings")]
pub async fn get_renewal_settings(
) -> Result<(crate::model::contract_settings::RenewalSettingsDto, Vec<crate::model::timeline::TimelineEvent>), AppError>
{
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contracts::settings::get(&state.pool, &actor).await
    })
    .await
}

#[server(prefix = "/fn", endpoint = "save_renewal_settings")]
pub async fn save_renewal_settings(
    #[server(default)] form: crate::model::contract_settings::RenewalSettingsForm,
) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contracts::settings::update(&state.pool, &actor, &form).await?;
        super::ssr::done("Renewal settings saved.".into(), "/admin/renewals").await
    })
    .await
}

/// Raises the renewal opportunity of the account's lapsed contract from a ticket; opens it.
#[server(prefix = "/fn", endpoint = "raise_renewal_opportunity")]
pub async fn raise_renewal_opportunity(contract_id: i64, ticket_id: Option<i64>) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let id =
            crate::server::service::contracts::coverage::raise_renewal(&state.pool, &actor, contract_id, ticket_id)
                .await?;
        super::ssr::done(
            "Renewal opportunity raised for the contract's owner.".into(),
            &format!("/opportunities/{id}"),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// The dashboard's renewal figures.
#[server(prefix = "/fn", endpoint = "renewal_overview")]
pub async fn renewal_overview() -> Result<crate::model::contract_view::RenewalOverview, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::contracts::stats::overview(&state.pool, &actor).await
    })
    .await
}
