//! Keyset pagination for every list: a `(sort key, id)` position compared as a row value, in
//! either direction, so page N costs the same as page 1 (no OFFSET, no COUNT).
use super::{Db, Pool, ReadRow};
use crate::model::list::{Cursor, Position};
use sqlx::QueryBuilder;

/// How a list is ordered: by a text column then id, or by id alone (newest first).
#[derive(Clone, Copy, Debug)]
pub struct Order {
    /// The text sort column (e.g. `a.name_key`), or None to sort by id.
    pub key: Option<&'static str>,
    /// The id column (e.g. `a.id`).
    pub id: &'static str,
    pub descending: bool,
}

impl Order {
    /// The two orders a list sorted by name offers: by its `name_key` column then id (A to Z),
    /// or newest first by id.
    pub const fn by_name_or_newest(by_name: bool, name_key: &'static str, id: &'static str) -> Order {
        if by_name {
            Order { key: Some(name_key), id, descending: false }
        } else {
            Order { key: None, id, descending: true }
        }
    }

    /// Whether rows go in descending order for this request (backwards pages flip the order).
    fn desc(&self, position: &Position) -> bool {
        self.descending != matches!(position, Position::Before(_))
    }

    /// Appends ` AND (key, id) > (…)` (or `<`) for the cursor; nothing on the first page.
    pub fn push_after(&self, qb: &mut QueryBuilder<'_, Db>, position: &Position) {
        let cursor = match position {
            Position::First => return,
            Position::After(c) | Position::Before(c) => c.clone(),
        };
        let op = if self.desc(position) { "<" } else { ">" };
        match (self.key, cursor.key) {
            (Some(col), Some(key)) => {
                qb.push(format!(" AND ({col}, {}) {op} (", self.id))
                    .push_bind(key)
                    .push(", ")
                    .push_bind(cursor.id)
                    .push(")");
            }
            // A cursor from another sort order: fall back to the id (still a valid, stable page).
            _ => {
                qb.push(format!(" AND {} {op} ", self.id)).push_bind(cursor.id);
            }
        }
    }

    /// Appends ` ORDER BY … LIMIT limit+1` (one extra row tells whether there is another page).
    pub fn push_order(&self, qb: &mut QueryBuilder<'_, Db>, position: &Position, limit: usize) {
        let dir = if self.desc(position) { "DESC" } else { "ASC" };
        match self.key {
            Some(col) => qb.push(format!(" ORDER BY {col} {dir}, {} {dir}", self.id)),
            None => qb.push(format!(" ORDER BY {} {dir}", self.id)),
        };
        qb.push(" LIMIT ").push_bind(limit as i64 + 1);
    }

    /// Ends a list query whose SELECT and WHERE are in `qb`: the cursor's condition, the order and
    /// limit (`push_after`, `push_order`), then reads the page's rows.
    pub async fn fetch_page<R: ReadRow>(
        &self,
        mut qb: QueryBuilder<'_, Db>,
        pool: &Pool,
        position: &Position,
        limit: usize,
    ) -> Result<Vec<R>, sqlx::Error> {
        self.push_after(&mut qb, position);
        self.push_order(&mut qb, position, limit);
        qb.build_query_as::<R>().fetch_all(pool).await
    }

    /// The cursor of a row with this sort key and id.
    pub fn cursor(&self, key: &str, id: i64) -> Cursor {
        Cursor { key: self.key.map(|_| key.to_string()), id }
    }
}
