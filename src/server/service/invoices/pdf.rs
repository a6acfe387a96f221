//! Invoices and credit notes as printable documents: the stored record, the company settings and
//! the totals by `model::money`, formatted for `pdf::invoice`. Reading them is the caller's check.
use crate::error::AppError;
use crate::model::invoice::InvoiceStatus;
use crate::model::money::{document_totals, Currency, DocumentTotals, LineInput};
use crate::server::db::{self, lines::LineRow, settings::SettingsRow, Pool};
use crate::server::pdf::invoice::{BillingDocument, PrintedLine};
use crate::server::pdf::sheet::Paper;
use crate::server::service::lines::input_of;

/// A printable document, its file name and its own date (Unix seconds).
pub struct Printable {
    pub file: String,
    pub document: BillingDocument,
    pub created: i64,
}

fn company_lines(s: &SettingsRow) -> Vec<String> {
    let mut lines: Vec<String> = s.address.lines().map(str::to_string).collect();
    if !s.tax_id.is_empty() {
        lines.push(format!("Tax id {}", s.tax_id));
    }
    lines
}

fn printed(c: Currency, lines: &[&LineRow]) -> (Vec<PrintedLine>, DocumentTotals) {
    let inputs: Vec<LineInput> = lines.iter().map(|l| input_of(c, l)).collect();
    let printed = lines
        .iter()
        .map(|l| PrintedLine {
            description: l.description.clone(),
            quantity: l.quantity.clone(),
            unit: l.unit.clone(),
            unit_price: c.format(c.from_minor(l.unit_price_minor)).trim_end_matches(c.code()).trim().to_string(),
            discount: if l.discount_percent == "0" { String::new() } else { format!("{} %", l.discount_percent) },
            tax_rate: format!("{} %", l.tax_rate_percent),
            net: c.format(c.from_minor(l.net_minor)).trim_end_matches(c.code()).trim().to_string(),
        })
        .collect();
    (printed, document_totals(c, &inputs))
}

fn taxes(c: Currency, t: &DocumentTotals) -> Vec<(String, String)> {
    t.taxes
        .iter()
        .map(|x| (format!("Tax {} % on {}", x.rate_percent.normalize(), c.format(x.base)), c.format(x.tax)))
        .collect()
}

fn payment(s: &SettingsRow, reference: &str) -> Option<String> {
    if s.iban.is_empty() {
        return None;
    }
    let mut text = format!("Please pay by bank transfer to {} · IBAN {}", s.bank_account_name, s.iban);
    if !s.bic.is_empty() {
        text.push_str(&format!(" · BIC {}", s.bic));
    }
    text.push_str(&format!(" · quoting {reference}."));
    Some(text)
}

/// The invoice as printed, with a DRAFT, VOID or PAID mark where it applies.
pub async fn invoice(pool: &Pool, id: i64) -> Result<Printable, AppError> {
    let inv = db::invoices::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let s = db::settings::get(pool).await?;
    let c = inv.currency();
    let rows = db::invoices::lines(pool, id).await?;
    let (lines, t) = printed(c, &rows.iter().map(|r| &r.line).collect::<Vec<_>>());
    let number = inv.number.clone().unwrap_or_else(|| "Draft".into());
    let mut facts = vec![];
    if let Some(d) = inv.issue_date {
        facts.push(("Issue date".to_string(), d.to_string()));
    }
    if let Some(d) = inv.due_date {
        facts.push(("Due date".to_string(), d.to_string()));
    }
    facts.push(("Terms".to_string(), format!("{} days", inv.payment_terms_days)));
    if let Some(o) = &inv.sales_order_number {
        facts.push(("Order".to_string(), o.clone()));
    }
    if !inv.customer_reference.is_empty() {
        facts.push(("Your reference".to_string(), inv.customer_reference.clone()));
    }
    let money = |v: i64| c.format(c.from_minor(v));
    let mut settlement = vec![];
    if inv.credited_minor > 0 {
        settlement.push(("Credit notes".to_string(), format!("−{}", money(inv.credited_minor))));
    }
    if inv.paid_minor > 0 {
        settlement.push(("Paid".to_string(), format!("−{}", money(inv.paid_minor))));
    }
    if !settlement.is_empty() {
        settlement.push(("Amount due".to_string(), money(inv.balance_minor.max(0))));
    }
    let mark = match inv.status() {
        InvoiceStatus::Draft => Some("DRAFT"),
        InvoiceStatus::Void => Some("VOID"),
        InvoiceStatus::Paid => Some("PAID"),
        _ => None,
    };
    let notes = [inv.terms_text.as_str(), inv.notes.as_str()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let document = BillingDocument {
        paper: Paper::parse(&s.paper_size),
        title: "Invoice".into(),
        number: number.clone(),
        company: s.company_name.clone(),
        company_lines: company_lines(&s),
        customer: inv.account_name.clone(),
        billing_address: inv.billing_address.clone(),
        facts,
        lines,
        subtotal: c.format(t.subtotal),
        taxes: taxes(c, &t),
        tax_total: c.format(t.tax_total),
        total: c.format(t.total),
        settlement,
        notes,
        payment: payment(&s, &number),
        footer: s.invoice_footer.clone(),
        mark: mark.map(str::to_string),
    };
    let file = match &inv.number {
        Some(n) => format!("{n}.pdf"),
        None => format!("draft-invoice-{id}.pdf"),
    };
    Ok(Printable { file, document, created: inv.created_at.timestamp() })
}

/// The credit note as printed.
pub async fn credit_note(pool: &Pool, id: i64) -> Result<Printable, AppError> {
    let cn = db::credit_notes::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let inv = db::invoices::by_id(pool, cn.invoice_id).await?.ok_or(AppError::NotFound)?;
    let s = db::settings::get(pool).await?;
    let c = Currency::from_db(&cn.currency, "credit note", cn.id)?;
    let rows = db::credit_notes::lines(pool, id).await?;
    let (lines, t) = printed(c, &rows.iter().map(|r| &r.line).collect::<Vec<_>>());
    let document = BillingDocument {
        paper: Paper::parse(&s.paper_size),
        title: "Credit note".into(),
        number: cn.number.clone(),
        company: s.company_name.clone(),
        company_lines: company_lines(&s),
        customer: cn.account_name.clone(),
        billing_address: inv.billing_address.clone(),
        facts: vec![
            ("Issue date".into(), cn.issue_date.to_string()),
            ("Credits invoice".into(), cn.invoice_number.clone()),
        ],
        lines,
        subtotal: c.format(t.subtotal),
        taxes: taxes(c, &t),
        tax_total: c.format(t.tax_total),
        total: c.format(t.total),
        settlement: vec![],
        notes: format!("Reason: {}", cn.reason),
        payment: None,
        footer: s.invoice_footer.clone(),
        mark: None,
    };
    Ok(Printable { file: format!("{}.pdf", cn.number), document, created: cn.created_at.timestamp() })
}
