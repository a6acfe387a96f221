//! Integration tests: the real app over HTTP, one fresh database per test. The same suite runs on
//! SQLite (default) and PostgreSQL (`--features postgres`, see scripts/test.sh).
mod accounts;
mod api;
mod auth;
mod bounds;
mod canned_replies;
mod catalog;
mod common;
mod contracts;
mod crash;
mod cross_site;
mod exactly_once;
mod inbound_email;
#[cfg(feature = "postgres")]
mod instances;
mod invoice_links;
mod invoice_questions;
mod invoices;
mod jobs_mail;
mod matrix;
mod openapi;
mod opportunities;
mod orders;
mod payments;
mod platform;
mod reconciliation;
mod schema;
mod search;
mod settings;
mod shipments;
mod support_settings;
mod ticket_links;
mod ticket_stats;
mod tickets;
mod tickets_assignment;
mod tickets_jobs;
mod tickets_merge;
