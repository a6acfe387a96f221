//! Admin area: users, API tokens, email outbox, scheduled jobs.
pub mod jobs;
pub mod outbox;
pub mod tokens;
pub mod user_detail;
pub mod users;
