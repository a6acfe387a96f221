//! Admin area: users, API tokens, company and support settings, email outbox, scheduled jobs.
pub mod jobs;
pub mod outbox;
pub mod settings;
pub mod support;
pub mod tokens;
pub mod user_detail;
pub mod users;
