//! Admin: users — list, create, change role, activate/deactivate, reset password, availability
//! for tickets, timeline.
use crate::error::AppError;
use crate::model::timeline::TimelineEvent;
use crate::model::user::UserDto;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsersPage {
    pub items: Vec<UserDto>,
    pub next_cursor: Option<String>,
}

#[server(prefix = "/fn", endpoint = "list_users")]
pub async fn list_users(q: Option<String>, cursor: Option<String>) -> Result<UsersPage, AppError> {
    use crate::server::http::api_v1::pagination;
    super::ssr::as_employee(|state, actor| async move {
        let after = match cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(c) => Some(pagination::decode(c).ok_or_else(|| AppError::field("cursor", "is not valid"))?),
            None => None,
        };
        let page = crate::server::service::users::list(&state.pool, &actor, q.as_deref(), after, 50).await?;
        Ok(UsersPage { items: page.items, next_cursor: page.next.map(|(at, id)| pagination::encode(at, id)) })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_user")]
pub async fn get_user(id: i64) -> Result<(UserDto, Vec<TimelineEvent>), AppError> {
    use crate::server::service::{timeline, users};
    super::ssr::as_employee(|state, actor| async move {
        let user = users::get(&state.pool, &actor, id).await?;
        let events = timeline::for_entity(&state.pool, users::ENTITY, id).await?;
        Ok((user, events))
    })
    .await
}

/// Creates a user and goes to their page. Returns the new id (small: this runs from an island).
#[server(prefix = "/fn", endpoint = "create_user")]
pub async fn create_user(email: String, name: String, role: String, password: String) -> Result<i64, AppError> {
    use crate::model::user::NewUser;
    super::ssr::as_employee(|state, actor| async move {
        let input = NewUser::parse(&email, &name, &role, &password)?;
        let user = crate::server::service::users::create(&state.pool, Some(&actor), input).await?;
        super::ssr::done(
            format!("Created {} ({}).", user.name, user.role.label()),
            &format!("/admin/users/{}", user.id),
        )
        .await?;
        Ok(user.id)
    })
    .await
}

/// One change to a user from the detail page: `field` is name, role, active or password.
/// Returns whether the user is active afterwards.
#[server(prefix = "/fn", endpoint = "update_user")]
pub async fn update_user(id: i64, field: String, value: String) -> Result<bool, AppError> {
    use crate::model::user::UserChanges;
    super::ssr::as_employee(|state, actor| async move {
        let (changes, note) = match field.as_str() {
            "role" => (UserChanges::parse(None, Some(&value), None, None, None, None)?, "Role changed."),
            "name" => (UserChanges::parse(Some(&value), None, None, None, None, None)?, "Name changed."),
            "active" => {
                let active = value == "true";
                (
                    UserChanges { active: Some(active), ..Default::default() },
                    if active { "User activated." } else { "User deactivated: their sessions have ended." },
                )
            }
            "password" => (
                UserChanges::parse(None, None, None, Some(&value), None, None)?,
                "Password reset: the user's other sessions have ended.",
            ),
            _ => return Err(AppError::field("field", "must be name, role, active or password")),
        };
        let user = crate::server::service::users::update(&state.pool, &actor, id, changes).await?;
        super::ssr::done(note.to_string(), &format!("/admin/users/{id}")).await?;
        Ok(user.active)
    })
    .await
}

/// The availability form of the user page: the checkbox (left out when unticked) and the away
/// dates (empty for none), saved together.
#[server(prefix = "/fn", endpoint = "update_user_availability")]
pub async fn update_user_availability(
    id: i64,
    available: Option<String>,
    away_from: String,
    away_until: String,
) -> Result<(), AppError> {
    use crate::model::user::UserChanges;
    use crate::model::validate::flag;
    super::ssr::as_employee(|state, actor| async move {
        let available = available.as_deref().is_some_and(flag);
        let changes = UserChanges::parse(None, None, None, None, Some(available), Some((&away_from, &away_until)))?;
        crate::server::service::users::update(&state.pool, &actor, id, changes).await?;
        super::ssr::done("Availability saved.".to_string(), &format!("/admin/users/{id}")).await
    })
    .await
}
