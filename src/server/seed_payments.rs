//! Demo payments, recorded through the real services as Fiona from finance would: an overdue
//! invoice paid in full by transfer, one paid in part by card, a transfer larger than its invoice
//! (the rest is the account's credit), a cheque waiting to clear, and a refunded overpayment. The
//! newest open invoices are left alone so there is still something to pay.
use super::auth::Actor;
use super::db::{self, Pool};
use super::service::{invoices, payments};
use crate::error::AppError;
use crate::model::invoice::{InvoiceDto, InvoiceFilter};
use crate::model::list::Position;
use crate::model::payment::{AllocationForm, PaymentForm, RefundForm};
use crate::model::permissions::Role;
use rust_decimal::Decimal;

pub async fn demo(pool: &Pool) -> Result<(), AppError> {
    let Some(fin) = db::users::by_email(pool, "finance@example.com").await? else { return Ok(()) };
    let actor = Actor { id: fin.id, name: fin.name.clone(), role: Role::Finance };
    let filter = InvoiceFilter { status: "open".into(), ..Default::default() };
    let open = invoices::list(pool, &actor, &filter, &Position::First, 100).await?.items;
    // Oldest first; the two newest stay open for the person trying the demo.
    let mut open: Vec<InvoiceDto> = open.into_iter().rev().collect();
    open.truncate(open.len().saturating_sub(2));
    let balance = |i: &InvoiceDto| i.balance.parse::<Decimal>().unwrap_or_default();
    let plans: [(&str, &str, Decimal); 5] = [
        ("bank_transfer", "", Decimal::ONE),
        ("card", "", Decimal::new(5, 1)),
        ("bank_transfer", "", Decimal::new(11, 1)),
        ("cheque", "", Decimal::ONE),
        ("bank_transfer", "refund", Decimal::new(12, 1)),
    ];
    for ((method, then, share), inv) in plans.iter().zip(&open) {
        let open_amount = balance(inv);
        let amount = (open_amount * share).round_dp(2);
        let form = PaymentForm {
            account_id: inv.account_id.to_string(),
            amount: amount.to_string(),
            method: (*method).into(),
            cheque_number: if *method == "cheque" { "004512".into() } else { String::new() },
            cheque_bank: if *method == "cheque" { "First Savings Bank".into() } else { String::new() },
            card_reference: if *method == "card" { "ch_3PdemoX9".into() } else { String::new() },
            card_last4: if *method == "card" { "4242".into() } else { String::new() },
            transfer_reference: inv.number.clone().unwrap_or_default(),
            ..Default::default()
        };
        let allocation = AllocationForm { invoice_id: inv.id.to_string(), amount: amount.min(open_amount).to_string() };
        let p = payments::record(pool, &actor, &form, &[allocation]).await?;
        if *then == "refund" {
            let over = amount - open_amount;
            let refund =
                RefundForm { date: String::new(), amount: over.to_string(), reason: "Overpayment returned".into() };
            payments::refund(pool, &actor, p.id, &refund).await?;
        }
    }
    Ok(())
}
