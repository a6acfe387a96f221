//! Accounts: the list, the new-account page, and the account's detail page with its contacts.
pub mod detail;
pub mod editor;
pub mod list;
pub mod new;
