//! The list pattern's shared pieces: keyset cursors that work in both directions, the page of
//! results with its next / previous cursors, and query-string building for filter links.
use serde::{Deserialize, Serialize};

/// Rows per list page in the UI.
pub const PAGE_SIZE: usize = 50;

/// A row's position in a sort order: its sort key (absent when sorting by id) and its id.
/// Sent to browsers and API clients as opaque hex so nobody builds their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: Option<String>,
    pub id: i64,
}

const SEP: char = '\u{1f}';

impl Cursor {
    pub fn encode(&self) -> String {
        let text = match &self.key {
            Some(k) => format!("{k}{SEP}{}", self.id),
            None => self.id.to_string(),
        };
        text.bytes().map(|b| format!("{b:02x}")).collect()
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        if !s.len().is_multiple_of(2) || s.len() > 2048 {
            return None;
        }
        let bytes: Option<Vec<u8>> =
            (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect();
        let text = String::from_utf8(bytes?).ok()?;
        match text.rsplit_once(SEP) {
            Some((key, id)) => Some(Cursor { key: Some(key.to_string()), id: id.parse().ok()? }),
            None => Some(Cursor { key: None, id: text.parse().ok()? }),
        }
    }
}

/// Which way to page from a cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    First,
    After(Cursor),
    Before(Cursor),
}

impl Position {
    /// From the `after` / `before` query parameters; a cursor that does not decode is an error.
    pub fn parse(after: Option<&str>, before: Option<&str>) -> Result<Position, String> {
        let after = after.filter(|s| !s.is_empty());
        let before = before.filter(|s| !s.is_empty());
        match (after, before) {
            (None, None) => Ok(Position::First),
            (Some(a), None) => Cursor::decode(a).map(Position::After).ok_or_else(|| "is not a valid cursor".into()),
            (None, Some(b)) => Cursor::decode(b).map(Position::Before).ok_or_else(|| "is not a valid cursor".into()),
            (Some(_), Some(_)) => Err("give either after or before, not both".into()),
        }
    }
}

/// One page of a list: no total count (counting a million rows on every page view is the slow
/// part of most list pages), just whether there is more in each direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// Cursor for the page after this one (`after=`), if there is one.
    pub next: Option<String>,
    /// Cursor for the page before this one (`before=`), if there is one.
    pub prev: Option<String>,
}

impl<T> ListPage<T> {
    /// Cuts the `limit + 1` rows a keyset query fetched into a page, and works out the cursors.
    /// Rows come in query order, which is reversed when paging backwards.
    pub fn from_rows(mut rows: Vec<T>, limit: usize, position: &Position, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let (next, prev) = match position {
            Position::Before(_) => {
                rows.reverse();
                (rows.last().map(&cursor_of), if more { rows.first().map(&cursor_of) } else { None })
            }
            Position::After(_) => (if more { rows.last().map(&cursor_of) } else { None }, rows.first().map(&cursor_of)),
            Position::First => (if more { rows.last().map(&cursor_of) } else { None }, None),
        };
        ListPage { next: next.map(|c| c.encode()), prev: prev.map(|c| c.encode()), items: rows }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage { items: self.items.into_iter().map(f).collect(), next: self.next, prev: self.prev }
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters pass through).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `a=1&b=x%20y` from the pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A list's filters: a struct of text fields, each named as in the page's query string and the
/// API's, with `pairs()` giving them in declaration order for `query_string` (so a filter link
/// never forgets a field the struct has).
macro_rules! list_filter {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$field_attr:meta])* pub $field:ident: String,)* }) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: String,)*
        }

        impl $name {
            pub fn pairs(&self) -> Vec<(&'static str, String)> {
                vec![$((stringify!($field), self.$field.clone()),)*]
            }
        }
    };
}
pub(crate) use list_filter;

/// The `status` filter of lists with an active flag: "active" (default), "inactive" or "all" (None).
pub fn status_filter(s: &str) -> Result<Option<bool>, String> {
    match s.trim() {
        "" | "active" => Ok(Some(true)),
        "inactive" => Ok(Some(false)),
        "all" => Ok(None),
        _ => Err("must be active, inactive or all".into()),
    }
}

/// The `q` search box: trimmed, None when empty, at most 200 characters.
pub fn search_text(q: &str) -> Result<Option<String>, String> {
    let q = q.trim();
    if q.chars().count() > 200 {
        Err("must be at most 200 characters".into())
    } else {
        Ok((!q.is_empty()).then(|| q.to_string()))
    }
}

/// Splits free text into tags: comma-separated, trimmed, lower-cased, unique, in order.
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in s.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64) -> Cursor {
        Cursor { key: Some(format!("k{id}")), id }
    }

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        for cur in [c(7), Cursor { key: None, id: 42 }, Cursor { key: Some("a|b\u{e9}".into()), id: -1 }] {
            assert_eq!(Cursor::decode(&cur.encode()), Some(cur));
        }
        assert_eq!(Cursor::decode("zz"), None);
        assert_eq!(Cursor::decode("abc"), None);
        assert!(Position::parse(Some("zz"), None).is_err());
        assert!(Position::parse(Some(&c(1).encode()), Some(&c(2).encode())).is_err());
        assert_eq!(Position::parse(Some(""), None), Ok(Position::First));
    }

    #[test]
    fn pages_know_their_neighbours_in_both_directions() {
        // First page of 2 out of more rows: next only.
        let p = ListPage::from_rows(vec![1, 2, 3], 2, &Position::First, |&i| c(i));
        assert_eq!((p.items.clone(), p.next.is_some(), p.prev), (vec![1, 2], true, None));
        // After a cursor, last page: previous only.
        let p = ListPage::from_rows(vec![3, 4], 2, &Position::After(c(2)), |&i| c(i));
        assert_eq!((p.items, p.next, p.prev), (vec![3, 4], None, Some(c(3).encode())));
        // Backwards from row 5 (the query returns 4, 3, 2): rows come back in order, both ways open.
        let p = ListPage::from_rows(vec![4, 3, 2], 2, &Position::Before(c(5)), |&i| c(i));
        assert_eq!((p.items, p.next, p.prev), (vec![3, 4], Some(c(4).encode()), Some(c(3).encode())));
        // Backwards to the start: no previous page.
        let p = ListPage::from_rows(vec![2, 1], 2, &Position::Before(c(3)), |&i| c(i));
        assert_eq!((p.items, p.prev), (vec![1, 2], None));
    }

    #[test]
    fn query_strings_skip_empty_values_and_encode_the_rest() {
        assert_eq!(
            query_string(&[("q", "a b&c".into()), ("owner", String::new()), ("sort", "name".into())]),
            "q=a%20b%26c&sort=name"
        );
        assert_eq!(parse_tags(" VIP, key ,vip,,"), vec!["vip".to_string(), "key".to_string()]);
    }
}
