//! What the shell's search box finds (`/search?q=`, assembled by `service::search`): accounts by
//! name and documents by number, grouped by kind; and the rules for what was typed.
use serde::{Deserialize, Serialize};

/// Longest search text used; the rest is dropped (a pasted paragraph still searches its start).
pub const MAX_QUERY_CHARS: usize = 100;
/// At most this many accounts; the name search is a LIKE over the name key, so it stays bounded.
pub const ACCOUNT_LIMIT: usize = 20;
/// At most this many documents of each kind.
pub const DOCUMENT_LIMIT: usize = 10;

/// What a hit is, in the order the page lists the groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Account,
    SalesOrder,
    Shipment,
    Invoice,
    CreditNote,
    Payment,
}

impl SearchKind {
    /// The heading of the kind's group.
    pub fn heading(self) -> &'static str {
        match self {
            SearchKind::Account => "Accounts",
            SearchKind::SalesOrder => "Sales orders",
            SearchKind::Shipment => "Shipments",
            SearchKind::Invoice => "Invoices",
            SearchKind::CreditNote => "Credit notes",
            SearchKind::Payment => "Payments and receipts",
        }
    }

    /// The list that searches this kind further when the group is full (`?q=` is its search).
    pub fn list_path(self) -> Option<&'static str> {
        match self {
            SearchKind::Account => Some("/accounts"),
            SearchKind::SalesOrder => Some("/orders"),
            SearchKind::Invoice => Some("/invoices"),
            SearchKind::Payment => Some("/payments"),
            SearchKind::Shipment | SearchKind::CreditNote => None,
        }
    }

    /// How many hits of this kind the search returns at most.
    pub fn limit(self) -> usize {
        if self == SearchKind::Account {
            ACCOUNT_LIMIT
        } else {
            DOCUMENT_LIMIT
        }
    }
}

/// One thing found: its kind, what to call it, its document number (None for an account), where
/// it opens, and a short note (the account a document belongs to).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub label: String,
    pub number: Option<String>,
    pub href: String,
    pub note: String,
}

/// The search page: the text as used (trimmed, capped), a hint instead of results when there was
/// nothing to search for, the hits in group order, and where to go straight away when the text is
/// exactly one document's number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub q: String,
    pub hint: Option<String>,
    pub hits: Vec<SearchHit>,
    pub redirect: Option<String>,
}

impl SearchView {
    /// The hits by kind, in the kinds' order, each group in the order found.
    pub fn groups(&self) -> Vec<(SearchKind, Vec<SearchHit>)> {
        let mut groups: Vec<(SearchKind, Vec<SearchHit>)> = Vec::new();
        for h in &self.hits {
            match groups.iter_mut().find(|(k, _)| *k == h.kind) {
                Some((_, hits)) => hits.push(h.clone()),
                None => groups.push((h.kind, vec![h.clone()])),
            }
        }
        groups.sort_by_key(|(k, _)| *k);
        groups
    }
}

/// The search text as used: trimmed and capped at [`MAX_QUERY_CHARS`], or the hint to show
/// instead of searching (nothing typed, or control characters — nothing a name or number holds).
pub fn parse_query(raw: &str) -> Result<String, &'static str> {
    let q: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let q = q.trim_end().to_string();
    if q.is_empty() {
        Err("Type part of an account's name, or a document number such as INV-2026-000042, SO-2026-000007 or PAY-2026-000003.")
    } else if q.chars().any(char::is_control) {
        Err("Search for letters, digits and punctuation only.")
    } else {
        Ok(q)
    }
}

/// The document-number form of `q`: upper case, as every series prints its numbers (prefixes are
/// upper-case letters and digits, `model::settings`), so `inv-2026-42` finds `INV-2026-…`.
pub fn number_needle(q: &str) -> String {
    q.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: SearchKind, label: &str) -> SearchHit {
        SearchHit { kind, label: label.into(), number: None, href: "/".into(), note: String::new() }
    }

    #[test]
    fn queries_are_trimmed_capped_and_empty_or_control_text_is_a_hint() {
        assert_eq!(parse_query("  Acme \n"), Ok("Acme".to_string()));
        assert!(parse_query("   ").is_err());
        assert!(parse_query("").is_err());
        assert!(parse_query("ab\u{0}c").is_err());
        assert_eq!(parse_query(&"x".repeat(500)).unwrap().chars().count(), MAX_QUERY_CHARS);
        assert_eq!(parse_query(&format!("{}  y", "ü".repeat(99))).unwrap(), "ü".repeat(99), "cut, then trimmed");
        assert_eq!(number_needle("inv-2026-000042"), "INV-2026-000042");
    }

    #[test]
    fn groups_follow_the_kind_order_and_keep_the_order_found() {
        let v = SearchView {
            hits: vec![
                hit(SearchKind::Invoice, "INV-2"),
                hit(SearchKind::Account, "Acme"),
                hit(SearchKind::Invoice, "INV-1"),
            ],
            ..SearchView::default()
        };
        let groups = v.groups();
        assert_eq!(groups.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [SearchKind::Account, SearchKind::Invoice]);
        assert_eq!(groups[1].1.iter().map(|h| h.label.as_str()).collect::<Vec<_>>(), ["INV-2", "INV-1"]);
    }
}
