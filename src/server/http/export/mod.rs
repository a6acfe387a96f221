//! CSV exports of a list's current filter (`/accounts.csv?…`, products, opportunities, orders, invoices,
//! payments, tickets, contracts), streamed page by page so a million rows never sit in memory. Signed-in
//! employees only; same permission as the list itself.
mod stream;

pub use stream::csv_record;
use stream::export;

use crate::model::account::{AccountDto, AccountFilter};
use crate::model::contract::{ContractDto, ContractFilter};
use crate::model::invoice::{InvoiceDto, InvoiceFilter};
use crate::model::list::Position;
use crate::model::opportunity::{OpportunityDto, OpportunityFilter};
use crate::model::payment::{PaymentDto, PaymentFilter};
use crate::model::product::{ProductDto, ProductFilter};
use crate::model::sales_order::{OrderFilter, SalesOrderDto};
use crate::model::ticket::{TicketDto, TicketFilter};
use crate::server::auth::AuthSession;
use crate::server::service::{accounts, catalog, contracts, invoices, opportunities, payments, sales_orders, tickets};
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;

/// Rows fetched per database round trip while streaming.
const BATCH: usize = 1000;

const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "legal_name",
    "tax_id",
    "invoice_email",
    "phone",
    "currency",
    "payment_terms_days",
    "owner",
    "active",
    "tags",
    "billing_address",
    "shipping_address",
    "created_at",
];

fn account_row(a: &AccountDto) -> Vec<String> {
    vec![
        a.id.to_string(),
        a.name.clone(),
        a.legal_name.clone(),
        a.tax_id.clone(),
        a.invoice_email.clone(),
        a.phone.clone(),
        a.currency.clone(),
        a.payment_terms_days.to_string(),
        a.owner_name.clone(),
        a.active.to_string(),
        a.tags.join(" "),
        a.billing_address.clone(),
        a.shipping_address.clone(),
        a.created_at.to_rfc3339(),
    ]
}

