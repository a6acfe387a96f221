//! The shipment status machine: a shipment is recorded shipped and may be cancelled once (its
//! quantities return to the order's lines; the order's own machine steps it back).
use crate::model::enum_macro::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ShipmentStatus {
        Shipped = ("shipped", "Shipped"),
        Cancelled = ("cancelled", "Cancelled"),
    }
    parse_error = "must be shipped or cancelled";
}

/// What happens to a shipment after it went out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShipmentEvent {
    Cancel,
}

impl ShipmentStatus {
    /// The machine: shipped → cancelled; a cancelled shipment stays. The refusal reads after the
    /// shipment's number ("shipment SO-…-2 is already cancelled").
    pub fn transition(self, event: ShipmentEvent) -> Result<ShipmentStatus, String> {
        match (self, event) {
            (ShipmentStatus::Shipped, ShipmentEvent::Cancel) => Ok(ShipmentStatus::Cancelled),
            (ShipmentStatus::Cancelled, ShipmentEvent::Cancel) => Err("is already cancelled".into()),
        }
    }
    /// Whether its quantities count as shipped.
    pub fn counts(self) -> bool {
        self == ShipmentStatus::Shipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipment_is_cancelled_once() {
        assert_eq!(ShipmentStatus::Shipped.transition(ShipmentEvent::Cancel), Ok(ShipmentStatus::Cancelled));
        assert_eq!(ShipmentStatus::Cancelled.transition(ShipmentEvent::Cancel).unwrap_err(), "is already cancelled");
        assert_eq!(serde_json::to_string(&ShipmentStatus::Cancelled).unwrap(), "\"cancelled\"");
    }
}
