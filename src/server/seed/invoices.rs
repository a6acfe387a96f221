//! Demo invoices: the demo orders invoiced through the real services — issued, some sent (their
//! emails wait in the outbox with the PDF), some dated back so the aging chart and the overdue
//! list have something to show, one partly credited and one questioned by its customer. The newest
//! fulfilled order is left to invoice.
use crate::error::AppError;
use crate::model::invoice::CreditNoteForm;
use crate::model::permissions::Role;
use crate::model::sales_order::OrderStatus;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::invoices;
use crate::server::state::AppState;
use chrono::{Duration, Utc};

/// Invoices every confirmed or later demo order, as Fiona from finance would.
pub async fn demo(pool: &Pool) -> Result<(), AppError> {
    let Some(fin) = db::users::by_email(pool, "finance@example.com").await? else { return Ok(()) };
    let actor = Actor { id: fin.id, name: fin.name.clone(), role: Role::Finance };
    let orders = crate::server::service::sales_orders::list(
        pool,
        &actor,
        &Default::default(),
        &crate::model::list::Position::First,
        200,
    )
    .await?;
    let today = Utc::now().date_naive();
    // The newest fulfilled order stays to be invoiced, so the demo shows that step too.
    let keep_open = orders.items.iter().find(|o| o.status == OrderStatus::Fulfilled).map(|o| o.id);
    for (k, o) in orders.items.iter().rev().enumerate() {
        if matches!(o.status, OrderStatus::Draft | OrderStatus::Cancelled | OrderStatus::OnHold)
            || Some(o.id) == keep_open
        {
            continue;
        }
        let draft = invoices::from_order(pool, &actor, o.id, None).await?;
        let issued = invoices::issue(pool, &actor, draft.id).await?;
        // Spread the issue dates back so the invoices age: 0, 20, 45 or 100 days ago.
        let back = [0, 20, 45, 100][k % 4];
        if back > 0 {
            let mut tx = db::begin_write(pool).await?;
            let issue = today - Duration::days(back);
            let due = issue + Duration::days(o.payment_terms_days);
            db::seed::backdate_invoice(&mut tx, issued.id, issue, due).await?;
            tx.commit().await?;
        }
        if k % 5 == 2 {
            let form = CreditNoteForm { reason: "Goodwill: late delivery".into(), whole: String::new(), lines: vec![] };
            let line = invoices::get(pool, &actor, issued.id).await?.lines.into_iter().next();
            if let Some(l) = line {
                let form = CreditNoteForm {
                    lines: vec![crate::model::invoice::LineQuantityForm {
                        line_id: l.id.to_string(),
                        quantity: "1".into(),
                    }],
                    ..form
                };
                invoices::credit_notes::create(pool, &actor, issued.id, &form, &[]).await?;
            }
        }
    }
    invoices::mark_overdue(pool, today).await?;
    Ok(())
}

/// Sends two demo invoices and has a customer question one, which needs the app's state (mail,
/// secret) — done at the first start of a demo instance.
pub async fn demo_mail(state: &AppState) -> Result<(), AppError> {
    let pool = &state.pool;
    let Some(fin) = db::users::by_email(pool, "finance@example.com").await? else { return Ok(()) };
    let actor = Actor { id: fin.id, name: fin.name.clone(), role: Role::Finance };
    let filter = crate::model::invoice::InvoiceFilter { status: "issued".into(), ..Default::default() };
    let list = invoices::list(pool, &actor, &filter, &crate::model::list::Position::First, 3).await?;
    for (i, inv) in list.items.iter().enumerate() {
        if invoices::mail::send(state, &actor, inv.id, &[]).await.is_err() {
            continue;
        }
        if i == 0 {
            let (url, _) = invoices::links::create(state, &actor, inv.id, false).await?;
            let token = url.rsplit('/').next().unwrap_or_default().to_string();
            invoices::links::question(
                state,
                &token,
                "Ben Berg",
                "ben.berg@example.org",
                "Line 2 was already invoiced last month — can you check?",
            )
            .await?;
        }
    }
    Ok(())
}
