//! The sales order status machine: seven statuses, the events people send (confirm, hold, release,
//! cancel, close) and the ones shipments send, and the one `transition` every change goes through.
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum OrderStatus {
        Draft = ("draft", "Draft"),
        Confirmed = ("confirmed", "Confirmed"),
        OnHold = ("on_hold", "On hold"),
        PartiallyFulfilled = ("partially_fulfilled", "Partially fulfilled"),
        Fulfilled = ("fulfilled", "Fulfilled"),
        Closed = ("closed", "Closed"),
        Cancelled = ("cancelled", "Cancelled"),
    }
    parse_error = "must be draft, confirmed, on_hold, partially_fulfilled, fulfilled, closed or cancelled";
}

/// What happens to an order. People send the first five; shipments send the last two. Written
/// out, not `string_enum!`: two events carry data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEvent {
    Confirm,
    Hold,
    Release,
    Cancel,
    Close,
    /// A shipment went out; `complete` when nothing remains to ship afterwards.
    Ship {
        complete: bool,
    },
    /// A shipment was cancelled; `none_left` when no shipped quantity remains afterwards.
    Unship {
        none_left: bool,
    },
}

/// What the machine needs to know about the order besides its status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderFacts {
    pub has_lines: bool,
    /// Some quantity is shipped (by a shipment that was not cancelled).
    pub shipped: bool,
    /// Some quantity is invoiced.
    pub invoiced: bool,
}

impl OrderStatus {
    /// Orders still to be delivered (the dashboard's "open orders").
    pub fn is_open(self) -> bool {
        matches!(self, OrderStatus::Confirmed | OrderStatus::OnHold | OrderStatus::PartiallyFulfilled)
    }
    /// Only drafts change their lines and fields.
    pub fn is_editable(self) -> bool {
        self == OrderStatus::Draft
    }
    /// Shipments may be recorded.
    pub fn can_ship(self) -> bool {
        matches!(self, OrderStatus::Confirmed | OrderStatus::PartiallyFulfilled)
    }
    /// The people's events the machine allows from here, given the facts.
    pub fn actions(self, facts: OrderFacts) -> Vec<OrderEvent> {
        OrderEvent::MANUAL.into_iter().filter(|e| transition(self, *e, facts).is_ok()).collect()
    }
}

impl OrderEvent {
    pub const MANUAL: [OrderEvent; 5] =
        [OrderEvent::Confirm, OrderEvent::Hold, OrderEvent::Release, OrderEvent::Cancel, OrderEvent::Close];

    /// The name in URLs and forms (`POST /sales-orders/{id}/confirm`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderEvent::Confirm => "confirm",
            OrderEvent::Hold => "hold",
            OrderEvent::Release => "release",
            OrderEvent::Cancel => "cancel",
            OrderEvent::Close => "close",
            OrderEvent::Ship { .. } => "ship",
            OrderEvent::Unship { .. } => "unship",
        }
    }
    /// One of the people's events by name.
    pub fn parse(s: &str) -> Result<OrderEvent, String> {
        OrderEvent::MANUAL
            .into_iter()
            .find(|e| e.as_str() == s.trim())
            .ok_or_else(|| "must be confirm, hold, release, cancel or close".into())
    }
    /// What its button says.
    pub fn label(self) -> &'static str {
        match self {
            OrderEvent::Confirm => "Confirm order",
            OrderEvent::Hold => "Put on hold",
            OrderEvent::Release => "Release hold",
            OrderEvent::Cancel => "Cancel order",
            OrderEvent::Close => "Close order",
            OrderEvent::Ship { .. } => "Ship",
            OrderEvent::Unship { .. } => "Cancel shipment",
        }
    }
}

/// The machine: draft → confirmed → partially_fulfilled → fulfilled → closed; confirmed ↔ on_hold;
/// draft or confirmed → cancelled only while nothing was shipped or invoiced; shipments move the
/// order between confirmed, partially_fulfilled and fulfilled by themselves.
pub fn transition(from: OrderStatus, event: OrderEvent, facts: OrderFacts) -> Result<OrderStatus, String> {
    use OrderEvent as E;
    use OrderStatus as S;
    let refused = || format!("a {} order cannot {}", from.label().to_lowercase(), describe(event));
    match (from, event) {
        (S::Draft, E::Confirm) if !facts.has_lines => Err("an order without lines cannot be confirmed".into()),
        (S::Draft, E::Confirm) => Ok(S::Confirmed),
        (S::Confirmed, E::Hold) => Ok(S::OnHold),
        (S::OnHold, E::Release) => Ok(S::Confirmed),
        (S::Draft | S::Confirmed, E::Cancel) if facts.shipped || facts.invoiced => {
            Err("an order cannot be cancelled once something was shipped or invoiced".into())
        }
        (S::Draft | S::Confirmed, E::Cancel) => Ok(S::Cancelled),
        (S::Fulfilled, E::Close) => Ok(S::Closed),
        (S::Confirmed | S::PartiallyFulfilled, E::Ship { complete }) => {
            Ok(if complete { S::Fulfilled } else { S::PartiallyFulfilled })
        }
        (S::PartiallyFulfilled | S::Fulfilled, E::Unship { none_left }) => {
            Ok(if none_left { S::Confirmed } else { S::PartiallyFulfilled })
        }
        _ => Err(refused()),
    }
}

