//! API tokens: created for a user (shown once), stored as keyed hashes, revocable; and the
//! bearer check the REST API runs on every request.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::server::auth::{new_token, token_hash, Actor};
pub use crate::server::db::api_tokens::TokenRow;
use crate::server::db::{self, Pool};
use crate::server::service::timeline;
use crate::server::state::AppState;

/// Creates a token for `user_id` and returns it in plain text, the only time it is visible.
/// `actor` is None when the CLI creates it.
pub async fn create(state: &AppState, actor: Option<&Actor>, user_id: i64, name: &str) -> Result<String, AppError> {
    if let Some(a) = actor {
        a.require(Permission::ManageApiTokens)?;
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field("name", "is required (at most 100 characters)"));
    }
    let token = new_token("ast");
    let hash = token_hash(&state.config.secret, &token);
    let mut tx = db::begin_write(&state.pool).await?;
    let user = db::users::by_id(&mut *tx, user_id).await?.ok_or_else(|| AppError::field("user_id", "no such user"))?;
    if !user.active {
        return Err(AppError::field("user_id", "this user is deactivated"));
    }
    db::api_tokens::insert(&mut tx, user_id, name, &hash, &token[..12], actor.map(|a| a.id)).await?;
    timeline::record(&mut tx, actor, "user", user_id, "api_token_created", None, Some(name)).await?;
    db::commit(tx).await?;
    Ok(token)
}

pub async fn list(pool: &Pool, actor: &Actor) -> Result<Vec<TokenRow>, AppError> {
    actor.require(Permission::ManageApiTokens)?;
    Ok(db::api_tokens::list(pool).await?)
}

pub async fn revoke(pool: &Pool, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.require(Permission::ManageApiTokens)?;
    let mut tx = db::begin_write(pool).await?;
    let user_id = db::api_tokens::revoke(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    timeline::record(&mut tx, Some(actor), "user", user_id, "api_token_revoked", None, None).await?;
    db::commit(tx).await?;
    Ok(())
}

/// The actor behind a bearer token, if the token is live and its user active.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<Actor>, AppError> {
    let hash = token_hash(&state.config.secret, token.trim());
    let Some(user_id) = db::api_tokens::use_token(&state.pool, &hash).await? else {
        return Ok(None);
    };
    Ok(db::users::by_id(&state.pool, user_id).await?.filter(|u| u.active).map(|u| Actor {
        id: u.id,
        name: u.name.clone(),
        role: u.role(),
    }))
}
