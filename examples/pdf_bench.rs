//! The PDF benchmark's renderer-alone side: renders the invoice that `bench/invoice_html.py` writes
//! as HTML (same lines, names and totals) with Aftersale's in-process renderer, `ITERATIONS` times,
//! and prints "p50_ms p99_ms bytes": each render timed on its own, and the PDF's size. Fonts are
//! loaded once before timing, as in the running server; `bench/pdf_route.py` times the HTTP route.
//! Usage: pdf_bench LINES ITERATIONS [OUT.pdf]
#[cfg(feature = "ssr")]
fn main() {
    use aftersale::server::pdf::invoice::{render, BillingDocument, PrintedLine};
    use aftersale::server::pdf::sheet::Paper;
    use std::time::Instant;
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let iterations: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let out = args.next();
    let doc = BillingDocument {
        paper: Paper::A4,
        title: "Invoice".into(),
        number: "INV-2026-000042".into(),
        company: "Aftersale Demo Ltd".into(),
        company_lines: vec!["1 Main Street".into(), "VAT GB123456789".into()],
        customer: "Zoë Łukasiewicz Straße GmbH".into(),
        billing_address: "Hauptstraße 5, 10115 Berlin".into(),
        facts: vec![
            ("Issue date".into(), "2026-11-23".into()),
            ("Due date".into(), "2026-12-07".into()),
            ("Order".into(), "SO-2026-000017".into()),
        ],
        lines: (1..=n)
            .map(|i| {
                let q = rust_decimal::Decimal::from(i % 7 + 1);
                let price = rust_decimal::Decimal::new(1999, 2) + rust_decimal::Decimal::from(i);
                PrintedLine {
                    description: format!("Ørsted turbine service, part {i} — Straße {i}"),
                    quantity: q.to_string(),
                    unit: String::new(),
                    unit_price: price.to_string(),
                    discount: String::new(),
                    tax_rate: "20 %".into(),
                    net: (q * price).round_dp(2).to_string(),
                }
            })
            .collect(),
        subtotal: "12,345.67".into(),
        taxes: vec![("VAT 20 %".into(), "2,469.13".into())],
        tax_total: "2,469.13".into(),
        total: "14,814.80".into(),
        settlement: vec![],
        notes: String::new(),
        payment: Some("Pay to IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX".into()),
        footer: String::new(),
        mark: None,
    };
    let first = render(&doc, 1_790_000_000).expect("render");
    if let Some(path) = out {
        std::fs::write(path, &first).expect("write");
    }
    let mut ms: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(render(&doc, 1_790_000_000).expect("render"));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    // Nearest rank, as bench/pdf_route.py computes the route's.
    let rank = |p: usize| ms[(ms.len() * p).div_ceil(100).max(1) - 1];
    println!("{:.3} {:.3} {}", rank(50), rank(99), first.len());
}

#[cfg(not(feature = "ssr"))]
fn main() {}
