//! Contacts: people at an account, one of them primary.
use super::validate::{flag, optional_email, optional_phone, optional_text, required_text, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContactDto {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub is_primary: bool,
}

/// The contact form as typed; the API's JSON maps onto it too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub is_primary: String,
}

impl From<&ContactDto> for ContactForm {
    fn from(c: &ContactDto) -> ContactForm {
        ContactForm {
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            job_title: c.job_title.clone(),
            is_primary: c.is_primary.to_string(),
        }
    }
}

/// The most contacts one account keeps: its page and `db::contacts::for_account` show at most
/// this many, so a 501st would silently never be seen.
pub const MAX_CONTACTS_PER_ACCOUNT: i64 = 500;

/// The refusal for adding a contact to an account that has `existing` already, if it is full.
pub fn check_room(existing: i64) -> Result<(), FieldErrors> {
    if existing >= MAX_CONTACTS_PER_ACCOUNT {
        Err(FieldErrors::single(
            "name",
            format!("an account keeps at most {MAX_CONTACTS_PER_ACCOUNT} contacts: remove one that left first"),
        ))
    } else {
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub is_primary: bool,
}

impl ContactInput {
    pub fn parse(f: &ContactForm) -> Result<ContactInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required_text(&mut e, "name", &f.name, 200);
        let email = optional_email(&mut e, "email", &f.email);
        let phone = optional_phone(&mut e, "phone", &f.phone);
        let job_title = optional_text(&mut e, "job_title", &f.job_title, 200);
        let is_primary = flag(&f.is_primary);
        e.finish(|| ContactInput { name, email, phone, job_title, is_primary })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_name_and_a_real_email() {
        let e = ContactInput::parse(&ContactForm { email: "x@".into(), ..Default::default() }).unwrap_err();
        assert!(e.get("name").is_some() && e.get("email").is_some());
        let c = ContactInput::parse(&ContactForm { name: "Ann".into(), is_primary: "on".into(), ..Default::default() });
        assert!(c.unwrap().is_primary);
    }

    #[test]
    fn the_five_hundred_and_first_contact_is_refused_with_a_reason() {
        assert!(check_room(MAX_CONTACTS_PER_ACCOUNT - 1).is_ok());
        let e = check_room(MAX_CONTACTS_PER_ACCOUNT).unwrap_err();
        assert!(e.get("name").unwrap()[0].contains("at most 500 contacts"), "{e:?}");
    }

    #[test]
    fn a_nul_in_a_contact_name_is_a_field_error() {
        let e = ContactInput::parse(&ContactForm { name: "A\0".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.get("name").unwrap()[0], "must not contain NUL characters");
    }
}