pub async fn accounts_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<AccountFilter>,
) -> Response {
    export(&auth, "accounts.csv", ACCOUNT_COLUMNS, account_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { accounts::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const PRODUCT_COLUMNS: &[&str] =
    &["id", "sku", "name", "kind", "unit", "unit_price", "currency", "tax_rate", "active", "description"];

fn product_row(p: &ProductDto) -> Vec<String> {
    vec![
        p.id.to_string(),
        p.sku.clone(),
        p.name.clone(),
        p.kind.clone(),
        p.unit.clone(),
        p.unit_price.clone(),
        p.currency.clone(),
        p.tax_rate.clone(),
        p.active.to_string(),
        p.description.clone(),
    ]
}

pub async fn products_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<ProductFilter>,
) -> Response {
    export(&auth, "products.csv", PRODUCT_COLUMNS, product_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { catalog::list_products(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const OPPORTUNITY_COLUMNS: &[&str] = &[
    "id",
    "name",
    "account",
    "owner",
    "stage",
    "amount",
    "currency",
    "probability",
    "expected_close_date",
    "lost_reason",
    "created_at",
];

fn opportunity_row(o: &OpportunityDto) -> Vec<String> {
    vec![
        o.id.to_string(),
        o.name.clone(),
        o.account_name.clone(),
        o.owner_name.clone(),
        o.stage.as_str().to_string(),
        o.amount.clone(),
        o.currency.clone(),
        o.probability.to_string(),
        o.expected_close_date.map(|d| d.to_string()).unwrap_or_default(),
        o.lost_reason.clone().unwrap_or_default(),
        o.created_at.to_rfc3339(),
    ]
}

pub async fn opportunities_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<OpportunityFilter>,
) -> Response {
    export(&auth, "opportunities.csv", OPPORTUNITY_COLUMNS, opportunity_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { opportunities::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const ORDER_COLUMNS: &[&str] = &[
    "id",
    "number",
    "account",
    "order_date",
    "status",
    "invoicing_status",
    "owner",
    "customer_reference",
    "currency",
    "subtotal",
    "tax_total",
    "total",
    "expected_delivery_date",
    "opportunity",
    "created_at",
];

fn order_row(o: &SalesOrderDto) -> Vec<String> {
    vec![
        o.id.to_string(),
        o.number.clone(),
        o.account_name.clone(),
        o.order_date.to_string(),
        o.status.as_str().to_string(),
        o.invoicing_status.as_str().to_string(),
        o.owner_name.clone(),
        o.customer_reference.clone(),
        o.currency.clone(),
        o.subtotal.clone(),
        o.tax_total.clone(),
        o.total.clone(),
        o.expected_delivery_date.map(|d| d.to_string()).unwrap_or_default(),
        o.opportunity_name.clone().unwrap_or_default(),
        o.created_at.to_rfc3339(),
    ]
}

pub async fn orders_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<OrderFilter>,
) -> Response {
    export(&auth, "orders.csv", ORDER_COLUMNS, order_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { sales_orders::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const INVOICE_COLUMNS: &[&str] = &[
    "id",
    "number",
    "status",
    "account",
    "issue_date",
    "due_date",
    "currency",
    "subtotal",
    "tax_total",
    "total",
    "credited",
    "paid",
    "balance",
    "disputed",
    "sales_order",
    "customer_reference",
];

fn invoice_row(i: &InvoiceDto) -> Vec<String> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        i.id.to_string(),
        i.number.clone().unwrap_or_default(),
        i.status.as_str().to_string(),
        i.account_name.clone(),
        date(i.issue_date),
        date(i.due_date),
        i.currency.clone(),
        i.subtotal.clone(),
        i.tax_total.clone(),
        i.total.clone(),
        i.credited.clone(),
        i.paid.clone(),
        i.balance.clone(),
        i.disputed.to_string(),
        i.sales_order_number.clone().unwrap_or_default(),
        i.customer_reference.clone(),
    ]
}

pub async fn invoices_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<InvoiceFilter>,
) -> Response {
    export(&auth, "invoices.csv", INVOICE_COLUMNS, invoice_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { invoices::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const PAYMENT_COLUMNS: &[&str] = &[
    "id",
    "number",
    "account",
    "received_on",
    "method",
    "status",
    "currency",
    "amount",
    "allocated",
    "refunded",
    "unallocated",
    "reference",
    "receipt_number",
    "reconciled",
];

fn payment_row(p: &PaymentDto) -> Vec<String> {
    vec![
        p.id.to_string(),
        p.number.clone(),
        p.account_name.clone(),
        p.date.to_string(),
        p.method.as_str().to_string(),
        p.status.as_str().to_string(),
        p.currency.clone(),
        p.amount.clone(),
        p.allocated.clone(),
        p.refunded.clone(),
        p.unallocated.clone(),
        p.reference.clone(),
        p.receipt_number.clone().unwrap_or_default(),
        p.reconciled.to_string(),
    ]
}

pub async fn payments_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<PaymentFilter>,
) -> Response {
    export(&auth, "payments.csv", PAYMENT_COLUMNS, payment_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { payments::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const TICKET_COLUMNS: &[&str] = &[
    "id",
    "number",
    "subject",
    "account",
    "contact",
    "priority",
    "status",
    "channel",
    "assignee",
    "sla_state",
    "sla_due_at",
    "first_response_due_at",
    "resolution_due_at",
    "first_responded_at",
    "resolved_at",
    "invoice",
    "sales_order",
    "product",
    "created_at",
];

fn ticket_row(t: &TicketDto) -> Vec<String> {
    let time = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
    vec![
        t.id.to_string(),
        t.number.clone(),
        t.subject.clone(),
        t.account_name.clone(),
        t.contact_name.clone().unwrap_or_default(),
        t.priority.as_str().to_string(),
        t.status.as_str().to_string(),
        t.channel.as_str().to_string(),
        t.assignee_name.clone().unwrap_or_default(),
        t.sla_state.clone(),
        time(t.sla_due_at),
        time(t.first_response_due_at),
        time(t.resolution_due_at),
        time(t.first_responded_at),
        time(t.resolved_at),
        t.invoice_number.clone().unwrap_or_default(),
        t.sales_order_number.clone().unwrap_or_default(),
        t.product_name.clone().unwrap_or_default(),
        t.created_at.to_rfc3339(),
    ]
}

/// The queue and filters of the tickets page, in its order (due time first for the open queues).
pub async fn tickets_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<TicketFilter>,
) -> Response {
    export(&auth, "tickets.csv", TICKET_COLUMNS, ticket_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { tickets::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}

const CONTRACT_COLUMNS: &[&str] = &[
    "number",
    "account",
    "title",
    "status",
    "owner",
    "term_number",
    "end_date",
    "renewed_until",
    "auto_renew",
    "notice_date",
    "notice_passed",
    "currency",
    "amount",
    "uplift_kind",
    "uplift_percent",
    "start_date",
];

fn contract_row(c: &ContractDto) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        c.number.clone(),
        c.account_name.clone(),
        c.title.clone(),
        c.status.as_str().into(),
        c.owner_name.clone(),
        c.term_number.to_string(),
        c.end_date.to_string(),
        c.renewed_until.map(|d| d.to_string()).unwrap_or_default(),
        c.auto_renew.to_string(),
        c.notice_date.to_string(),
        c.notice_passed.to_string(),
        c.currency.clone(),
        c.amount.clone(),
        c.uplift_kind.as_str().into(),
        opt(&c.uplift_percent),
        c.start_date.to_string(),
    ]
}

pub async fn contracts_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<ContractFilter>,
) -> Response {
    export(&auth, "contracts.csv", CONTRACT_COLUMNS, contract_row, |actor| {
        move |p: Position| {
            let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
            async move { contracts::list(&state.pool, &actor, &filter, &p, BATCH).await }
        }
    })
    .await
}
