//! What the payment pages show, each in one call: the record-payment page (`record_page`: the
//! accounts to choose from, or the chosen account's open invoices and a fresh one-time form key)
//! and the payment's detail page (`detail`).
use crate::error::AppError;
use crate::model::money::parse_decimal;
use crate::model::payment::{oldest_due_first, PaymentForm};
use crate::model::payment_view::{PaymentFormData, PaymentView};
use crate::model::permissions::Permission;
use crate::model::pickers::FormFill;
use crate::server::auth::Actor;
use crate::server::db::Pool;
use crate::server::service::{accounts, payments, pickers, timeline};

/// The record-payment page for `account_id`, or the accounts to choose from.
pub async fn record_page(pool: &Pool, actor: &Actor, account_id: Option<i64>) -> Result<PaymentFormData, AppError> {
    actor.require(Permission::ManagePayments)?;
    let today = chrono::Utc::now().date_naive().to_string();
    let form_key = uuid::Uuid::new_v4().simple().to_string();
    let Some(id) = account_id else {
        return Ok(PaymentFormData {
            accounts: pickers::accounts(pool).await?,
            account: None,
            invoices: vec![],
            form_key,
            today,
        });
    };
    let a = accounts::get(pool, actor, id).await?;
    Ok(PaymentFormData {
        accounts: vec![],
        invoices: payments::open_invoices(pool, actor, id).await?,
        account: Some((a.id, a.name, a.currency)),
        form_key,
        today,
    })
}

/// "Allocate oldest due first" on the record form: the account's open invoices (as the form lists
/// them) filled with the typed amount in order of due date, as the form's `allocations[i][amount]`
/// values (empty for the invoices it does not reach). Nothing is saved.
pub async fn suggest_allocations(pool: &Pool, actor: &Actor, form: &PaymentForm) -> Result<FormFill, AppError> {
    actor.require(Permission::ManagePayments)?;
    let amount = parse_decimal(&form.amount).map_err(|m| AppError::field("amount", m))?;
    let account_id =
        form.account_id.trim().parse::<i64>().map_err(|_| AppError::field("account_id", "choose an account"))?;
    let open = payments::open_invoices(pool, actor, account_id).await?;
    let list: Vec<_> = open.iter().map(|i| (i.id, i.due_date, i.balance.parse().unwrap_or_default())).collect();
    let picked = oldest_due_first(amount, &list);
    let fill = open
        .iter()
        .enumerate()
        .map(|(n, inv)| {
            let share = picked.iter().find(|(id, _)| *id == inv.id).map(|(_, a)| a.to_string()).unwrap_or_default();
            (format!("allocations[{n}][amount]"), share)
        })
        .collect();
    Ok(FormFill { fill })
}

/// The payment detail page: what it paid and refunded, and the open invoices of its account
/// when an unallocated amount can still go to them.
pub async fn detail(pool: &Pool, actor: &Actor, id: i64) -> Result<PaymentView, AppError> {
    let d = payments::get(pool, actor, id).await?;
    let can_manage = actor.role.can(Permission::ManagePayments);
    let open = if can_manage
        && d.payment.status.allocatable()
        && d.payment.unallocated != "0"
        && !d.payment.unallocated.starts_with("0.00")
    {
        payments::open_invoices(pool, actor, d.payment.account_id).await?
    } else {
        vec![]
    };
    Ok(PaymentView {
        events: timeline::for_entity(pool, payments::ENTITY, id).await?,
        open_invoices: open,
        can_manage,
        allocations: d.allocations,
        refunds: d.refunds,
        payment: d.payment,
    })
}
