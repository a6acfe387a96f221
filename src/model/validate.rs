//! Field errors and the small checks every `parse` constructor shares.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Messages per field name, as forms show them next to the field and the API returns them in 422s.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_default().push(message.into());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, field: &str) -> Option<&Vec<String>> {
        self.0.get(field)
    }
    /// Ok(value) when no error was added, else the errors.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
    pub fn single(field: &str, message: impl Into<String>) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, message);
        e
    }
}

/// The message of every bound (amounts, quantities, digits): "is too large: at most …".
pub fn too_large(limit: &str) -> String {
    format!("{TOO_LARGE}{limit}")
}
const TOO_LARGE: &str = "is too large: at most ";

/// Whether `message` came from `too_large`: the live line quote answers those with a 422 while it
/// skips lines that are merely unfinished.
pub fn is_too_large(message: &str) -> bool {
    message.starts_with(TOO_LARGE)
}

/// The message for text with a NUL character (PostgreSQL cannot store one, and no form types it).
pub const NUL_MESSAGE: &str = "must not contain NUL characters";

/// Adds the NUL error when `value` has one; true when it did.
pub fn refuse_nul(errors: &mut FieldErrors, field: &str, value: &str) -> bool {
    let nul = value.contains('\0');
    if nul {
        errors.add(field, NUL_MESSAGE);
    }
    nul
}

/// A required single-line text: trimmed, not empty, at most `max` characters, no NUL.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, "is required");
    } else if v.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    } else {
        refuse_nul(errors, field, v);
    }
    v.to_string()
}

/// An email address: one '@', something before it, a dotted domain after it, no spaces.
pub fn email(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let v = value.trim();
    let ok = v.len() <= 254
        && !v.chars().any(char::is_whitespace)
        && matches!(v.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.contains('@') && domain.contains('.')
               && !domain.starts_with('.') && !domain.ends_with('.'));
    if v.is_empty() {
        errors.add(field, "is required");
    } else if !ok || v.contains('\0') {
        errors.add(field, "must be an email address such as name@example.com");
    }
    v.to_string()
}

/// Optional text: trimmed, at most `max` characters (empty is fine), no NUL.
pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    } else {
        refuse_nul(errors, field, v);
    }
    v.to_string()
}

/// An optional email address: empty is fine, anything else must look like one.
pub fn optional_email(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        email(errors, field, value)
    }
}

/// A phone number as people type it: digits, spaces and + ( ) - . / only, at most 40 characters.
pub fn optional_phone(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let v = value.trim();
    if v.chars().count() > 40 || !v.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c)) {
        errors.add(field, "must be a phone number such as +44 20 7946 0958");
    }
    v.to_string()
}

/// A whole number in `min..=max`; empty gives `default` when there is one.
pub fn integer_in(errors: &mut FieldErrors, field: &str, value: &str, min: i64, max: i64, default: Option<i64>) -> i64 {
    match (value.trim(), default) {
        ("", Some(d)) => d,
        ("", None) => {
            errors.add(field, "is required");
            0
        }
        (v, _) => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                errors.add(field, format!("must be a whole number from {min} to {max}"));
                0
            }
        },
    }
}

/// An id chosen from a list (owner, account, tax rate): empty gives None.
pub fn optional_id(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, "must be chosen from the list");
            None
        }
    }
}

/// A checkbox or API flag: "true", "on", "1" or "yes" is true; anything else false.
pub fn flag(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "on" | "1" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_refuses_emails() {
        for good in ["a@b.co", "first.last+tag@sub.example.org"] {
            let mut e = FieldErrors::default();
            email(&mut e, "email", good);
            assert!(e.is_empty(), "{good}");
        }
        for bad in ["", "a", "a@b", "@b.co", "a@@b.co", "a b@c.de", "a@.com", "a@com."] {
            let mut e = FieldErrors::default();
            email(&mut e, "email", bad);
            assert!(!e.is_empty(), "{bad}");
        }
    }

    #[test]
    fn required_text_counts_characters_not_bytes() {
        let mut e = FieldErrors::default();
        assert_eq!(required_text(&mut e, "name", "  Zoë  ", 3), "Zoë");
        assert!(e.is_empty());
        required_text(&mut e, "name", "Zoëx", 3);
        assert_eq!(e.get("name").unwrap()[0], "must be at most 3 characters");
    }

    #[test]
    fn a_nul_byte_in_text_is_a_field_error_in_every_text_helper() {
        let mut e = FieldErrors::default();
        required_text(&mut e, "name", "Ann\0Lee", 100);
        optional_text(&mut e, "notes", "x\0", 100);
        email(&mut e, "email", "a\0@b.co");
        assert_eq!(e.get("name").unwrap(), &vec![NUL_MESSAGE.to_string()]);
        assert_eq!(e.get("notes").unwrap(), &vec![NUL_MESSAGE.to_string()]);
        assert!(e.get("email").is_some(), "{e:?}");
        let mut ok = FieldErrors::default();
        optional_text(&mut ok, "notes", "tab\tand line\nbreak are fine", 100);
        assert!(ok.is_empty());
    }

    #[test]
    fn too_large_messages_are_recognised_and_others_are_not() {
        assert!(is_too_large(&too_large("1,000")));
        assert!(!is_too_large("must be a number such as 1234.50"));
    }
}
