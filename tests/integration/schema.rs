//! The SQLite and PostgreSQL migration sets define the same tables with the same columns.
use std::collections::BTreeMap;

/// Table → column names, read from the CREATE TABLE statements of every file in `dir`.
fn schema(dir: &str) -> BTreeMap<String, Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut tables = BTreeMap::new();
    for f in files {
        let sql = std::fs::read_to_string(&f).unwrap();
        let sql: String = sql.lines().map(|l| l.split("--").next().unwrap()).collect::<Vec<_>>().join("\n");
        for stmt in sql.split(';') {
            let s = stmt.trim();
            let Some(rest) = s.strip_prefix("CREATE TABLE ") else {
                continue;
            };
            let (name, body) = rest.split_once('(').unwrap();
            let body = &body[..body.rfind(')').unwrap()];
            let mut depth = 0;
            let mut parts = vec![String::new()];
            for ch in body.chars() {
                match ch {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(String::new());
                        continue;
                    }
                    _ => {}
                }
                parts.last_mut().unwrap().push(ch);
            }
            let cols: Vec<String> = parts
                .iter()
                .map(|p| p.split_whitespace().next().unwrap_or("").to_string())
                .filter(|c| !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"].contains(&c.as_str()))
                .collect();
            tables.insert(name.trim().to_string(), cols);
        }
    }
    tables
}

#[test]
fn both_engines_define_the_same_tables_and_columns() {
    let root = env!("CARGO_MANIFEST_DIR");
    let sqlite = schema(&format!("{root}/migrations/sqlite"));
    let postgres = schema(&format!("{root}/migrations/postgres"));
    assert!(sqlite.len() >= 9, "parsed the tables: {:?}", sqlite.keys());
    assert_eq!(sqlite, postgres);
}

#[test]
fn both_engines_have_the_same_migration_files() {
    let names = |d: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{}/migrations/{d}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
