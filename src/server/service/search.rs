//! The shell's search: accounts by name and documents by number, each area searched only when the
//! actor may read it (the same permissions as the navigation), and the one document to open
//! straight away when the text is exactly its number.
use crate::error::AppError;
use crate::model::permissions::Permission;
use crate::model::search_view::{
    number_needle, parse_query, SearchHit, SearchKind, SearchView, ACCOUNT_LIMIT, DOCUMENT_LIMIT,
};
use crate::server::auth::Actor;
use crate::server::db::{self, global_search::Numbered, Pool};

/// Each numbered table: the permission that reads it, the kind it shows as, and its page.
const DOCUMENTS: &[(Numbered, Permission, SearchKind, &str)] = &[
    (Numbered::SalesOrders, Permission::ViewOrders, SearchKind::SalesOrder, "/orders/{}"),
    (Numbered::Shipments, Permission::ViewOrders, SearchKind::Shipment, "/orders/{}#shipments"),
    (Numbered::Invoices, Permission::ViewInvoices, SearchKind::Invoice, "/invoices/{}"),
    (Numbered::CreditNotes, Permission::ViewInvoices, SearchKind::CreditNote, "/invoices/{}#credit-notes"),
    (Numbered::Payments, Permission::ViewPayments, SearchKind::Payment, "/payments/{}"),
    (Numbered::Receipts, Permission::ViewPayments, SearchKind::Payment, "/payments/{}"),
];

pub async fn search(pool: &Pool, actor: &Actor, raw: &str) -> Result<SearchView, AppError> {
    actor.require(Permission::UseApp)?;
    let q = match parse_query(raw) {
        Ok(q) => q,
        Err(hint) => {
            let q: String = raw.trim().chars().take(crate::model::search_view::MAX_QUERY_CHARS).collect();
            return Ok(SearchView { q, hint: Some(hint.to_string()), ..SearchView::default() });
        }
    };
    let can = |p: Permission| actor.role.can(p);
    let mut hits = Vec::new();
    if can(Permission::ViewCrm) {
        for a in db::global_search::accounts(pool, &q, ACCOUNT_LIMIT).await? {
            hits.push(SearchHit {
                kind: SearchKind::Account,
                label: a.name,
                number: None,
                href: format!("/accounts/{}", a.id),
                note: if a.active { String::new() } else { "Inactive".to_string() },
            });
        }
    }
    let needle = number_needle(&q);
    for &(table, _, kind, href) in DOCUMENTS.iter().filter(|d| can(d.1)) {
        for d in db::global_search::documents(pool, table, &needle, DOCUMENT_LIMIT).await? {
            let note =
                if table == Numbered::Receipts { format!("Receipt · {}", d.account_name) } else { d.account_name };
            hits.push(SearchHit {
                kind,
                label: d.number.clone(),
                number: Some(d.number),
                href: href.replacen("{}", &d.page_id.to_string(), 1),
                note,
            });
        }
    }
    let redirect = exact_document(&hits, &needle);
    Ok(SearchView { q, hint: None, hits, redirect })
}

/// Where to go when exactly one document's number is the text (numbers are unique per series, but
/// two series may share a prefix: then the list shows both).
fn exact_document(hits: &[SearchHit], needle: &str) -> Option<String> {
    let mut exact = hits.iter().filter(|h| h.number.as_deref() == Some(needle));
    match (exact.next(), exact.next()) {
        (Some(only), None) => Some(only.href.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(number: &str, href: &str) -> SearchHit {
        SearchHit {
            kind: SearchKind::Invoice,
            label: number.into(),
            number: Some(number.into()),
            href: href.into(),
            note: String::new(),
        }
    }

    #[test]
    fn only_one_exact_number_redirects() {
        let order = doc("SO-2026-000001", "/orders/1");
        let shipment = doc("SO-2026-000001-1", "/orders/1#shipments");
        assert_eq!(exact_document(&[order.clone(), shipment.clone()], "SO-2026-000001"), Some("/orders/1".into()));
        assert_eq!(exact_document(&[order.clone(), shipment], "SO-2026"), None, "a prefix lists");
        let twin = doc("SO-2026-000001", "/invoices/9");
        assert_eq!(exact_document(&[order, twin], "SO-2026-000001"), None, "two series with one prefix list both");
    }
}
