//! Domain types shared by server and browser: no I/O, no sqlx, no leptos.
pub mod account;
pub mod assignment;
pub mod contact;
pub mod display;
pub mod list;
pub mod money;
pub mod numbering;
pub mod opportunity;
pub mod permissions;
pub mod product;
pub mod settings;
pub mod stage;
pub mod timeline;
pub mod user;
pub mod validate;
