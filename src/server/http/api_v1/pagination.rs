//! Cursor pages for REST lists: `?limit=&cursor=` in, `{"items": [...], "next_cursor": ...}` out.
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200 (default 50).
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> From<crate::model::list::ListPage<T>> for Page<T> {
    fn from(p: crate::model::list::ListPage<T>) -> Page<T> {
        Page { items: p.items, next_cursor: p.next }
    }
}

impl PageQuery {
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit.as_deref() {
            None | Some("") => Ok(DEFAULT_LIMIT),
            Some(s) => s
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| AppError::field("limit", format!("must be a whole number from 1 to {MAX_LIMIT}"))),
        }
    }

    /// Where the page starts: after the cursor of the previous page's `next_cursor`.
    pub fn position(&self) -> Result<crate::model::list::Position, AppError> {
        crate::model::list::Position::parse(self.cursor.as_deref(), None)
            .map_err(|_| AppError::field("cursor", "is not a cursor this API returned"))
    }

    /// The limit as a page size.
    pub fn size(&self) -> Result<usize, AppError> {
        self.limit().map(|l| l as usize)
    }

    /// The keyset position `(created_at, id)` the cursor stands for.
    pub fn after(&self) -> Result<Option<(DateTime<Utc>, i64)>, AppError> {
        match self.cursor.as_deref() {
            None | Some("") => Ok(None),
            Some(c) => {
                decode(c).map(Some).ok_or_else(|| AppError::field("cursor", "is not a cursor this API returned"))
            }
        }
    }
}

/// An opaque cursor: hex of "rfc3339|id". Opaque so clients do not build their own.
pub fn encode(at: DateTime<Utc>, id: i64) -> String {
    hex::encode(format!("{}|{id}", at.to_rfc3339()))
}

pub fn decode(cursor: &str) -> Option<(DateTime<Utc>, i64)> {
    let text = String::from_utf8(hex::decode(cursor).ok()?).ok()?;
    let (at, id) = text.split_once('|')?;
    Some((DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc), id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let at = Utc::now();
        assert_eq!(decode(&encode(at, 42)), Some((at, 42)));
        assert_eq!(decode("zz"), None);
        let q = PageQuery { limit: Some("500".into()), cursor: Some("nope".into()) };
        assert!(q.limit().is_err());
        assert!(q.after().is_err());
    }
}
