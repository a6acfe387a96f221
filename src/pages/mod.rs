//! Route components, one folder per area.
//!
//! Pages are rendered on the server only, so they load their data by awaiting the server fn in one
//! `Suspend` — no `Resource`, no `<Suspense>`. Leptos 0.8.23's Suspense can miss the wake-up of a
//! resource that resolves on another thread and stall the response (seen ~1 in 50 test runs).
pub mod accounts;
pub mod admin;
pub mod assignments;
pub mod contracts;
pub mod dashboard;
pub mod errors;
pub mod invoices;
pub mod layout;
pub mod login;
pub mod opportunities;
pub mod payments;
pub mod products;
pub mod sales_orders;
pub mod search;
pub mod tickets;
