//! The customer's side of a renewal: the offer emailed with a link (`/c/{token}`, stored as a
//! keyed hash like the invoice and ticket links), what the customer sees behind it (the next
//! term's lines and price beside today's), and their answer — accept renews through `renew_in`
//! exactly like a renewal by hand (one term and one invoice whatever is clicked twice), decline
//! schedules the end at the term's end with their reason. Anything wrong with a token is the same
//! NotFound; the owner is emailed each answer.
use super::billing;
use super::renewal::{preview_of, renew_in};
use super::{renewed_ahead, require_change, ENTITY};
use crate::error::AppError;
use crate::model::contract::{ContractStatus, TermOrigin};
use crate::model::customer_contract::CustomerContract;
use crate::model::permissions::Permission;
use crate::model::validate::{optional_text, FieldErrors};
use crate::server::auth::{new_token, token_hash, Actor};
use crate::server::db::links::{CONTRACT, MAX_TOKEN_LEN};
use crate::server::db::{self, contracts::ContractRow, Tx};
use crate::server::service::timeline;
use crate::server::state::AppState;
use chrono::{DateTime, Duration, Utc};

/// A new renewal link in the caller's transaction: (url, expiry). It works until the grace
/// period after the term's end is over, and at least two weeks.
pub async fn link_in(
    tx: &mut Tx,
    state: &AppState,
    actor: Option<&Actor>,
    row: &ContractRow,
) -> Result<(String, DateTime<Utc>), AppError> {
    let grace = db::contracts::settings::get(&mut **tx).await?.contract_grace_days;
    let until_end = (row.end_date + Duration::days(grace + 1)).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let expires = until_end.max(Utc::now() + Duration::days(14));
    let token = new_token("amc");
    let hash = token_hash(&state.config.secret, &token);
    db::links::insert(tx, &CONTRACT, row.id, &hash, expires, actor.map(|a| a.id)).await?;
    Ok((format!("{}/c/{token}", state.config.base_url.trim_end_matches('/')), expires))
}

/// Where the customer's emails go: the contract's contact, else the account's invoice address.
pub(super) async fn customer_address(tx: &mut Tx, row: &ContractRow) -> Result<Option<String>, AppError> {
    let pick = |e: &str| Some(e.trim().to_string()).filter(|e| !e.is_empty());
    if let Some(c) = row.contact_id {
        if let Some(e) = db::contacts::by_id(&mut **tx, c).await?.and_then(|c| pick(&c.email)) {
            return Ok(Some(e));
        }
    }
    Ok(db::accounts::by_id(&mut **tx, row.account_id).await?.and_then(|a| pick(&a.invoice_email)))
}

/// Emails the renewal offer with a fresh link to the customer. Returns the address.
pub async fn send_offer(state: &AppState, actor: &Actor, id: i64) -> Result<String, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    require_change(actor, &row)?;
    if !decidable(&row) {
        return Err(AppError::invalid_transition(
            "only a running contract that is not renewed or ending takes an offer",
        ));
    }
    let Some(to) = customer_address(&mut tx, &row).await? else {
        return Err(AppError::field(
            "contact_id",
            "the contract has no contact with an email and the account no invoice email",
        ));
    };
    let body = offer_body(&mut tx, state, Some(actor), &row).await?;
    let subject = format!("Renewal of {} — {}", row.number, row.title);
    state.mailer.enqueue(&mut tx, &to, &subject, &body).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "offer_sent", None, Some(&format!("to {to}"))).await?;
    db::commit(tx).await?;
    Ok(to)
}

/// The offer's text with a new link: the next term, its price beside today's, the deadline.
pub(super) async fn offer_body(
    tx: &mut Tx,
    state: &AppState,
    actor: Option<&Actor>,
    row: &ContractRow,
) -> Result<String, AppError> {
    let p = preview_of(tx, row).await?;
    let (url, expires) = link_in(tx, state, actor, row).await?;
    let company = db::settings::get(&mut **tx).await?.company_name;
    let c = row.currency;
    let money = |s: &str| s.parse().map(|d| c.format(d)).unwrap_or_else(|_| s.to_string());
    let what = if row.auto_renew {
        format!("It renews automatically on {} unless you tell us otherwise by {}.", p.start_date, row.notice_date)
    } else {
        format!("It ends on {} unless you renew it.", row.end_date)
    };
    Ok(format!(
        "Hello,\n\nyour contract {} ({}) runs until {}. {what}\n\nThe next term, {} to {}, costs {} (now {}). {}\n\n\
         See the lines and prices, and accept or decline the renewal here:\n{url}\n(the link works until {})\n\n\
         Kind regards,\n{company}\n",
        row.number,
        row.title,
        row.end_date,
        p.start_date,
        p.end_date,
        money(&p.amount),
        money(&p.current_amount),
        p.uplift_reason,
        expires.date_naive(),
    ))
}

