//! Demo payments, recorded through the real services as Fiona from finance would: an overdue
//! invoice paid in full by transfer, one paid in part by card, a transfer larger than its invoice
//! (the rest is the account's credit), a cheque waiting to clear, and a refunded overpayment. The
//! newest open invoices are left alone so there is still something to pay. Then a bank account
//! and its imported statement: the transfers, the card settlement, the cheque deposit, a customer
//! quoting one of the open invoices, a bank fee and a deposit nobody explains.
use crate::error::AppError;
use crate::model::bank::BankAccountForm;
use crate::model::invoice::{InvoiceDto, InvoiceFilter};
use crate::model::list::Position;
use crate::model::payment::{AllocationForm, PaymentDto, PaymentForm, PaymentMethod, RefundForm};
use crate::model::permissions::Role;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::service::{bank, invoices, payments};
use chrono::NaiveDate;
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
    let mut recorded = vec![];
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
        recorded.push(p.clone());
        if *then == "refund" {
            let over = amount - open_amount;
            let refund =
                RefundForm { date: String::new(), amount: over.to_string(), reason: "Overpayment returned".into() };
            payments::refund(pool, &actor, p.id, &refund).await?;
        }
    }
    let newest = invoices::list(pool, &actor, &filter, &Position::First, 1).await?.items;
    demo_bank(pool, &actor, &recorded, newest.first()).await
}

/// The bank account and its first statement (imported, so the workbench has suggestions).
async fn demo_bank(
    pool: &Pool,
    actor: &Actor,
    recorded: &[PaymentDto],
    open: Option<&InvoiceDto>,
) -> Result<(), AppError> {
    let form = BankAccountForm {
        name: "Main current account".into(),
        iban: "DE89 3704 0044 0532 0130 00".into(),
        ..bank::statements::default_form()
    };
    let bank = bank::statements::save_bank_account(pool, actor, None, &form).await?;
    // Customers billed in dollars pay into the dollar account (no statement imported yet).
    let dollars = BankAccountForm {
        name: "US dollar account".into(),
        currency: "USD".into(),
        iban: "GB33 BUKB 2020 1555 5555 55".into(),
        ..bank::statements::default_form()
    };
    bank::statements::save_bank_account(pool, actor, None, &dollars).await?;
    let mut csv = String::from("Date,Amount,Description,Counterparty,Reference\n");
    let row = |date: NaiveDate, amount: &str, text: &str, who: &str, reference: &str| {
        format!("{date},{amount},\"{text}\",\"{who}\",{reference}\n")
    };
    for p in recorded.iter().filter(|p| p.currency == bank.currency) {
        let day = p.date;
        let who = p.account_name.to_uppercase();
        csv.push_str(&match p.method {
            PaymentMethod::Card => row(day, &p.amount, "CARD SETTLEMENT", "STRIPE PAYMENTS EUROPE", &p.card_reference),
            PaymentMethod::Cheque => row(day, &p.amount, "CHEQUE DEPOSIT", &who, &p.cheque_number),
            _ => row(day, &p.amount, "SEPA CREDIT TRANSFER", &who, &p.transfer_reference),
        });
    }
    let today = chrono::Utc::now().date_naive();
    if let Some(i) = open {
        let text = format!("PAYMENT {}", i.number.clone().unwrap_or_default());
        csv.push_str(&row(today, &i.balance, &text, &i.account_name.to_uppercase(), ""));
    }
    csv.push_str(&row(today, "-12.50", "ACCOUNT MAINTENANCE FEE", "HARBOUR BANK", ""));
    csv.push_str(&row(today, "250.00", "DEPOSIT", "J SMITH", ""));
    let staged = bank::statements::stage(pool, actor, bank.id, "statement-demo.csv", csv.as_bytes()).await?;
    bank::statements::import(pool, actor, staged.id).await?;
    Ok(())
}
