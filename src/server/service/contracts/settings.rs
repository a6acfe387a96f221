//! The renewal settings: read by everyone who reads contracts (the preview names the index),
//! changed by managers and admins, each change on the settings' timeline.
use crate::error::AppError;
use crate::model::contract_settings::{InvoiceMode, RenewalSettingsDto, RenewalSettingsForm};
use crate::model::permissions::Permission;
use crate::model::timeline::TimelineEvent;
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::settings::SettingsRow, Pool};
use crate::server::service::timeline;

/// The timeline entity of the renewal settings (one row: id 1).
const ENTITY: &str = "renewal_settings";

fn dto(r: SettingsRow) -> Result<RenewalSettingsDto, AppError> {
    Ok(RenewalSettingsDto {
        invoice_mode: InvoiceMode::from_db(&r.contract_invoice_mode, "company settings", 1)?,
        grace_days: r.contract_grace_days,
        index_name: r.price_index_name,
        index_value: r.price_index_value,
        reminder_days: r.contract_reminder_days,
    })
}

pub async fn get(pool: &Pool, actor: &Actor) -> Result<(RenewalSettingsDto, Vec<TimelineEvent>), AppError> {
    actor.require(Permission::EditAllContracts)?;
    Ok((dto(db::contracts::settings::get(pool).await?)?, timeline::for_entity(pool, ENTITY, 1).await?))
}

pub async fn update(pool: &Pool, actor: &Actor, form: &RenewalSettingsForm) -> Result<RenewalSettingsDto, AppError> {
    actor.require(Permission::EditAllContracts)?;
    let s = form.parse()?;
    let mut tx = db::begin_write(pool).await?;
    let row = SettingsRow {
        contract_invoice_mode: s.invoice_mode.as_str().into(),
        contract_grace_days: s.grace_days,
        price_index_name: s.index_name.clone(),
        price_index_value: s.index_value.clone(),
        contract_reminder_days: s.reminder_days.replace(' ', ""),
    };
    db::contracts::settings::update(&mut tx, &row).await?;
    let note = format!(
        "renewal invoices: {} · grace {} days · reminders {} days before the end · index {} = {}",
        s.invoice_mode.as_str(),
        s.grace_days,
        if s.reminder_days.is_empty() { "—" } else { &s.reminder_days },
        if s.index_name.is_empty() { "—" } else { &s.index_name },
        s.index_value.as_deref().unwrap_or("—")
    );
    timeline::record(&mut tx, Some(actor), ENTITY, 1, "edited", None, Some(&note)).await?;
    db::commit(tx).await?;
    Ok(s)
}
