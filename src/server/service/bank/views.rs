//! What the reconciliation pages show, each in one call: the workbench (`workbench`: bank accounts
//! and the chosen one's report), a statement (`statement`: a staged one's preview or an imported
//! one's lines) and a line with its candidates (`line`).
use crate::error::AppError;
use crate::model::bank::{LineStatus, StatementStatus};
use crate::model::bank_view::{BankLineView, BankStatementView, WorkbenchView};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::bank::{lines, statements};
use crate::server::service::pickers;

/// Lines a statement page lists at most (filter by status to see the rest).
const STATEMENT_PAGE_LINES: i64 = 500;

/// The workbench for `bank_account`, or for the first bank account when none is chosen.
pub async fn workbench(pool: &Pool, actor: &Actor, bank_account: Option<i64>) -> Result<WorkbenchView, AppError> {
    let accounts = statements::bank_accounts(pool, actor).await?;
    let chosen = bank_account.or_else(|| accounts.first().map(|a| a.id));
    let report = match chosen {
        Some(id) => Some(statements::report(pool, actor, id).await?),
        None => None,
    };
    Ok(WorkbenchView {
        accounts,
        report,
        can_manage: actor.role.can(Permission::ManagePayments),
        blank: statements::default_form(),
    })
}

/// A statement's page; `status` ("" or "all" for every line) filters an imported one's lines.
pub async fn statement(pool: &Pool, actor: &Actor, id: i64, status: String) -> Result<BankStatementView, AppError> {
    let statement = statements::statement(pool, actor, id).await?;
    let wanted = match status.as_str() {
        "" | "all" => None,
        s => Some(LineStatus::parse(s).map_err(|m| AppError::field("status", m))?),
    };
    let (preview, lines) = if statement.status == StatementStatus::Staged {
        (Some(statements::preview(pool, actor, id).await?), vec![])
    } else {
        (None, lines::lines(pool, actor, id, wanted, STATEMENT_PAGE_LINES).await?)
    };
    Ok(BankStatementView { statement, preview, lines, status, can_manage: actor.role.can(Permission::ManagePayments) })
}

/// A statement line with its candidates and, for a split, the accounts billed in its currency.
pub async fn line(pool: &Pool, actor: &Actor, id: i64) -> Result<BankLineView, AppError> {
    let (line, candidates) = lines::line_detail(pool, actor, id).await?;
    let accounts = pickers::accounts_in(pool, &line.currency).await?;
    Ok(BankLineView { line, candidates, accounts, can_manage: actor.role.can(Permission::ManagePayments) })
}
