//! Accounts (customers): the DTO, the form as typed, and its validation into an `AccountInput`.
use super::list::parse_tags;
use super::money::Currency;
use super::validate::{
    integer_in, optional_email, optional_id, optional_phone, optional_text, required_text, FieldErrors,
};
use crate::model::enum_macro::string_enum;
use crate::model::list::list_filter;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountDto {
    pub id: i64,
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub invoice_email: String,
    pub phone: String,
    /// ISO 4217 code the account is invoiced in.
    pub currency: String,
    pub payment_terms_days: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub active: bool,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The account form exactly as typed (every field text), shared by the web form and the API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub invoice_email: String,
    pub phone: String,
    pub currency: String,
    pub payment_terms_days: String,
    pub owner_id: String,
    pub tags: String,
    /// "true" or "false"; empty keeps accounts active.
    pub active: String,
}

impl From<&AccountDto> for AccountForm {
    fn from(a: &AccountDto) -> AccountForm {
        AccountForm {
            name: a.name.clone(),
            legal_name: a.legal_name.clone(),
            tax_id: a.tax_id.clone(),
            billing_address: a.billing_address.clone(),
            shipping_address: a.shipping_address.clone(),
            invoice_email: a.invoice_email.clone(),
            phone: a.phone.clone(),
            currency: a.currency.clone(),
            payment_terms_days: a.payment_terms_days.to_string(),
            owner_id: a.owner_id.to_string(),
            tags: a.tags.join(", "),
            active: a.active.to_string(),
        }
    }
}

/// A checked account, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountInput {
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub invoice_email: String,
    pub phone: String,
    pub currency: Currency,
    pub payment_terms_days: i64,
    /// None: the person creating it.
    pub owner_id: Option<i64>,
    pub active: bool,
    pub tags: Vec<String>,
}

pub const MAX_TAGS: usize = 20;

impl AccountInput {
    /// Checks every field; an empty currency or payment term takes the company default.
    pub fn parse(f: &AccountForm, default_currency: Currency, default_terms: i64) -> Result<AccountInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required_text(&mut e, "name", &f.name, 200);
        let legal_name = optional_text(&mut e, "legal_name", &f.legal_name, 200);
        let tax_id = optional_text(&mut e, "tax_id", &f.tax_id, 50);
        let billing_address = optional_text(&mut e, "billing_address", &f.billing_address, 1000);
        let shipping_address = optional_text(&mut e, "shipping_address", &f.shipping_address, 1000);
        let invoice_email = optional_email(&mut e, "invoice_email", &f.invoice_email);
        let phone = optional_phone(&mut e, "phone", &f.phone);
        let currency = if f.currency.trim().is_empty() {
            default_currency
        } else {
            Currency::parse(&f.currency).map_err(|m| e.add("currency", m)).unwrap_or(default_currency)
        };
        let payment_terms_days =
            integer_in(&mut e, "payment_terms_days", &f.payment_terms_days, 0, 365, Some(default_terms));
        let owner_id = optional_id(&mut e, "owner_id", &f.owner_id);
        let tags = parse_tags(&f.tags);
        if tags.len() > MAX_TAGS || tags.iter().any(|t| t.chars().count() > 40) {
            e.add("tags", format!("at most {MAX_TAGS} tags of up to 40 characters each"));
        }
        let active = f.active.trim().is_empty() || super::validate::flag(&f.active);
        e.finish(|| AccountInput {
            name,
            legal_name,
            tax_id,
            billing_address,
            shipping_address,
            invoice_email,
            phone,
            currency,
            payment_terms_days,
            owner_id,
            active,
            tags,
        })
    }
}

string_enum! {
    /// Sort orders of the accounts list (serialised by variant name).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AccountSort {
        Name = ("name", "Name"),
        Newest = ("newest", "Newest"),
    }
    parse_error = "must be name or newest";
}

impl AccountSort {
    /// The sort a list query asks for: name unless it names another (a link with an old or
    /// missing `sort` still lists the accounts).
    pub fn from_query(s: &str) -> AccountSort {
        AccountSort::parse(s).unwrap_or(AccountSort::Name)
    }
}

list_filter! {
    /// The accounts list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct AccountFilter {
        /// Part of the name, case-insensitive.
        pub q: String,
        /// Owner's user id; "me" is the signed-in user.
        pub owner: String,
        /// "active" (default), "inactive" or "all".
        pub status: String,
        /// One tag, exactly.
        pub tag: String,
        /// "name" (default) or "newest".
        pub sort: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm { name: " Acme GmbH ".into(), ..Default::default() }
    }

    #[test]
    fn defaults_fill_currency_and_terms_and_names_are_trimmed() {
        let a = AccountInput::parse(&form(), Currency::EUR, 30).unwrap();
        assert_eq!(
            (a.name.as_str(), a.currency, a.payment_terms_days, a.active),
            ("Acme GmbH", Currency::EUR, 30, true)
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = AccountForm {
            name: "".into(),
            invoice_email: "not-an-email".into(),
            phone: "call me".into(),
            currency: "EURO".into(),
            payment_terms_days: "-3".into(),
            owner_id: "abc".into(),
            tags: (0..25).map(|i| format!("t{i}")).collect::<Vec<_>>().join(","),
            ..Default::default()
        };
        let e = AccountInput::parse(&f, Currency::EUR, 30).unwrap_err();
        for field in ["name", "invoice_email", "phone", "currency", "payment_terms_days", "owner_id", "tags"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
    }

    #[test]
    fn a_huge_name_is_refused() {
        let f = AccountForm { name: "x".repeat(10_000_000), ..Default::default() };
        let e = AccountInput::parse(&f, Currency::EUR, 30).unwrap_err();
        assert_eq!(e.get("name").unwrap()[0], "must be at most 200 characters");
    }
}
