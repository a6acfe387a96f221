//! Payments: the list, recording a payment (the account's open invoices to allocate to, a one-time
//! form key), the detail page's data, completing, failing, refunding, allocating credit, emailing
//! the receipt, the account statement and the dashboard's cash received by month.
use crate::error::AppError;
use crate::model::list::ListPage;
use crate::model::payment::{AllocationForm, PaymentDto, PaymentFilter, PaymentForm, RefundForm};
use crate::model::payment_view::{PaymentFormData, PaymentView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentList {
    pub page: ListPage<PaymentDto>,
    pub can_record: bool,
}

#[server(prefix = "/fn", endpoint = "list_payments")]
pub async fn list_payments(
    #[server(default)] filter: PaymentFilter,
    after: Option<String>,
    before: Option<String>,
) -> Result<PaymentList, AppError> {
    use crate::model::permissions::Permission;
    super::ssr::as_lister(after, before, |state, actor, at, size| async move {
        let page = crate::server::service::payments::list(&state.pool, &actor, &filter, &at, size).await?;
        Ok(PaymentList { page, can_record: actor.role.can(Permission::ManagePayments) })
    })
    .await
}

#[server(prefix = "/fn", endpoint = "record_payment_data")]
pub async fn record_payment_data(account_id: Option<i64>) -> Result<PaymentFormData, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::record_page(&state.pool, &actor, account_id).await
    })
    .await
}

/// "Allocate oldest due first": the amounts the record form's allocation inputs get (nothing saved;
/// the form's other fields are posted too and ignored).
#[server(prefix = "/fn", endpoint = "suggest_allocations")]
pub async fn suggest_allocations(
    #[server(default)] form: PaymentForm,
) -> Result<crate::model::pickers::FormFill, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::views::suggest_allocations(&state.pool, &actor, &form).await
    })
    .await
}

/// Records a payment with `allocations[i][invoice_id]` / `allocations[i][amount]`.
#[server(prefix = "/fn", endpoint = "record_payment")]
pub async fn record_payment(
    #[server(default)] form: PaymentForm,
    #[server(default)] allocations: Vec<AllocationForm>,
) -> Result<i64, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let p = crate::server::service::payments::record(&state.pool, &actor, &form, &allocations).await?;
        super::ssr::done(format!("Payment {} recorded.", p.number), &format!("/payments/{}", p.id)).await?;
        Ok(p.id)
    })
    .await
}

#[server(prefix = "/fn", endpoint = "get_payment")]
pub async fn get_payment(id: i64) -> Result<PaymentView, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::detail(&state.pool, &actor, id).await
    })
    .await
}

/// Complete (the money arrived) or fail (with `reason`) a pending payment.
#[server(prefix = "/fn", endpoint = "payment_event")]
pub async fn apply_payment_event(id: i64, event: String, reason: Option<String>) -> Result<String, AppError> {
    use crate::server::service::payments;
    super::ssr::as_employee(|state, actor| async move {
        let p = match event.as_str() {
            "complete" => payments::complete(&state.pool, &actor, id).await?,
            "fail" => payments::fail(&state.pool, &actor, id, reason.as_deref().unwrap_or_default()).await?,
            _ => return Err(AppError::field("event", "must be complete or fail")),
        };
        super::ssr::done(
            format!("Payment {} is {}.", p.number, p.status.label().to_lowercase()),
            &format!("/payments/{id}"),
        )
        .await?;
        Ok(p.status.as_str().to_string())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "refund_payment")]
pub async fn refund_payment(id: i64, #[server(default)] form: RefundForm) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let p = crate::server::service::payments::refund(&state.pool, &actor, id, &form).await?;
        let note = format!("Refund recorded; payment {} is {}.", p.number, p.status.label().to_lowercase());
        super::ssr::done(note, &format!("/payments/{id}")).await?;
        Ok(())
    })
    .await
}

/// Allocates the payment's unallocated amount (`allocations[i][…]`) to open invoices.
#[server(prefix = "/fn", endpoint = "allocate_payment")]
pub async fn allocate_payment(id: i64, #[server(default)] allocations: Vec<AllocationForm>) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::allocate(&state.pool, &actor, id, &allocations).await?;
        super::ssr::done("Allocated.".into(), &format!("/payments/{id}")).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "remove_allocation")]
pub async fn remove_allocation(id: i64, allocation_id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::remove_allocation(&state.pool, &actor, id, allocation_id).await?;
        super::ssr::done(
            "Allocation removed: the amount is the account's credit again.".into(),
            &format!("/payments/{id}"),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Emails the receipt (PDF attached) to the account's invoice email.
#[server(prefix = "/fn", endpoint = "email_receipt")]
pub async fn email_receipt(id: i64) -> Result<(), AppError> {
    super::ssr::as_employee(|state, actor| async move {
        let to = crate::server::service::payments::mail::email_receipt(&state, &actor, id).await?;
        super::ssr::done(format!("Receipt emailed to {to}."), &format!("/payments/{id}")).await?;
        Ok(())
    })
    .await
}

#[server(prefix = "/fn", endpoint = "account_statement")]
pub async fn account_statement(
    account_id: i64,
    from: String,
    to: String,
) -> Result<crate::model::payment::StatementView, AppError> {
    use crate::model::sales_order::optional_date;
    super::ssr::as_employee(|state, actor| async move {
        let mut e = crate::model::validate::FieldErrors::default();
        let today = chrono::Utc::now().date_naive();
        let from = optional_date(&mut e, "from", &from).unwrap_or(today - chrono::Duration::days(90));
        let to = optional_date(&mut e, "to", &to).unwrap_or(today);
        if !e.is_empty() {
            return Err(e.into());
        }
        crate::server::service::payments::documents::statement(&state.pool, &actor, account_id, from, to).await
    })
    .await
}

/// Cash received per month for the dashboard: (month, currency, formatted, minor units).
#[server(prefix = "/fn", endpoint = "cash_by_month")]
pub async fn cash_by_month() -> Result<Vec<(String, String, String, i64)>, AppError> {
    super::ssr::as_employee(|state, actor| async move {
        crate::server::service::payments::received_by_month(&state.pool, &actor, chrono::Utc::now().date_naive()).await
    })
    .await
}
