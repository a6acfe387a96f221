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

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, "is required");
    } else if v.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
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
    } else if !ok {
        errors.add(field, "must be an email address such as name@example.com");
    }
    v.to_string()
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
}
