//! Sales orders: the DTOs (order, line, shipment), the order form as typed and its checks, the
//! shipment form, and the list filter. Lines are `lines::LineForm`; the status machine is in
//! `sales_order_status.rs`.
use super::lines::{parse_line_quantities, LineQuantity, LineQuantityForm};
use super::validate::{integer_in, optional_id, optional_text, FieldErrors};
use crate::model::list::list_filter;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use super::sales_order_status::{transition, InvoicingStatus, OrderEvent, OrderFacts, OrderStatus};
pub use super::shipment_status::{ShipmentEvent, ShipmentStatus};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SalesOrderDto {
    pub id: i64,
    /// SO-YYYY-NNNNNN
    pub number: String,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub opportunity_id: Option<i64>,
    pub opportunity_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "confirmed"))]
    pub status: OrderStatus,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "not_invoiced"))]
    pub invoicing_status: InvoicingStatus,
    pub currency: String,
    pub order_date: NaiveDate,
    pub expected_delivery_date: Option<NaiveDate>,
    pub payment_terms_days: i64,
    pub billing_address: String,
    pub shipping_address: String,
    /// The customer's purchase order number.
    pub customer_reference: String,
    pub notes: String,
    /// Decimal strings in `currency`.
    pub subtotal: String,
    pub tax_total: String,
    pub total: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SalesOrderLineDto {
    pub id: i64,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub discount_percent: String,
    pub tax_rate_id: Option<i64>,
    pub tax_rate_percent: String,
    pub net: String,
    pub tax: String,
    pub total: String,
    pub shipped_quantity: String,
    /// Ordered minus shipped.
    pub remaining_quantity: String,
    pub invoiced_quantity: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShipmentLineDto {
    pub sales_order_line_id: i64,
    pub description: String,
    pub quantity: String,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShipmentDto {
    pub id: i64,
    pub sales_order_id: i64,
    /// The order's number and the shipment's sequence, e.g. SO-2026-000042-2.
    pub number: String,
    pub date: NaiveDate,
    pub carrier: String,
    pub tracking_number: String,
    /// shipped or cancelled
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "shipped"))]
    pub status: ShipmentStatus,
    pub lines: Vec<ShipmentLineDto>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl From<&SalesOrderLineDto> for super::lines::LineForm {
    fn from(l: &SalesOrderLineDto) -> super::lines::LineForm {
        let (p, d, q, u) = (l.product_id, &l.description, &l.quantity, &l.unit);
        super::lines::LineForm::stored(p, d, q, u, &l.unit_price, &l.discount_percent, l.tax_rate_id)
    }
}

/// The order's fields as typed (the API's JSON maps onto it too). Empty fields take the
/// account's values (contact, addresses, payment terms) or today (order date).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderForm {
    pub account_id: String,
    pub contact_id: String,
    pub opportunity_id: String,
    pub owner_id: String,
    /// YYYY-MM-DD
    pub order_date: String,
    pub expected_delivery_date: String,
    pub payment_terms_days: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub customer_reference: String,
    pub notes: String,
}

impl From<&SalesOrderDto> for OrderForm {
    fn from(o: &SalesOrderDto) -> OrderForm {
        let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
        OrderForm {
            account_id: o.account_id.to_string(),
            contact_id: id(o.contact_id),
            opportunity_id: id(o.opportunity_id),
            owner_id: o.owner_id.to_string(),
            order_date: o.order_date.to_string(),
            expected_delivery_date: o.expected_delivery_date.map(|d| d.to_string()).unwrap_or_default(),
            payment_terms_days: o.payment_terms_days.to_string(),
            billing_address: o.billing_address.clone(),
            shipping_address: o.shipping_address.clone(),
            customer_reference: o.customer_reference.clone(),
            notes: o.notes.clone(),
        }
    }
}

/// A checked order header; None fields take the account's values or today.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderInput {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub order_date: Option<NaiveDate>,
    pub expected_delivery_date: Option<NaiveDate>,
    pub payment_terms_days: Option<i64>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub customer_reference: String,
    pub notes: String,
}

/// An optional date typed as YYYY-MM-DD.
pub fn optional_date(e: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    match value.trim() {
        "" => None,
        d => {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| e.add(field, "must be a date such as 2026-12-31")).ok()
        }
    }
}

/// An address as typed: empty means "the account's".
fn address(e: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    let v = optional_text(e, field, value, 500);
    (!v.is_empty()).then_some(v)
}

