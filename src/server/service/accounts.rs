//! Accounts: list with filters, read, create, edit (owner or manager), and who may own one.
use crate::error::AppError;
use crate::model::account::{AccountDto, AccountFilter, AccountForm, AccountInput, AccountSort};
use crate::model::list::{search_text, status_filter, ListPage, Position};
use crate::model::money::Currency;
use crate::model::permissions::{Permission, Role};
use crate::server::auth::Actor;
use crate::server::db::{self, accounts::Filter, Pool, Tx};
use crate::server::service::timeline;

pub const ENTITY: &str = "account";

/// Turns the list's query-string filters into SQL filters; "me" is the actor.
pub fn resolve_filter(actor: &Actor, f: &AccountFilter) -> Result<Filter, AppError> {
    let owner_id = match f.owner.trim() {
        "" => None,
        "me" => Some(actor.id),
        o => Some(o.parse::<i64>().map_err(|_| AppError::field("owner", "must be a user id or \"me\""))?),
    };
    let active = status_filter(&f.status).map_err(|m| AppError::field("status", m))?;
    let search = search_text(&f.q).map_err(|m| AppError::field("q", m))?;
    let tag = f.tag.trim();
    Ok(Filter { search, owner_id, active, tag: (!tag.is_empty()).then(|| tag.to_string()) })
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &AccountFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<AccountDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    let filter = resolve_filter(actor, f)?;
    let sort = AccountSort::from_query(&f.sort);
    let order = db::accounts::order(sort);
    let rows = db::accounts::page(pool, &filter, sort, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| order.cursor(&r.name_key, r.id)).map(|r| r.to_dto()))
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<AccountDto, AppError> {
    actor.require(Permission::ViewCrm)?;
    db::accounts::by_id(pool, id).await?.map(|r| r.to_dto()).ok_or(AppError::NotFound)
}

/// The company's default currency and payment terms, for fields left empty.
pub async fn defaults(pool: &Pool) -> Result<(Currency, i64), AppError> {
    let s = db::settings::get(pool).await?;
    Ok((Currency::from_db(&s.default_currency, "settings", 1)?, s.default_payment_terms_days))
}

/// Checks that `owner_id` is an active employee who can own accounts and deals.
pub async fn check_owner(tx: &mut Tx, owner_id: i64) -> Result<String, AppError> {
    match db::users::by_id(&mut **tx, owner_id).await? {
        Some(u) if u.active && u.role().can(Permission::EditOwnCrm) => Ok(u.name),
        Some(u) if u.active => {
            Err(AppError::field("owner_id", format!("{} cannot own accounts ({} role)", u.name, u.role().label())))
        }
        _ => Err(AppError::field("owner_id", "must be an active employee")),
    }
}

pub async fn create(pool: &Pool, actor: &Actor, form: &AccountForm) -> Result<AccountDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let (currency, terms) = defaults(pool).await?;
    let input = AccountInput::parse(form, currency, terms)?;
    let owner_id = input.owner_id.unwrap_or(actor.id);
    if owner_id != actor.id && !actor.role.can(Permission::EditAllCrm) {
        return Err(AppError::field("owner_id", "only a manager can create an account for someone else"));
    }
    let mut tx = db::begin_write(pool).await?;
    let owner_name = check_owner(&mut tx, owner_id).await?;
    let id = db::accounts::insert(&mut tx, &input, owner_id).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "created", None, Some(&format!("owner {owner_name}"))).await?;
    let row = db::accounts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Replaces the account's fields with the form's (the API's PATCH merges into the stored form
/// first). Each change is on the timeline; an owner change is a reassignment.
pub async fn update(pool: &Pool, actor: &Actor, id: i64, form: &AccountForm) -> Result<AccountDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let (currency, terms) = defaults(pool).await?;
    let input = AccountInput::parse(form, currency, terms)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::accounts::get_locked(&mut tx, id).await?;
    actor.require_edit_owned(before.owner_id)?;
    let owner_id = input.owner_id.unwrap_or(before.owner_id);
    if owner_id != before.owner_id {
        if !actor.role.can(Permission::Reassign) {
            return Err(AppError::field("owner_id", "only a manager can give an account to someone else"));
        }
        let to = check_owner(&mut tx, owner_id).await?;
        timeline::record(&mut tx, Some(actor), ENTITY, id, "reassigned", Some((&before.owner_name, &to)), None).await?;
    }
    db::accounts::update(&mut tx, id, &input, owner_id).await?;
    let old = before.to_dto();
    let changed = changed_fields(&old, &input);
    if !changed.is_empty() {
        timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, Some(&changed.join(", "))).await?;
    }
    if old.active != input.active {
        let (kind, from, to) =
            if input.active { ("reactivated", "inactive", "active") } else { ("deactivated", "active", "inactive") };
        timeline::record(&mut tx, Some(actor), ENTITY, id, kind, Some((from, to)), None).await?;
    }
    let row = db::accounts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// The names of the fields an edit changes, for the timeline note.
fn changed_fields(old: &AccountDto, new: &AccountInput) -> Vec<&'static str> {
    let mut out = Vec::new();
    let pairs: [(&'static str, bool); 10] = [
        ("name", old.name != new.name),
        ("legal name", old.legal_name != new.legal_name),
        ("tax id", old.tax_id != new.tax_id),
        ("billing address", old.billing_address != new.billing_address),
        ("shipping address", old.shipping_address != new.shipping_address),
        ("invoice email", old.invoice_email != new.invoice_email),
        ("phone", old.phone != new.phone),
        ("currency", old.currency != new.currency.code()),
        ("payment terms", old.payment_terms_days != new.payment_terms_days),
        ("tags", old.tags != new.tags),
    ];
    for (name, differs) in pairs {
        if differs {
            out.push(name);
        }
    }
    out
}

/// Active employees who can own accounts and deals, for owner pickers: (id, name).
pub async fn owners(pool: &Pool, actor: &Actor) -> Result<Vec<(i64, String)>, AppError> {
    actor.require(Permission::ViewCrm)?;
    Ok(db::users::active_with_roles(pool)
        .await?
        .into_iter()
        .filter(|(_, _, role)| Role::parse(role).is_ok_and(|r| r.can(Permission::EditOwnCrm)))
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// The account a document is for: the stored document's (`stored`, which an edit may not change)
/// or the typed one (`typed`), which must exist and be active. Problems go into `errors` as
/// `account_id`.
pub async fn for_document(
    tx: &mut Tx,
    stored: Option<i64>,
    typed: Option<i64>,
    errors: &mut crate::model::validate::FieldErrors,
) -> Result<Option<db::accounts::AccountRow>, AppError> {
    if let (Some(s), Some(t)) = (stored, typed) {
        if s != t {
            errors.add("account_id", "cannot change: start a new document for another account");
        }
    }
    let Some(id) = stored.or(typed) else { return Ok(None) };
    Ok(match db::accounts::by_id(&mut **tx, id).await? {
        Some(a) if a.active || stored.is_some() => Some(a),
        Some(_) => {
            errors.add("account_id", "is inactive");
            None
        }
        None => {
            errors.add("account_id", "must be chosen from the list");
            None
        }
    })
}
