//! The delivery note of one shipment: who ships to whom, which order, and per line what was
//! ordered, shipped now, shipped before and what remains — no prices.
use super::canvas::Align;
use super::sheet::{Column, Heading, Paper, Sheet};
use chrono::NaiveDate;

/// Everything a delivery note prints, already formatted.
pub struct DeliveryNote {
    pub paper: Paper,
    pub company: String,
    pub company_lines: Vec<String>,
    /// SO-2026-000042-1
    pub number: String,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub ship_date: NaiveDate,
    pub customer_reference: String,
    pub carrier: String,
    pub tracking_number: String,
    pub customer: String,
    pub contact: Option<String>,
    pub shipping_address: String,
    pub billing_address: String,
    pub lines: Vec<NoteLine>,
    pub cancelled: bool,
    pub footer: String,
}

pub struct NoteLine {
    pub description: String,
    pub unit: String,
    pub ordered: String,
    pub shipped_now: String,
    pub shipped_before: String,
    pub remaining: String,
}

/// Renders the note; `created` (Unix seconds) is the PDF's creation date.
pub fn render(n: &DeliveryNote, created: i64) -> Result<Vec<u8>, String> {
    let mut facts = vec![
        ("Shipment date".to_string(), n.ship_date.to_string()),
        ("Order".to_string(), n.order_number.clone()),
        ("Order date".to_string(), n.order_date.to_string()),
    ];
    for (label, value) in
        [("Your reference", &n.customer_reference), ("Carrier", &n.carrier), ("Tracking number", &n.tracking_number)]
    {
        if !value.is_empty() {
            facts.push((label.to_string(), value.clone()));
        }
    }
    let mut ship_to = vec![n.customer.clone()];
    ship_to.extend(n.contact.iter().map(|c| format!("Attn. {c}")));
    ship_to.extend(n.shipping_address.lines().map(str::to_string));
    let mut bill_to = vec![n.customer.clone()];
    bill_to.extend(n.billing_address.lines().map(str::to_string));
    let heading = Heading {
        company: n.company.clone(),
        company_lines: n.company_lines.clone(),
        title: "Delivery note".into(),
        number: n.number.clone(),
        facts,
        parties: vec![("Ship to".into(), ship_to), ("Customer".into(), bill_to)],
        mark: n.cancelled.then(|| "CANCELLED".to_string()),
    };
    let mut sheet = Sheet::new(n.paper, &heading, &n.footer);
    let columns = [
        Column { title: "#", weight: 0.4, align: Align::Right },
        Column { title: "Description", weight: 3.4, align: Align::Left },
        Column { title: "Unit", weight: 0.7, align: Align::Left },
        Column { title: "Ordered", weight: 1.0, align: Align::Right },
        Column { title: "Shipped before", weight: 1.5, align: Align::Right },
        Column { title: "This shipment", weight: 1.5, align: Align::Right },
        Column { title: "Remaining", weight: 1.2, align: Align::Right },
    ];
    let rows = Sheet::numbered_rows(&n.lines, |l| {
        vec![
            l.description.clone(),
            l.unit.clone(),
            l.ordered.clone(),
            l.shipped_before.clone(),
            l.shipped_now.clone(),
            l.remaining.clone(),
        ]
    });
    sheet.table(&columns, &rows);
    sheet.gap(12.0);
    sheet.paragraph(
        Some("Received in good order"),
        "Name: ______________________    Signature: ______________________    Date: ____________",
    );
    sheet.finish(&format!("Delivery note {}", n.number), created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(lines: usize) -> DeliveryNote {
        DeliveryNote {
            paper: Paper::A4,
            company: "Northwind Services GmbH".into(),
            company_lines: vec!["Hafenstraße 12".into(), "20457 Hamburg".into()],
            number: "SO-2026-000042-1".into(),
            order_number: "SO-2026-000042".into(),
            order_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            ship_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            customer_reference: "PO-77".into(),
            carrier: "DHL".into(),
            tracking_number: "JD0146".into(),
            customer: "Ørsted Zoë Łukasiewicz AG".into(),
            contact: Some("Zoë Łukasiewicz".into()),
            shipping_address: "Straße 1\nKøbenhavn".into(),
            billing_address: "Straße 1\nKøbenhavn".into(),
            lines: (0..lines)
                .map(|i| NoteLine {
                    description: format!("Server rack {i}"),
                    unit: "pcs".into(),
                    ordered: "3".into(),
                    shipped_now: "2".into(),
                    shipped_before: "0".into(),
                    remaining: "1".into(),
                })
                .collect(),
            cancelled: false,
            footer: "Thank you for your business.".into(),
        }
    }

    #[test]
    fn renders_a_pdf_and_flows_long_notes_over_pages() {
        let one = render(&note(3), 1_790_000_000).unwrap();
        assert!(one.starts_with(b"%PDF-"));
        let many = render(&note(120), 1_790_000_000).unwrap();
        if let Ok(dir) = std::env::var("AFTERSALE_PDF_DUMP") {
            std::fs::write(format!("{dir}/note-1.pdf"), &one).unwrap();
            std::fs::write(format!("{dir}/note-120.pdf"), &many).unwrap();
        }
        let pages = |b: &[u8]| b.windows(10).filter(|w| w == b"/Type/Page" || w == b"/Type /Pag").count();
        assert!(pages(&many) > pages(&one), "a long note takes more pages");
    }
}
