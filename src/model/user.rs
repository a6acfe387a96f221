//! Users: the DTO the UI and API read, and the validated inputs to create or change one.
use super::permissions::Role;
use super::validate::{email, required_text, FieldErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "sales"))]
    pub role: Role,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

/// A new user, checked field by field.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

impl NewUser {
    pub fn parse(email_in: &str, name: &str, role: &str, password_in: &str) -> Result<NewUser, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = email(&mut e, "email", email_in);
        let name = required_text(&mut e, "name", name, 200);
        let role = Role::parse(role).map_err(|m| e.add("role", m)).ok();
        password(&mut e, "password", password_in);
        e.finish(|| NewUser { email, name, role: role.expect("checked"), password: password_in.to_string() })
    }
}

/// A password policy people can live with: long enough, not absurdly long, not blank.
pub fn password(errors: &mut FieldErrors, field: &str, value: &str) {
    let n = value.chars().count();
    if value.trim().is_empty() {
        errors.add(field, "is required");
    } else if n < PASSWORD_MIN {
        errors.add(field, format!("must be at least {PASSWORD_MIN} characters"));
    } else if n > PASSWORD_MAX {
        errors.add(field, format!("must be at most {PASSWORD_MAX} characters"));
    }
}

/// Changes to a user (all optional), as the admin form and `PATCH /api/v1/users/{id}` send them.
#[derive(Clone, Debug, Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

impl UserChanges {
    pub fn parse(
        name: Option<&str>,
        role: Option<&str>,
        active: Option<bool>,
        password_in: Option<&str>,
    ) -> Result<UserChanges, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = name.map(|n| required_text(&mut e, "name", n, 200));
        let role = role.and_then(|r| Role::parse(r).map_err(|m| e.add("role", m)).ok());
        if let Some(p) = password_in {
            password(&mut e, "password", p);
        }
        e.finish(|| UserChanges { name, role, active, password: password_in.map(str::to_string) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_user_reports_every_bad_field_at_once() {
        let err = NewUser::parse("nope", " ", "root", "short").unwrap_err();
        assert_eq!(err.0.keys().cloned().collect::<Vec<_>>(), ["email", "name", "password", "role"]);
    }

    #[test]
    fn new_user_trims_and_accepts_good_input() {
        let u = NewUser::parse(" Ann@Example.com ", " Ann ", "finance", "correct horse").unwrap();
        assert_eq!((u.email.as_str(), u.name.as_str(), u.role), ("Ann@Example.com", "Ann", Role::Finance));
    }
}
