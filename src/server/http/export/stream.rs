//! The CSV machinery behind every export: one RFC 4180 record with formulas defused, and a
//! response that streams a list page by page after the first page has passed the permission check.
use crate::error::AppError;
use crate::model::list::{Cursor, ListPage, Position};
use crate::server::auth::{Actor, AuthSession};
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{StreamExt, TryStreamExt};
use std::future::Future;

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
pub(super) async fn export<T, F, Fut>(
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
