//! Admin: API tokens — list, create (the token is shown once), revoke.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub user_email: String,
    pub name: String,
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

#[server(prefix = "/fn", endpoint = "list_tokens")]
pub async fn list_tokens() -> Result<Vec<TokenView>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        use crate::model::display::datetime as fmt;
        Ok(crate::server::service::tokens::list(&state.pool, &actor)
            .await?
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                user_email: t.user_email,
                name: t.name,
                prefix: t.prefix,
                created_at: fmt(t.created_at),
                last_used_at: t.last_used_at.map(fmt),
                revoked: t.revoked_at.is_some(),
            })
            .collect())
    })
    .await
}

/// Creates a token for the user with `email`. The token is returned and also kept as a one-time
/// flash message, so it is shown once on the page the form returns to, with or without JavaScript.
#[server(prefix = "/fn", endpoint = "create_token")]
pub async fn create_token(email: String, name: String) -> Result<String, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        actor.require(crate::model::permissions::Permission::ManageApiTokens)?;
        let user_id = crate::server::service::pickers::user_id_by_email(&state.pool, &email).await?;
        let token = crate::server::service::tokens::create(&state, Some(&actor), user_id, &name).await?;
        super::ssr::set_sealed_flash(format!("token:{token}")).await?;
        leptos_axum::redirect("/admin/tokens");
        Ok(token)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "revoke_token")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::tokens::revoke(&state.pool, &actor, id).await?;
        super::ssr::done("Token revoked: requests with it now get 401.".into(), "/admin/tokens").await?;
        Ok(())
    })
    .await
}