/// The customer may still accept or decline: running, not renewed ahead, not ending.
fn decidable(row: &ContractRow) -> bool {
    row.status == ContractStatus::Active && !renewed_ahead(row, super::today()) && row.cancel_at.is_none()
}

/// The contract behind a live token, or NotFound for anything else, so the answer reveals nothing.
async fn resolve(state: &AppState, token: &str) -> Result<(db::links::LinkRow, ContractRow), AppError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(AppError::NotFound);
    }
    let hash = token_hash(&state.config.secret, token);
    let link = db::links::live_by_hash(&state.pool, &CONTRACT, &hash).await?.ok_or(AppError::NotFound)?;
    let row = db::contracts::by_id(&state.pool, link.parent_id).await?.ok_or(AppError::NotFound)?;
    Ok((link, row))
}

/// What the customer sees; the first view of each link goes on the contract's timeline.
pub async fn view(state: &AppState, token: &str) -> Result<CustomerContract, AppError> {
    let (link, row) = resolve(state, token).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let p = preview_of(&mut tx, &row).await?;
    let company = db::settings::get(&mut *tx).await?.company_name;
    db::links::touch(&mut tx, &CONTRACT, link.id).await?;
    if link.last_viewed_at.is_none() {
        timeline::record(&mut tx, None, ENTITY, row.id, "offer_viewed", None, None).await?;
    }
    db::commit(tx).await?;
    let dto = super::dto(&row, super::today());
    let decision = match (&dto.renewed_until, &row.cancel_at, row.status) {
        (Some(until), _, _) => Some(format!("Renewed: the contract now runs until {until}.")),
        (_, Some(at), _) => Some(format!("Not renewing: the contract ends on {at}.")),
        (_, _, ContractStatus::Active) => None,
        (_, _, s) => Some(format!("The contract is {}.", s.label().to_lowercase())),
    };
    Ok(CustomerContract {
        company,
        number: row.number.clone(),
        title: row.title.clone(),
        account_name: row.account_name.clone(),
        currency: row.currency.to_string(),
        end_date: dto.end_date,
        notice_date: dto.notice_date,
        auto_renew: row.auto_renew,
        next_start: p.start_date,
        next_end: p.end_date,
        uplift_percent: p.uplift_percent,
        uplift_reason: p.uplift_reason,
        current_amount: p.current_amount,
        amount: p.amount,
        lines: p.lines,
        can_decide: decidable(&row),
        decision,
    })
}

/// Tells the contract's owner what the customer answered, in the answer's transaction.
async fn tell_owner(tx: &mut Tx, state: &AppState, row: &ContractRow, what: &str) -> Result<(), AppError> {
    if let Some(owner) = db::users::by_id(&mut **tx, row.owner_id).await? {
        let subject = format!("{} {what} by {}", row.number, row.account_name);
        let body = format!("{} — {}: the customer {what} the renewal through their link.\n", row.number, row.title);
        state.mailer.enqueue(tx, &owner.email, &subject, &body).await?;
    }
    Ok(())
}

/// The customer accepts: the next term and its invoice, exactly once (a second click, or a
/// renewal by hand in between, is a 409 that the page explains).
pub async fn accept(state: &AppState, token: &str) -> Result<(), AppError> {
    let (_, row) = resolve(state, token).await?;
    let day = super::today();
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, row.id).await?;
    if !decidable(&row) {
        return Err(AppError::invalid_transition("this renewal is already decided"));
    }
    let billed = renew_in(&mut tx, None, &row, day, TermOrigin::Customer).await?;
    tell_owner(&mut tx, state, &row, "accepted").await?;
    db::commit(tx).await?;
    billing::send_issued(state, None, row.id, &billed).await
}

/// The customer declines: the contract ends at the term's end (it does not auto-renew), with
/// their reason on its timeline.
pub async fn decline(state: &AppState, token: &str, reason: &str) -> Result<(), AppError> {
    let (_, row) = resolve(state, token).await?;
    let mut e = FieldErrors::default();
    let reason = optional_text(&mut e, "reason", reason, 500);
    if !e.is_empty() {
        return Err(e.into());
    }
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, row.id).await?;
    if !decidable(&row) {
        return Err(AppError::invalid_transition("this renewal is already decided"));
    }
    let why = if reason.is_empty() {
        "Declined by the customer".to_string()
    } else {
        format!("Declined by the customer: {reason}")
    };
    db::contracts::set_cancellation(&mut tx, row.id, ContractStatus::Active, &why, Some(row.end_date), None).await?;
    let note = format!("at the term's end, {}: {why}", row.end_date);
    timeline::record(&mut tx, None, ENTITY, row.id, "declined", None, Some(&note)).await?;
    tell_owner(&mut tx, state, &row, "declined").await?;
    db::commit(tx).await?;
    Ok(())
}
