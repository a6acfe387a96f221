//! Reusable widgets: field errors and notices, the page loader, the timeline, page headers, and
//! the documents' totals and edit panel.
pub mod document;
pub mod form;
pub mod line_editor;
pub mod list;
pub mod live_form;
pub mod notice;
pub mod page;
pub mod timeline;
