//! Admin → support settings: read and save the calendar, holidays, SLA policies, assignment rule
//! and ticket settings. A saved calendar recomputes the stored clocks of every open ticket in the
//! same transaction, so the queues never sort by due times of the calendar before. A changed
//! policy applies to tickets created (or given a new priority) from then on: a ticket keeps the
//! targets it was opened under.
use super::sla;
use crate::error::AppError;
use crate::model::business_hours::parse_work_days;
use crate::model::permissions::Permission;
use crate::model::support_settings::{
    PolicyDto, SupportSettingsDto, SupportSettingsForm, SupportSettingsInput, SupportSettingsView,
};
use crate::model::ticket::{AssignmentRule, Priority};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::timeline;
use chrono::Utc;

pub const ENTITY: &str = "support_settings";

/// The page: the settings and their timeline.
pub async fn page(pool: &Pool, actor: &Actor) -> Result<SupportSettingsView, AppError> {
    Ok(SupportSettingsView { settings: get(pool, actor).await?, events: timeline::for_entity(pool, ENTITY, 1).await? })
}

pub async fn get(pool: &Pool, actor: &Actor) -> Result<SupportSettingsDto, AppError> {
    actor.require(Permission::ManageSupport)?;
    let row = db::tickets::settings::get(pool).await?;
    let bad = |what: &str, v: &str| AppError::internal(format!("company_settings 1: {what} {v:?}"));
    let mut policies = Vec::new();
    for (priority, first, resolution, all_day) in db::tickets::settings::policies(pool).await? {
        let priority = Priority::parse(&priority).map_err(|_| bad("sla_policies.priority", &priority))?;
        policies.push(PolicyDto { priority, first_response_minutes: first, resolution_minutes: resolution, all_day });
    }
    Ok(SupportSettingsDto {
        work_days: parse_work_days(&row.work_days).map_err(|_| bad("work_days", &row.work_days))?,
        assignment: AssignmentRule::parse(&row.ticket_assignment)
            .map_err(|_| bad("ticket_assignment", &row.ticket_assignment))?,
        timezone: row.timezone,
        work_start: row.work_start,
        work_end: row.work_end,
        holidays: db::tickets::settings::holidays(pool).await?,
        auto_close_days: row.ticket_auto_close_days,
        link_days: row.ticket_link_days,
        policies,
    })
}

pub async fn update(pool: &Pool, actor: &Actor, form: &SupportSettingsForm) -> Result<SupportSettingsDto, AppError> {
    actor.require(Permission::ManageSupport)?;
    let input = SupportSettingsInput::parse(form)?;
    if input.timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::field("timezone", "is not a time zone name; use one such as Europe/Berlin or UTC"));
    }
    let mut tx = db::begin_write(pool).await?;
    db::tickets::settings::save(&mut tx, &input).await?;
    let now = Utc::now();
    let open = db::tickets::settings::open_tickets(&mut tx).await?;
    for id in &open {
        let row = db::tickets::get_locked(&mut tx, *id).await?;
        sla::recompute(&mut tx, row.id, &sla::policy_of(&row), row.first_responded_at, now).await?;
    }
    let note = format!("{} open tickets' clocks recomputed", open.len());
    timeline::record(&mut tx, Some(actor), ENTITY, 1, "edited", None, Some(&note)).await?;
    db::commit(tx).await?;
    get(pool, actor).await
}
