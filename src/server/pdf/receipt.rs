//! Payment receipts and account statements as PDF, from the shared sheet parts.
use super::canvas::Align;
use super::sheet::{Column, Heading, Paper, Sheet};

/// A receipt for money received, already formatted.
pub struct Receipt {
    pub paper: Paper,
    pub company: String,
    pub company_lines: Vec<String>,
    /// RCPT-2026-000012
    pub number: String,
    pub customer: String,
    pub billing_address: String,
    /// (label, value): payment number, date, method, its reference.
    pub facts: Vec<(String, String)>,
    /// (invoice number, issue date, amount applied)
    pub applied: Vec<(String, String, String)>,
    /// (label, amount): received, applied, refunded, credit on account.
    pub totals: Vec<(String, String)>,
    pub footer: String,
    pub mark: Option<String>,
}

pub fn render_receipt(r: &Receipt, created: i64) -> Result<Vec<u8>, String> {
    let mut from = vec![r.customer.clone()];
    from.extend(r.billing_address.lines().map(str::to_string));
    let heading = Heading {
        company: r.company.clone(),
        company_lines: r.company_lines.clone(),
        title: "Receipt".into(),
        number: r.number.clone(),
        facts: r.facts.clone(),
        parties: vec![("Received from".into(), from)],
        mark: r.mark.clone(),
    };
    let mut sheet = Sheet::new(r.paper, &heading, &r.footer);
    if !r.applied.is_empty() {
        let columns = [
            Column { title: "Applied to invoice", weight: 3.0, align: Align::Left },
            Column { title: "Issued", weight: 1.5, align: Align::Left },
            Column { title: "Amount", weight: 1.5, align: Align::Right },
        ];
        let rows: Vec<Vec<String>> = r.applied.iter().map(|(n, d, a)| vec![n.clone(), d.clone(), a.clone()]).collect();
        sheet.table(&columns, &rows);
    }
    let last = r.totals.len();
    let totals: Vec<(String, String, bool)> =
        r.totals.iter().enumerate().map(|(i, (l, a))| (l.clone(), a.clone(), i == 0 || i + 1 == last)).collect();
    sheet.totals(&totals);
    sheet.paragraph(None, "Thank you for your payment.");
    sheet.finish(&format!("Receipt {}", r.number), created)
}

/// An account statement for a date range, already formatted.
pub struct Statement {
    pub paper: Paper,
    pub company: String,
    pub company_lines: Vec<String>,
    pub customer: String,
    pub billing_address: String,
    /// "2026-01-01 – 2026-11-30"
    pub period: String,
    pub currency: String,
    pub opening: String,
    /// (date, document, description, charges, credits, balance)
    pub entries: Vec<[String; 6]>,
    pub closing: String,
    pub footer: String,
}

pub fn render_statement(s: &Statement, created: i64) -> Result<Vec<u8>, String> {
    let mut to = vec![s.customer.clone()];
    to.extend(s.billing_address.lines().map(str::to_string));
    let heading = Heading {
        company: s.company.clone(),
        company_lines: s.company_lines.clone(),
        title: "Statement".into(),
        number: s.period.clone(),
        facts: vec![("Currency".into(), s.currency.clone()), ("Opening balance".into(), s.opening.clone())],
        parties: vec![("Account".into(), to)],
        mark: None,
    };
    let mut sheet = Sheet::new(s.paper, &heading, &s.footer);
    let columns = [
        Column { title: "Date", weight: 1.1, align: Align::Left },
        Column { title: "Document", weight: 1.6, align: Align::Left },
        Column { title: "Description", weight: 2.4, align: Align::Left },
        Column { title: "Charges", weight: 1.2, align: Align::Right },
        Column { title: "Credits", weight: 1.2, align: Align::Right },
        Column { title: "Balance", weight: 1.3, align: Align::Right },
    ];
    let rows: Vec<Vec<String>> = s.entries.iter().map(|e| e.to_vec()).collect();
    sheet.table(&columns, &rows);
    sheet.totals(&[
        ("Opening balance".into(), s.opening.clone(), false),
        ("Closing balance".into(), s.closing.clone(), true),
    ]);
    sheet.finish(&format!("Statement {}", s.period), created)
}