impl OrderInput {
    pub fn parse(f: &OrderForm) -> Result<OrderInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let account_id = optional_id(&mut e, "account_id", &f.account_id);
        if account_id.is_none() && f.account_id.trim().is_empty() {
            e.add("account_id", "is required");
        }
        let order_date = optional_date(&mut e, "order_date", &f.order_date);
        let expected_delivery_date = optional_date(&mut e, "expected_delivery_date", &f.expected_delivery_date);
        if let (Some(o), Some(d)) = (order_date, expected_delivery_date) {
            if d < o {
                e.add("expected_delivery_date", "must not be before the order date");
            }
        }
        let payment_terms_days = match f.payment_terms_days.trim() {
            "" => None,
            v => Some(integer_in(&mut e, "payment_terms_days", v, 0, 365, None)),
        };
        let input = OrderInput {
            account_id: account_id.unwrap_or(0),
            contact_id: optional_id(&mut e, "contact_id", &f.contact_id),
            opportunity_id: optional_id(&mut e, "opportunity_id", &f.opportunity_id),
            owner_id: optional_id(&mut e, "owner_id", &f.owner_id),
            order_date,
            expected_delivery_date,
            payment_terms_days,
            billing_address: address(&mut e, "billing_address", &f.billing_address),
            shipping_address: address(&mut e, "shipping_address", &f.shipping_address),
            customer_reference: optional_text(&mut e, "customer_reference", &f.customer_reference, 100),
            notes: optional_text(&mut e, "notes", &f.notes, 2000),
        };
        e.finish(|| input)
    }
}

/// A shipment as typed: date, carrier, tracking number, and a quantity per order line
/// (`lines[i][line_id]`, `lines[i][quantity]`; empty or zero quantities ship nothing).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShipmentForm {
    pub date: String,
    pub carrier: String,
    pub tracking_number: String,
    pub lines: Vec<LineQuantityForm>,
}

/// A checked shipment: the lines that ship something, with their quantities.
#[derive(Clone, Debug, PartialEq)]
pub struct ShipmentInput {
    pub date: Option<NaiveDate>,
    pub carrier: String,
    pub tracking_number: String,
    pub lines: Vec<LineQuantity>,
}

impl ShipmentInput {
    pub fn parse(f: &ShipmentForm) -> Result<ShipmentInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let date = optional_date(&mut e, "date", &f.date);
        let carrier = optional_text(&mut e, "carrier", &f.carrier, 100);
        let tracking_number = optional_text(&mut e, "tracking_number", &f.tracking_number, 100);
        let lines = parse_line_quantities(&f.lines, &mut e);
        if lines.is_empty() && e.is_empty() {
            e.add("lines", "ship at least one quantity");
        }
        e.finish(|| ShipmentInput { date, carrier, tracking_number, lines })
    }
}

list_filter! {
    /// The orders list's filters, as in the page's query string and the API's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OrderFilter {
        /// Part of the number, the account's name or the customer reference.
        pub q: String,
        /// A status, or "open"; empty: all.
        pub status: String,
        /// An account id.
        pub account: String,
        /// Owner's user id, or "me".
        pub owner: String,
        /// Orders dated on or after (YYYY-MM-DD).
        pub from: String,
        /// Orders dated on or before (YYYY-MM-DD).
        pub to: String,
        /// An opportunity id.
        pub opportunity: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_needs_an_account_and_sane_dates() {
        let e = OrderInput::parse(&OrderForm {
            order_date: "2026-12-10".into(),
            expected_delivery_date: "2026-12-01".into(),
            payment_terms_days: "400".into(),
            customer_reference: "x".repeat(101),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["account_id", "expected_delivery_date", "payment_terms_days", "customer_reference"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let ok = OrderInput::parse(&OrderForm { account_id: "3".into(), ..Default::default() }).unwrap();
        assert_eq!((ok.account_id, ok.order_date, ok.billing_address), (3, None, None));
    }

    #[test]
    fn shipments_keep_positive_quantities_and_name_bad_ones() {
        let line = |id: &str, q: &str| LineQuantityForm { line_id: id.into(), quantity: q.into() };
        let ok = ShipmentInput::parse(&ShipmentForm {
            lines: vec![line("1", "2.50"), line("2", ""), line("3", "0")],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.lines, vec![LineQuantity { index: 0, line_id: 1, quantity: "2.5".parse().unwrap() }]);
        let e = ShipmentInput::parse(&ShipmentForm {
            lines: vec![line("1", "-1"), line("2", "abc"), line("3", "0.00001")],
            date: "tomorrow".into(),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["lines[0].quantity", "lines[1].quantity", "lines[2].quantity", "date"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let none = ShipmentInput::parse(&ShipmentForm { lines: vec![line("1", "0")], ..Default::default() });
        assert!(none.unwrap_err().get("lines").is_some());
    }
}
