//! Receipts and account statements: what they say (for the pages) and how they print.
use crate::error::AppError;
use crate::model::money::Currency;
use crate::model::payment::PaymentStatus;
use crate::model::payment::StatementView;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool};
use crate::server::pdf::receipt::{Receipt, Statement};
use crate::server::pdf::sheet::Paper;
use chrono::NaiveDate;

fn company_lines(s: &db::settings::SettingsRow) -> Vec<String> {
    let mut lines: Vec<String> = s.address.lines().map(str::to_string).collect();
    if !s.tax_id.is_empty() {
        lines.push(format!("Tax id {}", s.tax_id));
    }
    lines
}

/// A payment's receipt as printed, its file name and date. Only arrived money has a receipt.
pub async fn receipt(pool: &Pool, actor: &Actor, id: i64) -> Result<(String, Receipt, i64), AppError> {
    actor.require(Permission::ViewPayments)?;
    let p = db::payments::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let Some(number) = p.receipt_number.clone() else {
        return Err(AppError::invalid_transition(
            "a receipt is made once the money has arrived (complete the payment)",
        ));
    };
    let s = db::settings::get(pool).await?;
    let account = db::accounts::by_id(pool, p.account_id).await?.ok_or(AppError::NotFound)?;
    let c = p.currency();
    let money = |v: i64| c.format(c.from_minor(v));
    let mut facts = vec![
        ("Payment".to_string(), p.number.clone()),
        ("Received".to_string(), p.received_on.to_string()),
        ("Method".to_string(), p.method.label().to_string()),
    ];
    for (label, value) in [
        ("Cheque number", &p.cheque_number),
        ("Bank", &p.cheque_bank),
        ("Card", &if p.card_last4.is_empty() { String::new() } else { format!("•••• {}", p.card_last4) }),
        ("Transfer reference", &p.transfer_reference),
        ("Reference", &p.reference),
    ] {
        if !value.is_empty() {
            facts.push((label.to_string(), value.clone()));
        }
    }
    let mut applied = vec![];
    for a in db::payments::allocations_of_payment(pool, id).await? {
        let issued = db::invoices::by_id(pool, a.invoice_id)
            .await?
            .and_then(|i| i.issue_date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        applied.push((a.invoice_number.clone().unwrap_or_default(), issued, money(a.amount_minor)));
    }
    let mut totals = vec![
        ("Amount received".to_string(), money(p.amount_minor)),
        ("Applied to invoices".to_string(), money(p.allocated_minor)),
    ];
    if p.refunded_minor > 0 {
        totals.push(("Refunded".to_string(), money(p.refunded_minor)));
    }
    totals.push(("Credit on account".to_string(), money(p.unallocated_minor())));
    let mark = match p.status() {
        PaymentStatus::Refunded => Some("REFUNDED".to_string()),
        _ => None,
    };
    let receipt = Receipt {
        paper: Paper::parse(&s.paper_size),
        company: s.company_name.clone(),
        company_lines: company_lines(&s),
        number: number.clone(),
        customer: account.name.clone(),
        billing_address: account.billing_address.clone(),
        facts,
        applied,
        totals,
        footer: s.invoice_footer.clone(),
        mark,
    };
    Ok((format!("{number}.pdf"), receipt, p.created_at.timestamp()))
}

/// The statement of an account in its own currency: the balance before `from`, every movement
/// from `from` to `to`, and the balance after.
pub async fn statement(
    pool: &Pool,
    actor: &Actor,
    account_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<StatementView, AppError> {
    actor.require(Permission::ViewPayments)?;
    if to < from {
        return Err(AppError::field("to", "must not be before the start of the period"));
    }
    let account = db::accounts::by_id(pool, account_id).await?.ok_or(AppError::NotFound)?;
    let c = Currency::from_db(&account.currency, "account", account.id)?;
    let rows = db::payments::ledger(pool, account_id, c.code()).await?;
    let opening: i64 = rows.iter().filter(|r| r.0 < from).map(|r| r.3).sum();
    let mut balance = opening;
    let mut entries = vec![];
    for (day, kind, doc, amount) in rows.into_iter().filter(|r| r.0 >= from && r.0 <= to) {
        balance += amount;
        let (charge, credit) = if amount >= 0 {
            (c.format(c.from_minor(amount)), String::new())
        } else {
            (String::new(), c.format(c.from_minor(-amount)))
        };
        let label = match kind.as_str() {
            "invoice" => "Invoice",
            "credit_note" => "Credit note",
            "payment" => "Payment received",
            _ => "Refund paid",
        };
        entries.push((day, label.to_string(), doc, charge, credit, c.format(c.from_minor(balance))));
    }
    Ok(StatementView {
        account_id,
        account_name: account.name,
        currency: c.code().to_string(),
        from,
        to,
        opening: c.format(c.from_minor(opening)),
        entries,
        closing: c.format(c.from_minor(balance)),
    })
}

/// The statement as printed.
pub async fn statement_document(
    pool: &Pool,
    actor: &Actor,
    account_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(String, Statement), AppError> {
    let v = statement(pool, actor, account_id, from, to).await?;
    let s = db::settings::get(pool).await?;
    let account = db::accounts::by_id(pool, account_id).await?.ok_or(AppError::NotFound)?;
    let doc = Statement {
        paper: Paper::parse(&s.paper_size),
        company: s.company_name.clone(),
        company_lines: company_lines(&s),
        customer: v.account_name.clone(),
        billing_address: account.billing_address,
        period: format!("{} – {}", v.from, v.to),
        currency: v.currency.clone(),
        opening: v.opening.clone(),
        entries: v
            .entries
            .iter()
            .map(|e| [e.0.to_string(), e.2.clone(), e.1.clone(), e.3.clone(), e.4.clone(), e.5.clone()])
            .collect(),
        closing: v.closing.clone(),
        footer: s.invoice_footer,
    };
    Ok((format!("statement-{}-{}-{}.pdf", account_id, v.from, v.to), doc))
}
