//! What the contract pages show, each in one call: the detail page (`detail`: covered lines,
//! terms, the allowed events, the renewal preview, timeline, the editor) and the new-contract page
//! (`new_page`, from scratch or from a sales order).
use crate::error::AppError;
use crate::model::account::AccountDto;
use crate::model::contract::{ContractEvent, ContractForm, ContractStatus};
use crate::model::contract_change::{ChangeForm, PRORATION_CONVENTION};
use crate::model::contract_terms::MONTH_END_RULE;
use crate::model::contract_view::{ContractChangePage, ContractEditorData, ContractView, NewContractPageData};
use crate::model::lines::{LineForm, TotalsView};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{accounts, contacts, contracts, pickers, timeline};

/// The contract editor for `account`.
async fn editor(
    pool: &Pool,
    actor: &Actor,
    account: &AccountDto,
    pending: bool,
) -> Result<ContractEditorData, AppError> {
    Ok(ContractEditorData {
        account_id: account.id,
        account_name: account.name.clone(),
        currency: account.currency.clone(),
        contacts: contacts::for_account(pool, actor, account.id).await?.into_iter().map(|c| (c.id, c.name)).collect(),
        owners: accounts::owners(pool, actor).await?,
        can_choose_owner: actor.role.can(Permission::EditAllContracts),
        schedule_editable: pending,
        catalog: pickers::catalog(pool).await?,
    })
}

/// The contract detail page for this user.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<ContractView, AppError> {
    let mut d = contracts::get(pool, actor, id).await?;
    let day = contracts::today();
    let c = d.row.currency;
    let may = contracts::can_change(actor, &d.row);
    let settings = db::contracts::settings::get(pool).await?;
    let facts = contracts::renewal::facts(&d.row, day, settings.contract_grace_days);
    let actions = if may { d.row.status.actions(facts) } else { vec![] };
    let preview = if actions.contains(&ContractEvent::Renew) || d.row.status == ContractStatus::Pending {
        Some(contracts::renewal::preview(pool, actor, id).await?)
    } else {
        None
    };
    let editor = if may && d.row.status.is_live() {
        let account = accounts::get(pool, actor, d.row.account_id).await?;
        Some(editor(pool, actor, &account, d.row.status == ContractStatus::Pending).await?)
    } else {
        None
    };
    d.terms.reverse();
    let changeable = may && d.row.status == ContractStatus::Active && !contracts::renewed_ahead(&d.row, day);
    Ok(ContractView {
        changeable,
        totals: TotalsView::new(c, &d.totals),
        events: timeline::for_entity(pool, contracts::ENTITY, id).await?,
        month_end_rule: MONTH_END_RULE.into(),
        actions,
        preview,
        editor,
        lines: d.lines,
        terms: d.terms,
        contract: d.contract,
    })
}

/// The new-contract page: the editor with the account's (or the order's) defaults, or the
/// accounts to choose from.
pub async fn new_page(
    pool: &Pool,
    actor: &Actor,
    account_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<NewContractPageData, AppError> {
    actor.require(Permission::EditOwnContracts)?;
    let (form, lines, from_order) = match order_id {
        Some(o) => {
            let (form, lines, number) = contracts::edit::from_order(pool, actor, o).await?;
            (form, lines, Some((o, number)))
        }
        None => (ContractForm::default(), vec![], None),
    };
    let account = match (account_id, form.account_id.parse::<i64>().ok()) {
        (_, Some(a)) | (Some(a), None) => a,
        (None, None) => {
            return Ok(NewContractPageData {
                accounts: pickers::accounts(pool).await?,
                editor: None,
                form,
                lines,
                from_order,
            })
        }
    };
    let a = accounts::get(pool, actor, account).await?;
    let form = ContractForm {
        account_id: a.id.to_string(),
        start_date: if form.start_date.is_empty() { contracts::today().to_string() } else { form.start_date },
        term_months: if form.term_months.is_empty() { "12".into() } else { form.term_months },
        notice_days: if form.notice_days.is_empty() { "30".into() } else { form.notice_days },
        ..form
    };
    Ok(NewContractPageData {
        accounts: vec![],
        editor: Some(editor(pool, actor, &a, true).await?),
        form,
        lines,
        from_order,
    })
}

/// The change page of contract `id`: its running term's lines and, once a day is typed, the
/// preview of the change (or the errors that stop it, to show beside the form).
pub async fn change_page(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    form: &ChangeForm,
    added: &[LineForm],
) -> Result<ContractChangePage, AppError> {
    let d = contracts::get(pool, actor, id).await?;
    contracts::require_change(actor, &d.row)?;
    let running = d.terms.iter().find(|t| t.number == d.contract.term_number);
    // The same refusal the change itself gives (a pending, ended or renewed-ahead contract).
    let blocked = contracts::changes::refusal(&d.row, contracts::today())
        .or_else(|| running.is_none().then_some(AppError::NotFound));
    if let Some(error) = blocked {
        return Ok(ContractChangePage {
            term_start: d.contract.end_date,
            term_end: d.contract.end_date,
            suggested_date: d.contract.end_date,
            term_lines: vec![],
            catalog: pickers::catalog(pool).await?,
            convention: PRORATION_CONVENTION.into(),
            preview: None,
            error: Some(error),
            contract: d.contract,
        });
    }
    let running = running.ok_or(AppError::NotFound)?;
    let (preview, error) = if form.effective_date.trim().is_empty() {
        (None, None)
    } else {
        match contracts::changes::preview(pool, actor, id, form, added).await {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e)),
        }
    };
    Ok(ContractChangePage {
        term_start: running.start_date,
        suggested_date: contracts::today().clamp(running.start_date, running.end_date),
        term_end: running.end_date,
        term_lines: running.lines.clone(),
        catalog: pickers::catalog(pool).await?,
        convention: PRORATION_CONVENTION.into(),
        preview,
        error,
        contract: d.contract,
    })
}
