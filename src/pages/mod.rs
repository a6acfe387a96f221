//! Route components, one folder per area.
pub mod admin;
pub mod dashboard;
pub mod errors;
pub mod layout;
pub mod login;
