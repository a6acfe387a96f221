//! Admin area: users, API tokens, company and support settings, canned replies, email outbox, scheduled jobs.
pub mod canned;
pub mod jobs;
pub mod outbox;
pub mod renewals;
pub mod settings;
pub mod support;
pub mod tokens;
pub mod user_detail;
pub mod users;