fn describe(event: OrderEvent) -> &'static str {
    match event {
        OrderEvent::Confirm => "be confirmed",
        OrderEvent::Hold => "be put on hold",
        OrderEvent::Release => "be released",
        OrderEvent::Cancel => "be cancelled",
        OrderEvent::Close => "be closed",
        OrderEvent::Ship { .. } => "ship",
        OrderEvent::Unship { .. } => "have a shipment cancelled",
    }
}

string_enum! {
    /// How much of an order is invoiced, from its lines' invoiced quantities.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum InvoicingStatus {
        NotInvoiced = ("not_invoiced", "Not invoiced"),
        PartiallyInvoiced = ("partially_invoiced", "Partially invoiced"),
        FullyInvoiced = ("fully_invoiced", "Fully invoiced"),
    }
    parse_error = "must be not_invoiced, partially_invoiced or fully_invoiced";
}

impl InvoicingStatus {
    /// From (ordered, invoiced) quantities per line.
    pub fn of(lines: &[(rust_decimal::Decimal, rust_decimal::Decimal)]) -> InvoicingStatus {
        if lines.iter().all(|(_, inv)| inv.is_zero()) {
            InvoicingStatus::NotInvoiced
        } else if lines.iter().all(|(ordered, inv)| inv >= ordered) {
            InvoicingStatus::FullyInvoiced
        } else {
            InvoicingStatus::PartiallyInvoiced
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as S;

    /// Every event the machine knows, with both values of its payload.
    fn all_events() -> Vec<OrderEvent> {
        let mut v = OrderEvent::MANUAL.to_vec();
        for b in [true, false] {
            v.push(OrderEvent::Ship { complete: b });
            v.push(OrderEvent::Unship { none_left: b });
        }
        v
    }

    /// The documented moves: (from, to) pairs some event allows when the facts permit it.
    const ALLOWED: &[(S, S)] = &[
        (S::Draft, S::Confirmed),
        (S::Draft, S::Cancelled),
        (S::Confirmed, S::OnHold),
        (S::OnHold, S::Confirmed),
        (S::Confirmed, S::Cancelled),
        (S::Confirmed, S::PartiallyFulfilled),
        (S::Confirmed, S::Fulfilled),
        (S::PartiallyFulfilled, S::PartiallyFulfilled),
        (S::PartiallyFulfilled, S::Fulfilled),
        (S::PartiallyFulfilled, S::Confirmed),
        (S::Fulfilled, S::PartiallyFulfilled),
        (S::Fulfilled, S::Confirmed),
        (S::Fulfilled, S::Closed),
    ];

    #[test]
    fn every_pair_of_statuses_is_allowed_exactly_when_documented() {
        let facts = OrderFacts { has_lines: true, shipped: false, invoiced: false };
        for from in S::ALL {
            for to in S::ALL {
                let reachable = all_events().into_iter().any(|e| transition(from, e, facts) == Ok(to));
                assert_eq!(reachable, ALLOWED.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn cancelling_needs_nothing_shipped_or_invoiced_and_confirming_needs_lines() {
        let shipped = OrderFacts { has_lines: true, shipped: true, invoiced: false };
        let invoiced = OrderFacts { has_lines: true, shipped: false, invoiced: true };
        for facts in [shipped, invoiced] {
            let e = transition(S::Confirmed, OrderEvent::Cancel, facts).unwrap_err();
            assert!(e.contains("shipped or invoiced"), "{e}");
        }
        let empty = OrderFacts::default();
        assert_eq!(
            transition(S::Draft, OrderEvent::Confirm, empty).unwrap_err(),
            "an order without lines cannot be confirmed"
        );
        assert_eq!(transition(S::Closed, OrderEvent::Hold, empty).unwrap_err(), "a closed order cannot be put on hold");
    }

    #[test]
    fn the_ui_offers_only_allowed_actions() {
        let facts = OrderFacts { has_lines: true, ..Default::default() };
        assert_eq!(S::Draft.actions(facts), vec![OrderEvent::Confirm, OrderEvent::Cancel]);
        assert_eq!(S::Confirmed.actions(facts), vec![OrderEvent::Hold, OrderEvent::Cancel]);
        assert_eq!(S::OnHold.actions(facts), vec![OrderEvent::Release]);
        assert_eq!(S::Fulfilled.actions(facts), vec![OrderEvent::Close]);
        assert!(S::Closed.actions(facts).is_empty() && S::Cancelled.actions(facts).is_empty());
        let shipped = OrderFacts { shipped: true, ..facts };
        assert_eq!(S::PartiallyFulfilled.actions(shipped), vec![]);
    }

    #[test]
    fn invoicing_status_follows_the_lines() {
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(InvoicingStatus::of(&[(d("2"), d("0")), (d("1"), d("0"))]), InvoicingStatus::NotInvoiced);
        assert_eq!(InvoicingStatus::of(&[(d("2"), d("1")), (d("1"), d("0"))]), InvoicingStatus::PartiallyInvoiced);
        assert_eq!(InvoicingStatus::of(&[(d("2"), d("2")), (d("1"), d("1"))]), InvoicingStatus::FullyInvoiced);
    }
}
