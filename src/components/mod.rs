//! Reusable widgets: field errors and notices, the timeline, page headers.
pub mod form;
pub mod line_editor;
pub mod list;
pub mod notice;
pub mod timeline;
