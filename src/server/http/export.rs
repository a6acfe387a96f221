//! CSV exports of a list's current filter (`/accounts.csv?…`, products, opportunities, orders, invoices, payments), streamed page by page so a million
//! rows never sit in memory. Signed-in employees only; same permission as the list itself.
use crate::error::AppError;
use crate::model::account::{AccountDto, AccountFilter};
use crate::model::invoice::{InvoiceDto, InvoiceFilter};
use crate::model::list::{Cursor, ListPage, Position};
use crate::model::opportunity::{OpportunityDto, OpportunityFilter};
use crate::model::payment::{PaymentDto, PaymentFilter};
use crate::model::product::{ProductDto, ProductFilter};
use crate::model::sales_order::{OrderFilter, SalesOrderDto};
use crate::server::auth::{Actor, AuthSession};
use crate::server::service::{accounts, catalog, invoices, opportunities, payments, sales_orders};
use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{StreamExt, TryStreamExt};
use std::future::Future;

/// Rows fetched per database round trip while streaming.
const BATCH: usize = 1000;

/// One CSV record (RFC 4180): fields with a comma, quote or line break are quoted. A field that
/// starts like a formula (= + - @, or a tab or carriage return that spreadsheets skip before one)
/// gets a leading apostrophe so they do not run it — except a plain number such as "-12.50":
/// money columns must stay numbers people can add up.
pub fn csv_record(fields: &[&str]) -> String {
    let mut out = fields
        .iter()
        .map(|f| {
            let risky = f.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(f);
            let f = if risky { format!("'{f}") } else { f.to_string() };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// "-12.50", "3", "0.5": an optional minus, digits, at most one point between digits.
fn plain_number(f: &str) -> bool {
    let digits = f.strip_prefix('-').unwrap_or(f);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    [int, frac].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

fn csv_response(file: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// Streams `first` and every following page that `fetch` returns as CSV rows.
fn stream<T, F, Fut>(file: &str, header: &[&str], first: ListPage<T>, fetch: F, row: fn(&T) -> Vec<String>) -> Response
where
    T: Send + 'static,
    F: Fn(Position) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<ListPage<T>, AppError>> + Send,
{
    let stream = futures::stream::unfold(Some((csv_record(header), Some(first))), move |st| {
        let fetch = fetch.clone();
        async move {
            let (mut chunk, page) = st?;
            let Some(page) = page else { return Some((Ok::<_, std::io::Error>(chunk), None)) };
            for item in &page.items {
                let fields = row(item);
                chunk.push_str(&csv_record(&fields.iter().map(String::as_str).collect::<Vec<_>>()));
            }
            let next = match page.next.as_deref().and_then(Cursor::decode) {
                None => None,
                Some(c) => match fetch(Position::After(c)).await {
                    Ok(p) => Some(p),
                    Err(e) => {
                        tracing::error!("CSV export of {} stopped: {e}", std::any::type_name::<T>());
                        return Some((Err(std::io::Error::other("export failed")), None));
                    }
                },
            };
            Some((Ok(chunk), Some((String::new(), next))))
        }
    })
    // The last step yields an empty chunk: drop it, and fuse so that a body layer polling once
    // more after the end (gzip does) gets "done" again rather than a panic from `unfold`.
    .try_filter(|chunk| futures::future::ready(!chunk.is_empty()))
    .fuse();
    csv_response(file, Body::from_stream(stream))
}

/// Checks the session, fetches the first page (so a refusal is still a proper status), then
/// streams. `make` turns the signed-in actor into the page fetcher of one list.
async fn export<T, F, Fut>(
    auth: &AuthSession,
    file: &str,
    header: &[&str],
    row: fn(&T) -> Vec<String>,
    make: impl FnOnce(Actor) -> F,
) -> Response
where
    T: Send + 'static,
    F: Fn(Position) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<ListPage<T>, AppError>> + Send,
{
    let Some(actor) = auth.user.as_ref().map(Actor::from) else { return refuse(AppError::Unauthorized) };
    let fetch = make(actor);
    match fetch(Position::First).await {
        Ok(first) => stream(file, header, first, fetch, row),
        Err(e) => refuse(e),
    }
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(
            super::csv_record(&["a", "b,c", "say \"hi\"", "=SUM(A1)"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",'=SUM(A1)\r\n"
        );
    }

    #[test]
    fn a_leading_tab_or_cr_is_defused_and_negative_amounts_stay_numbers() {
        assert_eq!(super::csv_record(&["\t=1+1", "\r=1+1"]), "'\t=1+1,\"'\r=1+1\"\r\n");
        assert_eq!(super::csv_record(&["-12.50", "-3", "0.5", "-1+2", "-", "-.5"]), "-12.50,-3,0.5,'-1+2,'-,'-.5\r\n");
    }
}
