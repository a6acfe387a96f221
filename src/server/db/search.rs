//! LIKE patterns for list searches: what people type is matched literally, so `%` and `_` in a
//! search find only names that contain them.

/// The clause every escaped pattern goes with. Backslash is the escape character on both engines
/// (SQLite has none by default; PostgreSQL's default is the same backslash, named here to be sure).
pub const ESCAPE: &str = "ESCAPE '\\'";

/// `text` with LIKE's wildcards and the escape character itself escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A pattern matching values that contain `text` (lower-cased, like the `*_key` columns).
pub fn contains(text: &str) -> String {
    format!("%{}%", escape(&text.to_lowercase()))
}

/// Appends ` AND (col₁ LIKE '%text%' OR col₂ LIKE …)` for a list's search box: each column is an
/// already lower-cased expression (`lower(o.number)`, `a.name_key`).
pub fn push_contains(qb: &mut sqlx::QueryBuilder<'_, super::Db>, columns: &[&str], text: &str) {
    let like = contains(text);
    qb.push(" AND (");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            qb.push(" OR ");
        }
        qb.push(format!("{column} LIKE ")).push_bind(like.clone()).push(format!(" {ESCAPE}"));
    }
    qb.push(")");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_backslashes_are_escaped_and_the_rest_lowercased() {
        assert_eq!(contains("50%_Off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(escape("plain"), "plain");
    }
}
