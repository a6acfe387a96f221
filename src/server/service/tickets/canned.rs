//! Canned replies: kept by admins and managers (`ManageSupport`), offered to everyone who answers
//! tickets, and filled in for one ticket when an agent starts a reply from one.
use super::readable;
use crate::error::AppError;
use crate::model::canned_reply::{fill, CannedReplyDto, CannedReplyForm, CannedReplyInput, Fill};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};

/// Every canned reply, by title, with its text: the admin page.
pub async fn list(pool: &Pool, actor: &Actor) -> Result<Vec<CannedReplyDto>, AppError> {
    actor.require(Permission::ManageSupport)?;
    Ok(db::tickets::canned::list(pool).await?)
}

/// The titles a reply may start from: (id, title), for those who answer tickets.
pub async fn titles(pool: &Pool, actor: &Actor) -> Result<Vec<(i64, String)>, AppError> {
    actor.require(Permission::WorkTickets)?;
    Ok(db::tickets::canned::list(pool).await?.into_iter().map(|c| (c.id, c.title)).collect())
}

/// Creates (`id` None) or changes one; a title another one has is refused beside the field.
pub async fn save(pool: &Pool, actor: &Actor, id: Option<i64>, form: &CannedReplyForm) -> Result<i64, AppError> {
    actor.require(Permission::ManageSupport)?;
    let input = CannedReplyInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    if db::tickets::canned::title_taken(&mut tx, &input.title, id).await? {
        return Err(AppError::field("title", "another canned reply has this title"));
    }
    let id = match id {
        Some(id) if db::tickets::canned::update(&mut tx, id, &input).await? => id,
        Some(_) => return Err(AppError::NotFound),
        None => db::tickets::canned::insert(&mut tx, &input, actor.id).await?,
    };
    db::commit(tx).await?;
    Ok(id)
}

pub async fn delete(pool: &Pool, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.require(Permission::ManageSupport)?;
    let mut tx = db::begin_write(pool).await?;
    if !db::tickets::canned::delete(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    db::commit(tx).await?;
    Ok(())
}

/// The canned reply's text filled in for this ticket and this agent.
pub async fn filled(pool: &Pool, actor: &Actor, ticket_id: i64, canned_id: i64) -> Result<String, AppError> {
    actor.require(Permission::WorkTickets)?;
    let ticket = readable(pool, actor, ticket_id).await?;
    let c = db::tickets::canned::by_id(pool, canned_id).await?.ok_or(AppError::NotFound)?;
    let company = db::settings::get(pool).await?.company_name;
    let customer = ticket.contact_name.clone().unwrap_or_else(|| ticket.account_name.clone());
    let f = Fill { customer: &customer, ticket: &ticket.number, agent: &actor.name, company: &company };
    Ok(fill(&c.body, &f))
}
