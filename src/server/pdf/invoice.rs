//! Invoices and credit notes as PDF: company heading, bill-to, the document's facts, a line table
//! that flows over pages, totals with the tax summary per rate, payment instructions, the footer,
//! and a DRAFT / VOID / PAID mark. Both documents share this layout.
use super::canvas::Align;
use super::sheet::{Column, Heading, Paper, Sheet};

/// Everything an invoice or credit note prints, already formatted for people.
pub struct BillingDocument {
    pub paper: Paper,
    /// "Invoice" or "Credit note".
    pub title: String,
    /// INV-2026-000042 (or "Draft" before issue).
    pub number: String,
    pub company: String,
    pub company_lines: Vec<String>,
    pub customer: String,
    pub billing_address: String,
    /// (label, value): issue date, due date, terms, order, customer reference, …
    pub facts: Vec<(String, String)>,
    pub lines: Vec<PrintedLine>,
    pub subtotal: String,
    /// (label, tax) per rate, e.g. ("VAT 20 % on 1,234.00", "246.80").
    pub taxes: Vec<(String, String)>,
    pub tax_total: String,
    pub total: String,
    /// Credit notes and payments and what is left, when any were made.
    pub settlement: Vec<(String, String)>,
    pub notes: String,
    /// How to pay (bank details), for invoices.
    pub payment: Option<String>,
    pub footer: String,
    pub mark: Option<String>,
}

pub struct PrintedLine {
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub discount: String,
    pub tax_rate: String,
    pub net: String,
}

/// Renders the document; `created` (Unix seconds) is its date in the PDF's info.
pub fn render(d: &BillingDocument, created: i64) -> Result<Vec<u8>, String> {
    let mut bill_to = vec![d.customer.clone()];
    bill_to.extend(d.billing_address.lines().map(str::to_string));
    let heading = Heading {
        company: d.company.clone(),
        company_lines: d.company_lines.clone(),
        title: d.title.clone(),
        number: d.number.clone(),
        facts: d.facts.clone(),
        parties: vec![("Bill to".into(), bill_to)],
        mark: d.mark.clone(),
    };
    let mut sheet = Sheet::new(d.paper, &heading, &d.footer);
    let columns = [
        Column { title: "#", weight: 0.35, align: Align::Right },
        Column { title: "Description", weight: 3.6, align: Align::Left },
        Column { title: "Qty", weight: 0.7, align: Align::Right },
        Column { title: "Unit", weight: 0.6, align: Align::Left },
        Column { title: "Unit price", weight: 1.1, align: Align::Right },
        Column { title: "Disc.", weight: 0.6, align: Align::Right },
        Column { title: "Tax", weight: 0.6, align: Align::Right },
        Column { title: "Net", weight: 1.2, align: Align::Right },
    ];
    let rows = Sheet::numbered_rows(&d.lines, |l| {
        vec![
            l.description.clone(),
            l.quantity.clone(),
            l.unit.clone(),
            l.unit_price.clone(),
            l.discount.clone(),
            l.tax_rate.clone(),
            l.net.clone(),
        ]
    });
    sheet.table(&columns, &rows);
    let mut totals = vec![("Subtotal".to_string(), d.subtotal.clone(), false)];
    totals.extend(d.taxes.iter().map(|(l, t)| (l.clone(), t.clone(), false)));
    totals.push(("Total".to_string(), d.total.clone(), true));
    for (i, (label, amount)) in d.settlement.iter().enumerate() {
        totals.push((label.clone(), amount.clone(), i + 1 == d.settlement.len()));
    }
    sheet.totals(&totals);
    if !d.notes.is_empty() {
        sheet.paragraph(Some("Notes"), &d.notes);
    }
    if let Some(p) = &d.payment {
        sheet.paragraph(Some("Payment"), p);
    }
    sheet.finish(&format!("{} {}", d.title, d.number), created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(lines: usize) -> BillingDocument {
        BillingDocument {
            paper: Paper::A4,
            title: "Invoice".into(),
            number: "INV-2026-000042".into(),
            company: "Northwind Services GmbH".into(),
            company_lines: vec!["Hafenstraße 12".into(), "20457 Hamburg".into(), "Tax id DE123456789".into()],
            customer: "Zoë Łukasiewicz Straße GmbH".into(),
            billing_address: "Hauptstraße 5\n10115 Berlin".into(),
            facts: vec![("Issue date".into(), "2026-11-23".into()), ("Due date".into(), "2026-12-07".into())],
            lines: (1..=lines)
                .map(|i| PrintedLine {
                    description: format!("Ørsted turbine service, part {i} — Straße {i}"),
                    quantity: (i % 7 + 1).to_string(),
                    unit: "h".into(),
                    unit_price: "19.99".into(),
                    discount: "0 %".into(),
                    tax_rate: "20 %".into(),
                    net: "139.93".into(),
                })
                .collect(),
            subtotal: "12,345.67 EUR".into(),
            taxes: vec![("VAT 20 % on 12,345.67".into(), "2,469.13 EUR".into())],
            tax_total: "2,469.13 EUR".into(),
            total: "14,814.80 EUR".into(),
            settlement: vec![],
            notes: String::new(),
            payment: Some("Pay to IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX".into()),
            footer: "Thank you for your business.".into(),
            mark: None,
        }
    }

    #[test]
    fn renders_an_invoice_over_several_pages() {
        let pdf = render(&sample(200), 1_790_000_000).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Ok(dir) = std::env::var("AFTERSALE_PDF_DUMP") {
            std::fs::write(format!("{dir}/invoice-200.pdf"), &pdf).unwrap();
            std::fs::write(format!("{dir}/invoice-40.pdf"), render(&sample(40), 1_790_000_000).unwrap()).unwrap();
        }
    }
}
