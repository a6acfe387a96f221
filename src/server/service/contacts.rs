//! Contacts of an account: whoever may edit the account may add, change and remove its contacts.
//! Making one primary takes the flag from the previous primary in the same transaction.
use crate::error::AppError;
use crate::model::contact::{ContactDto, ContactForm, ContactInput};
use crate::model::list::{Cursor, ListPage, Position};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool, Tx};
use crate::server::service::{accounts, timeline};

pub async fn for_account(pool: &Pool, actor: &Actor, account_id: i64) -> Result<Vec<ContactDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    Ok(db::contacts::for_account(pool, account_id).await?.iter().map(|c| c.to_dto()).collect())
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    account_id: Option<i64>,
    position: &Position,
    limit: usize,
) -> Result<ListPage<ContactDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    let after = match position {
        Position::First => None,
        Position::After(c) => Some(c.id),
        Position::Before(_) => return Err(AppError::field("cursor", "contacts page forwards only")),
    };
    let rows = db::contacts::page(pool, account_id, after, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| Cursor { key: None, id: r.id }).map(|r| r.to_dto()))
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<ContactDto, AppError> {
    actor.require(Permission::ViewCrm)?;
    db::contacts::by_id(pool, id).await?.map(|c| c.to_dto()).ok_or(AppError::NotFound)
}

/// Locks in the account for the edit and checks the actor may edit it.
async fn editable_account(tx: &mut Tx, actor: &Actor, account_id: i64) -> Result<(), AppError> {
    let account = db::accounts::by_id(&mut **tx, account_id).await?.ok_or(AppError::NotFound)?;
    actor.require_edit_owned(account.owner_id)
}

pub async fn create(pool: &Pool, actor: &Actor, account_id: i64, form: &ContactForm) -> Result<ContactDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let input = ContactInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    editable_account(&mut tx, actor, account_id).await?;
    crate::model::contact::check_room(db::contacts::count(&mut tx, account_id).await?)?;
    if input.is_primary {
        db::contacts::clear_primary(&mut tx, account_id).await?;
    }
    let id = db::contacts::insert(&mut tx, account_id, &input).await?;
    let note = format!("{}{}", input.name, if input.is_primary { " (primary)" } else { "" });
    timeline::record(&mut tx, Some(actor), accounts::ENTITY, account_id, "contact_added", None, Some(&note)).await?;
    let row = db::contacts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

pub async fn update(pool: &Pool, actor: &Actor, id: i64, form: &ContactForm) -> Result<ContactDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let input = ContactInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::contacts::get_locked(&mut tx, id).await?;
    editable_account(&mut tx, actor, before.account_id).await?;
    if input.is_primary && !before.is_primary {
        db::contacts::clear_primary(&mut tx, before.account_id).await?;
    }
    db::contacts::update(&mut tx, id, &input).await?;
    let note = if input.is_primary && !before.is_primary {
        format!("{} is now the primary contact", input.name)
    } else {
        input.name.clone()
    };
    timeline::record(&mut tx, Some(actor), accounts::ENTITY, before.account_id, "contact_edited", None, Some(&note))
        .await?;
    let row = db::contacts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

pub async fn delete(pool: &Pool, actor: &Actor, id: i64) -> Result<i64, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::contacts::get_locked(&mut tx, id).await?;
    editable_account(&mut tx, actor, before.account_id).await?;
    db::contacts::delete(&mut tx, id).await?;
    timeline::record(
        &mut tx,
        Some(actor),
        accounts::ENTITY,
        before.account_id,
        "contact_removed",
        None,
        Some(&before.name),
    )
    .await?;
    db::commit(tx).await?;
    Ok(before.account_id)
}
