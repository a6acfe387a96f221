//! Products: the catalogue list, the product page (new and existing), and the tax rates page.
pub mod detail;
pub mod editor;
pub mod list;
pub mod tax_rates;
