//! Bank reconciliation: the workbench's data (bank accounts, report), saving a bank account's
//! statement layout, a statement's preview or lines, a line with its candidates, and the actions
//! on statements (import, discard, match again) and lines (accept, ignore, reopen, split).
use crate::error::AppError;
use crate::model::bank::{BankAccountForm, SplitForm};
use crate::model::bank_view::{BankLineView, BankStatementView, WorkbenchView};
#[cfg(feature = "ssr")]
use crate::model::display::count;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "reconcile_workbench")]
pub async fn reconcile_workbench(bank_account: Option<i64>) -> Result<WorkbenchView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::bank::views::workbench(&state.pool, &actor, bank_account).await
    })
    .await
}

/// Creates (no `id`) or updates a bank account and its statement layout.
#[server(prefix = "/fn", endpoint = "save_bank_account")]
pub async fn save_bank_account(id: Option<i64>, #[server(default)] form: BankAccountForm) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let a = crate::server::service::bank::statements::save_bank_account(&state.pool, &actor, id, &form).await?;
        super::ssr::done(
            format!("Bank account {} saved.", a.name),
            &format!("/payments/reconcile?bank_account={}", a.id),
        )
        .await?;
        Ok(a.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "statement_view")]
pub async fn load_bank_statement(id: i64, status: Option<String>) -> Result<BankStatementView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::bank::views::statement(&state.pool, &actor, id, status.unwrap_or_default()).await
    })
    .await
}

/// `action`: import (a staged statement), discard (a staged one), rematch (an imported one).
#[server(prefix = "/fn", endpoint = "statement_action")]
pub async fn statement_action(id: i64, action: String) -> Result<(), AppError> {
    use crate::server::service::bank;
    super::ssr::as_employee(|state, actor| async move {
        let pool = &state.pool;
        let (message, to) = match action.as_str() {
            "import" => {
                let s = bank::statements::import(pool, &actor, id).await?;
                let skipped = match s.skipped_count {
                    0 => String::new(),
                    n => format!("; {} imported before skipped", count(n, "line")),
                };
                (
                    format!("{} imported{skipped}.", count(s.line_count, "line")),
                    format!("/payments/reconcile/statements/{id}"),
                )
            }
            "discard" => {
                let bank = bank::statements::discard(pool, &actor, id).await?;
                (
                    "Statement discarded; nothing was imported.".into(),
                    format!("/payments/reconcile?bank_account={bank}"),
                )
            }
            "rematch" => {
                let n = bank::matching::rematch(pool, &actor, id).await?;
                (
                    format!("Matched again: {} with a suggestion.", count(n as i64, "line")),
                    format!("/payments/reconcile/statements/{id}"),
                )
            }
            _ => return Err(AppError::field("action", "must be import, discard or rematch")),
        };
        super::ssr::done(message, &to).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "bank_line_view")]
pub async fn load_bank_line(id: i64) -> Result<BankLineView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::bank::views::line(&state.pool, &actor, id).await
    })
    .await
}

/// `action`: accept (`kind` payment or invoice, `target_id`), ignore (`reason`), reopen. Goes
/// back to `back` (a statement or the workbench), else to the line.
#[server(prefix = "/fn", endpoint = "bank_line_action")]
pub async fn bank_line_action(
    id: i64,
    action: String,
    kind: Option<String>,
    target_id: Option<i64>,
    reason: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    use crate::model::bank::CandidateKind;
    use crate::server::service::bank;
    super::ssr::as_employee(|state, actor| async move {
        let pool = &state.pool;
        let line = match action.as_str() {
            "accept" => {
                let kind = CandidateKind::parse(kind.as_deref().unwrap_or_default())
                    .map_err(|m| AppError::field("kind", m))?;
                let target = target_id.ok_or_else(|| AppError::field("target_id", "is required"))?;
                bank::resolve::accept(pool, &actor, id, kind, target).await?
            }
            "ignore" => bank::resolve::ignore(pool, &actor, id, reason.as_deref().unwrap_or_default()).await?,
            "reopen" => bank::resolve::reopen(pool, &actor, id).await?,
            _ => return Err(AppError::field("action", "must be accept, ignore or reopen")),
        };
        let what = match line.payments.as_slice() {
            [] => String::new(),
            ps => format!(": {}", ps.iter().map(|p| p.1.clone()).collect::<Vec<_>>().join(", ")),
        };
        let note = format!("Line {} is {}{what}.", line.line_no, line.status.label().to_lowercase());
        let to = back.as_deref().map(|b| super::ssr::safe_next(Some(b)));
        super::ssr::done(note, &to.unwrap_or_else(|| format!("/payments/reconcile/lines/{id}"))).await?;
        Ok(())
    })
    .await
}

/// Turns a line into payments for invoices of one or several accounts (`form[rows][i][…]`).
#[server(prefix = "/fn", endpoint = "split_bank_line")]
pub async fn split_bank_line(id: i64, #[server(default)] form: SplitForm) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let line = crate::server::service::bank::resolve::split(&state.pool, &actor, id, &form).await?;
        let made = count(line.payments.len() as i64, "payment");
        super::ssr::done(
            format!("Line {} reconciled with {made}.", line.line_no),
            &format!("/payments/reconcile/lines/{id}"),
        )
        .await?;
        Ok(())
    })
    .await
}
