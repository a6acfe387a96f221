//! Company settings: everyone signed in reads what documents need; admins change them. Unknown
//! series names and inactive default tax rates are refused; every save is on the timeline.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::settings::{SettingsDto, SettingsForm, SettingsInput};
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::timeline;

pub const ENTITY: &str = "settings";

pub async fn get(pool: &Pool) -> Result<SettingsDto, AppError> {
    let s = db::settings::get(pool).await?;
    Ok(SettingsDto {
        company_name: s.company_name,
        address: s.address,
        tax_id: s.tax_id,
        bank_account_name: s.bank_account_name,
        iban: s.iban,
        bic: s.bic,
        default_currency: s.default_currency,
        default_payment_terms_days: s.default_payment_terms_days,
        default_tax_rate_id: s.default_tax_rate_id,
        invoice_footer: s.invoice_footer,
        paper_size: s.paper_size,
        invoice_quantities: s.invoice_quantities,
        reminder_schedule: s.reminder_schedule,
        invoice_link_days: s.invoice_link_days,
        series: db::settings::series(pool).await?,
    })
}

pub async fn update(pool: &Pool, actor: &Actor, form: &SettingsForm) -> Result<SettingsDto, AppError> {
    actor.require(Permission::ManageSettings)?;
    let input = SettingsInput::parse(form)?;
    let known = db::settings::series(pool).await?;
    if let Some(x) = input.series.iter().find(|x| !known.iter().any(|k| k.series == x.series)) {
        return Err(AppError::field("series", format!("{} is not a document series", x.series)));
    }
    let mut tx = db::begin_write(pool).await?;
    if let Some(id) = input.default_tax_rate_id {
        match db::tax_rates::by_id(&mut *tx, id).await? {
            Some(t) if t.active => {}
            Some(_) => return Err(AppError::field("default_tax_rate_id", "is inactive: activate it first")),
            None => return Err(AppError::field("default_tax_rate_id", "must be chosen from the list")),
        }
    }
    db::settings::update(&mut tx, &input).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, 1, "edited", None, None).await?;
    db::commit(tx).await?;
    get(pool).await
}
