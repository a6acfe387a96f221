//! PDFs rendered in-process with printpdf — pure functions from a document struct to bytes, no
//! browser or external tool. `sheet` holds the parts every business document shares.
pub mod canvas;
pub mod delivery_note;
pub mod font;
pub mod invoice;
pub mod receipt;
pub mod sheet;
