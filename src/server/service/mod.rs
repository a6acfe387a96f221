//! Use cases: each opens and commits its transaction, checks the actor's permission, and writes
//! the timeline. Server fns and REST routes both call these.
pub mod account_views;
pub mod accounts;
pub mod assignments;
pub mod bank;
pub mod catalog;
pub mod contacts;
pub mod invoices;
pub mod lines;
pub mod login;
pub mod numbering;
pub mod opportunities;
pub mod opportunity_views;
pub mod outbox;
pub mod payments;
pub mod pickers;
pub mod product_views;
pub mod sales_order_views;
pub mod sales_orders;
pub mod sales_orders_from_opportunity;
pub mod settings;
pub mod settings_views;
pub mod shipments;
pub mod system;
pub mod timeline;
pub mod tokens;
pub mod users;
