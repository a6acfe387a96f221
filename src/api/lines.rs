//! `quote_lines`: the live totals of lines being typed in a line editor, computed on the server
//! by the same function that stores them (the catalogue comes with each editor's data, from
//! `service::pickers::catalog`).
use crate::error::AppError;
use crate::model::lines::{LineForm, TotalsView};
use leptos::prelude::*;

/// The totals of lines being edited (nothing is saved). Lines that do not parse yet are left out.
#[server(prefix = "/fn", endpoint = "quote_lines")]
pub async fn quote_lines(currency: String, #[server(default)] lines: Vec<LineForm>) -> Result<TotalsView, AppError> {
    use crate::model::money::Currency;
    super::ssr::as_employee(|state, actor| async move {
        actor.require(crate::model::permissions::Permission::UseApp)?;
        let c = Currency::parse(&currency).unwrap_or(Currency::EUR);
        let totals = crate::server::service::lines::quote(&state.pool, c, &lines).await?;
        Ok(TotalsView::new(c, &totals))
    })
    .await
}
