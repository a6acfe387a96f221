//! CSV exports of a list's current filter (`/accounts.csv?…`), streamed page by page so a million
//! rows never sit in memory. Signed-in employees only; same permission as the list itself.
use crate::error::AppError;
use crate::model::account::AccountFilter;
use crate::model::list::{Cursor, Position};
use crate::server::auth::{Actor, AuthSession};
use crate::server::service::accounts;
use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Rows fetched per database round trip while streaming.
const BATCH: usize = 1000;

/// One CSV record (RFC 4180): fields with a comma, quote or line break are quoted. A field that
/// starts like a formula (= + - @) gets a leading apostrophe so spreadsheets do not run it.
pub fn csv_record(fields: &[&str]) -> String {
    let mut out = fields
        .iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) { format!("'{f}") } else { f.to_string() };
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

pub async fn accounts_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Query(filter): Query<AccountFilter>,
) -> Response {
    let Some(user) = auth.user.as_ref() else { return refuse(AppError::Unauthorized) };
    let actor = Actor::from(user);
    // Check permission and filters before the 200 goes out: errors after that cannot change the status.
    let first = match accounts::list(&state.pool, &actor, &filter, &Position::First, BATCH).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let header = csv_record(&[
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
    ]);
    let stream = futures::stream::unfold(Some((header, Some(first))), move |st| {
        let (state, actor, filter) = (state.clone(), actor.clone(), filter.clone());
        async move {
            let (mut chunk, page) = st?;
            let Some(page) = page else { return Some((Ok::<_, std::io::Error>(chunk), None)) };
            for a in &page.items {
                chunk.push_str(&csv_record(&[
                    &a.id.to_string(),
                    &a.name,
                    &a.legal_name,
                    &a.tax_id,
                    &a.invoice_email,
                    &a.phone,
                    &a.currency,
                    &a.payment_terms_days.to_string(),
                    &a.owner_name,
                    &a.active.to_string(),
                    &a.tags.join(" "),
                    &a.billing_address,
                    &a.shipping_address,
                    &a.created_at.to_rfc3339(),
                ]));
            }
            let next = match page.next.as_deref().and_then(Cursor::decode) {
                None => None,
                Some(c) => match accounts::list(&state.pool, &actor, &filter, &Position::After(c), BATCH).await {
                    Ok(p) => Some(p),
                    Err(e) => {
                        tracing::error!("CSV export stopped: {e}");
                        return Some((Err(std::io::Error::other("export failed")), None));
                    }
                },
            };
            Some((Ok(chunk), Some((String::new(), next))))
        }
    });
    csv_response("accounts.csv", Body::from_stream(stream))
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
}
