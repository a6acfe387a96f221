//! Users: the DTO the UI and API read, and the validated inputs to create or change one
//! (including a support user's availability and out-of-office dates).
use super::permissions::Role;
use super::sales_order::optional_date;
use super::validate::{email, required_text, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
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
    /// Takes new tickets: automatic assignment skips an unavailable user (true from creation).
    pub available: bool,
    /// Out of office from this day (inclusive); automatic assignment skips the user meanwhile.
    pub away_from: Option<NaiveDate>,
    /// The last day away (inclusive); null with `away_from` set: away until further notice.
    pub away_until: Option<NaiveDate>,
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
    pub available: Option<bool>,
    /// The out-of-office dates, always replaced together.
    pub away: Option<Away>,
}

/// Out of office: from a day, until a day or open-ended; both None is "not away".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Away {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Away {
    /// The dates as typed (YYYY-MM-DD, empty for none): a last day needs a first day, and comes
    /// on or after it.
    pub fn parse(from: &str, until: &str) -> Result<Away, FieldErrors> {
        let mut e = FieldErrors::default();
        let away = away(&mut e, from, until);
        e.finish(|| away)
    }
}

fn away(e: &mut FieldErrors, from: &str, until: &str) -> Away {
    let from = optional_date(e, "away_from", from);
    let until = optional_date(e, "away_until", until);
    match (from, until) {
        (None, Some(_)) if e.get("away_from").is_none() => e.add("away_from", "is required with a last day away"),
        (Some(f), Some(u)) if u < f => e.add("away_until", "must be on or after the first day away"),
        _ => {}
    }
    Away { from, until }
}

impl UserChanges {
    /// `away` is the pair of dates as typed (from, until), sent together.
    pub fn parse(
        name: Option<&str>,
        role: Option<&str>,
        active: Option<bool>,
        password_in: Option<&str>,
        available: Option<bool>,
        away_in: Option<(&str, &str)>,
    ) -> Result<UserChanges, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = name.map(|n| required_text(&mut e, "name", n, 200));
        let role = role.and_then(|r| Role::parse(r).map_err(|m| e.add("role", m)).ok());
        if let Some(p) = password_in {
            password(&mut e, "password", p);
        }
        let away_dates = away_in.map(|(from, until)| away(&mut e, from, until));
        e.finish(|| UserChanges {
            name,
            role,
            active,
            password: password_in.map(str::to_string),
            available,
            away: away_dates,
        })
    }

    /// Only the availability and away dates: what users may change on their own account.
    pub fn only_availability(&self) -> bool {
        self.name.is_none() && self.role.is_none() && self.active.is_none() && self.password.is_none()
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

    #[test]
    fn away_dates_are_a_range_or_open_ended_from_a_first_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Away::parse("", ""), Ok(Away::default()));
        assert_eq!(Away::parse("2026-12-24", ""), Ok(Away { from: Some(d("2026-12-24")), until: None }));
        let both = Away::parse(" 2026-12-24 ", "2026-12-24").unwrap();
        assert_eq!((both.from, both.until), (Some(d("2026-12-24")), Some(d("2026-12-24"))), "one day away");
        let field = |from, until| Away::parse(from, until).unwrap_err().0.into_keys().collect::<Vec<_>>();
        assert_eq!(field("", "2027-01-02"), ["away_from"]);
        assert_eq!(field("2026-12-24", "2026-12-23"), ["away_until"]);
        assert_eq!(field("24.12.2026", ""), ["away_from"]);
        assert_eq!(field("bad", "2027-01-02"), ["away_from"], "one error for a bad first day");
    }

    #[test]
    fn availability_alone_is_a_change_users_make_themselves() {
        let own = UserChanges::parse(None, None, None, None, Some(false), Some(("2026-12-24", ""))).unwrap();
        assert!(own.only_availability() && own.available == Some(false) && own.away.is_some());
        let admin = UserChanges::parse(Some("Ann"), None, None, None, Some(true), None).unwrap();
        assert!(!admin.only_availability());
        let err = UserChanges::parse(Some(" "), None, None, None, None, Some(("", "2027-01-01"))).unwrap_err();
        assert_eq!(err.0.into_keys().collect::<Vec<_>>(), ["away_from", "name"], "every bad field at once");
    }
}
