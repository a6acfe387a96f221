//! The SQLite and PostgreSQL migration sets build the same schema: the same tables, columns (logical
//! type, nullability, default or not), primary keys and indexes (name, columns, unique, partial),
//! read back from the migrated databases themselves (`sqlite_master`, `pragma_table_info`,
//! `pragma_index_list` / `information_schema`, `pg_indexes`) after every migration, so an `ALTER`
//! or an index that exists on one engine only is caught at the migration that introduced it.
use std::collections::BTreeMap;
use std::fmt;

/// What a column holds, independent of the engine's spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Logical {
    Int,
    Bool,
    Float,
    Bytes,
    Text,
    /// PostgreSQL's TIMESTAMP(TZ); SQLite stores it as RFC 3339 TEXT.
    Timestamp,
    /// PostgreSQL's DATE; SQLite stores it as YYYY-MM-DD TEXT.
    Date,
    /// PostgreSQL's NUMERIC; SQLite stores it as exact decimal TEXT.
    Decimal,
    Other,
}

impl Logical {
    /// A declared type of either engine (`BIGINT`, `character varying`, `timestamp with time zone`...).
    fn of(declared: &str) -> Logical {
        let t = declared.trim().to_ascii_lowercase();
        let t = t.split('(').next().unwrap_or("").trim();
        match t {
            "integer" | "int" | "bigint" | "smallint" | "int2" | "int4" | "int8" => Logical::Int,
            "boolean" | "bool" => Logical::Bool,
            "real" | "double" | "double precision" | "float" | "float4" | "float8" => Logical::Float,
            "blob" | "bytea" => Logical::Bytes,
            "text" | "varchar" | "character varying" | "char" | "character" | "clob" => Logical::Text,
            "timestamptz" | "timestamp" | "timestamp with time zone" | "timestamp without time zone" | "datetime" => {
                Logical::Timestamp
            }
            "date" => Logical::Date,
            "numeric" | "decimal" => Logical::Decimal,
            _ => Logical::Other,
        }
    }

    /// How SQLite stores it (its type affinity as the app uses it): dates and decimals are TEXT.
    fn on_sqlite(self) -> Logical {
        match self {
            Logical::Timestamp | Logical::Date | Logical::Decimal => Logical::Text,
            other => other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Column {
    declared: String,
    logical: Logical,
    nullable: bool,
    has_default: bool,
}

impl Column {
    fn new(declared: &str, nullable: bool, has_default: bool) -> Column {
        Column { declared: declared.to_string(), logical: Logical::of(declared), nullable, has_default }
    }
    /// The same column on both engines: the PostgreSQL type stored the way SQLite stores it.
    fn matches(&self, pg: &Column) -> bool {
        self.logical.on_sqlite() == pg.logical.on_sqlite()
            && self.logical != Logical::Other
            && pg.logical != Logical::Other
            && self.nullable == pg.nullable
            && self.has_default == pg.has_default
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({:?}){}{}",
            self.declared,
            self.logical,
            if self.nullable { " NULL" } else { " NOT NULL" },
            if self.has_default { " DEFAULT" } else { "" }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Index {
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}({}){}",
            if self.unique { "UNIQUE " } else { "" },
            self.columns.join(", "),
            if self.partial { " WHERE ..." } else { "" }
        )
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    /// Index name → index. Indexes behind a UNIQUE constraint have engine-made names, so they are
    /// keyed `unique(<columns>)` instead.
    indexes: BTreeMap<String, Index>,
}

type Schema = BTreeMap<String, Table>;

/// One index column or expression, spelled the same way on both engines.
fn normalise_key(part: &str) -> String {
    let p: String = part.to_ascii_lowercase().replace('"', "").split_whitespace().collect::<Vec<_>>().join(" ");
    let p = p.strip_suffix(" asc").unwrap_or(&p).to_string();
    // PostgreSQL casts literals (`'x'::text`) and pads parentheses differently.
    p.replace("::text", "").replace("( ", "(").replace(" )", ")").replace(", ", ",")
}

/// The parenthesised list after `ON <table>` (and `USING btree`) of an index definition.
fn index_parts(def: &str) -> (Vec<String>, bool) {
    let lower = def.to_ascii_lowercase();
    let on = lower.find(" on ").map(|i| i + 4).unwrap_or(0);
    let open = on + lower[on..].find('(').expect("index definition has a column list");
    let mut depth = 0;
    let mut parts = vec![String::new()];
    let mut close = def.len();
    for (i, ch) in def[open..].char_indices() {
        match ch {
            '(' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = open + i;
                    break;
                }
            }
            ',' if depth == 1 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(ch);
    }
    let partial = lower[close..].contains(" where ");
    (parts.iter().map(|p| normalise_key(p)).collect(), partial)
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Schema {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for table in tables {
        let mut t = Table::default();
        let cols: Vec<(String, String, bool, Option<String>, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        let mut pk: Vec<(i64, String)> = vec![];
        for (name, declared, notnull, default, pk_pos) in cols {
            if pk_pos > 0 {
                pk.push((pk_pos, name.clone()));
            }
            // A primary key column is never NULL on PostgreSQL; SQLite's pragma only says so when written.
            let nullable = !notnull && pk_pos == 0;
            t.columns.insert(name, Column::new(&declared, nullable, default.is_some() && pk_pos == 0));
        }
        pk.sort();
        t.primary_key = pk.into_iter().map(|(_, n)| n).collect();
        let indexes: Vec<(String, bool, String, bool)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1) ORDER BY name")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (name, unique, origin, partial) in indexes {
            if origin == "pk" {
                continue; // compared as `primary_key`
            }
            let keys: Vec<(Option<String>,)> =
                sqlx::query_as("SELECT name FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let sql: Option<String> =
                sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1")
                    .bind(&name)
                    .fetch_one(pool)
                    .await
                    .unwrap();
            let written = sql.as_deref().map(index_parts);
            let columns = keys
                .iter()
                .enumerate()
                .map(|(i, (col,))| match col {
                    Some(c) => normalise_key(c),
                    // An expression (`lower(email)`): its text from the CREATE INDEX statement.
                    None => written.as_ref().and_then(|(p, _)| p.get(i).cloned()).unwrap_or_else(|| "<expr>".into()),
                })
                .collect::<Vec<_>>();
            let index = Index { columns, unique, partial };
            let key = if origin == "u" { format!("unique({})", index.columns.join(",")) } else { name };
            t.indexes.insert(key, index);
        }
        schema.insert(table, t);
    }
    schema
}

#[cfg(feature = "postgres")]
async fn postgres_schema(pool: &sqlx::PgPool) -> Schema {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_sqlx%'
         ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for table in tables {
        let mut t = Table::default();
        let pk: Vec<String> = sqlx::query_scalar(
            "SELECT k.column_name::text FROM information_schema.table_constraints c
             JOIN information_schema.key_column_usage k
               ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.constraint_type = 'PRIMARY KEY'
             ORDER BY k.ordinal_position",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        let cols: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text, column_default::text
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (name, declared, nullable, default) in cols {
            let in_pk = pk.contains(&name);
            t.columns.insert(name, Column::new(&declared, nullable == "YES", default.is_some() && !in_pk));
        }
        t.primary_key = pk;
        let constraints: Vec<(String, String)> = sqlx::query_as(
            "SELECT constraint_name::text, constraint_type::text FROM information_schema.table_constraints
             WHERE table_schema = current_schema() AND table_name = $1 AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (name, def) in indexes {
            let kind = constraints.iter().find(|(c, _)| *c == name).map(|(_, k)| k.as_str());
            if kind == Some("PRIMARY KEY") {
                continue;
            }
            let (columns, partial) = index_parts(&def);
            let unique = def.to_ascii_uppercase().starts_with("CREATE UNIQUE");
            let index = Index { columns, unique, partial };
            let key = if kind == Some("UNIQUE") { format!("unique({})", index.columns.join(",")) } else { name };
            t.indexes.insert(key, index);
        }
        schema.insert(table, t);
    }
    schema
}

/// Every difference between the two schemas, one line each (empty: the same schema).
fn diff(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = vec![];
    for (name, s) in sqlite {
        let Some(p) = postgres.get(name) else {
            out.push(format!("table {name}: only on SQLite"));
            continue;
        };
        for (col, sc) in &s.columns {
            match p.columns.get(col) {
                None => out.push(format!("column {name}.{col}: only on SQLite ({sc})")),
                Some(pc) if !sc.matches(pc) => out.push(format!("column {name}.{col}: SQLite {sc} vs PostgreSQL {pc}")),
                Some(_) => {}
            }
        }
        for (col, pc) in &p.columns {
            if !s.columns.contains_key(col) {
                out.push(format!("column {name}.{col}: only on PostgreSQL ({pc})"));
            }
        }
        if s.primary_key != p.primary_key {
            out.push(format!(
                "primary key of {name}: SQLite ({}) vs PostgreSQL ({})",
                s.primary_key.join(", "),
                p.primary_key.join(", ")
            ));
        }
        for (idx, si) in &s.indexes {
            match p.indexes.get(idx) {
                None => out.push(format!("index {idx} on {name}: only on SQLite {si}")),
                Some(pi) if si != pi => out.push(format!("index {idx} on {name}: SQLite {si} vs PostgreSQL {pi}")),
                Some(_) => {}
            }
        }
        for (idx, pi) in &p.indexes {
            if !s.indexes.contains_key(idx) {
                out.push(format!("index {idx} on {name}: only on PostgreSQL {pi}"));
            }
        }
    }
    for name in postgres.keys() {
        if !sqlite.contains_key(name) {
            out.push(format!("table {name}: only on PostgreSQL"));
        }
    }
    out
}

async fn migrator(engine: &str) -> sqlx::migrate::Migrator {
    let dir = format!("{}/migrations/{engine}", env!("CARGO_MANIFEST_DIR"));
    sqlx::migrate::Migrator::new(std::path::Path::new(&dir)).await.expect("migrations load")
}

/// A fresh, empty SQLite database (the file lives as long as the temp dir).
async fn fresh_sqlite() -> (sqlx::SqlitePool, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("parity.db")).create_if_missing(true);
    (sqlx::SqlitePool::connect_with(opts).await.unwrap(), dir)
}

/// Runs the first `n` migrations of `all` (those not yet applied).
async fn migrate_to<'a, A>(all: &sqlx::migrate::Migrator, n: usize, conn: A)
where
    A: sqlx::Acquire<'a>,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    let mut prefix = migrator_clone(all);
    prefix.migrations = std::borrow::Cow::Owned(all.migrations[..n].to_vec());
    prefix.run(conn).await.unwrap_or_else(|e| panic!("migration {} failed: {e}", all.migrations[n - 1].version));
}

fn migrator_clone(m: &sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    sqlx::migrate::Migrator {
        migrations: m.migrations.clone(),
        ignore_missing: m.ignore_missing,
        locking: m.locking,
        no_tx: m.no_tx,
    }
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn both_engines_build_the_same_schema_after_every_migration() {
    let sqlite_set = migrator("sqlite").await;
    let postgres_set = migrator("postgres").await;
    let versions = |m: &sqlx::migrate::Migrator| m.migrations.iter().map(|x| x.version).collect::<Vec<_>>();
    assert_eq!(versions(&sqlite_set), versions(&postgres_set), "the same migration versions on both engines");
    let (sqlite, _dir) = fresh_sqlite().await;
    let (url, _) = crate::common::fresh_database().await;
    let postgres = sqlx::PgPool::connect(&url).await.unwrap();
    let mut failures = vec![];
    for n in 1..=sqlite_set.migrations.len() {
        migrate_to(&sqlite_set, n, &sqlite).await;
        migrate_to(&postgres_set, n, &postgres).await;
        let (s, p) = (sqlite_schema(&sqlite).await, postgres_schema(&postgres).await);
        let d = diff(&s, &p);
        if n == sqlite_set.migrations.len() {
            assert!(s.len() >= 30, "read the tables back: {:?}", s.keys());
            assert!(s.values().map(|t| t.indexes.len()).sum::<usize>() >= 50, "read the indexes back");
        }
        if !d.is_empty() {
            let m = &sqlite_set.migrations[n - 1];
            failures.push(format!("after {} {}:\n  {}", m.version, m.description, d.join("\n  ")));
            break; // later migrations only repeat the same difference
        }
    }
    assert!(failures.is_empty(), "the engines' schemas differ\n{}", failures.join("\n"));
}

/// Runs on the SQLite build too: the reader sees what the migrations wrote, including ALTERs,
/// expression and partial indexes, and UNIQUE constraints.
#[tokio::test]
async fn the_sqlite_schema_reader_sees_columns_alters_and_indexes() {
    let (pool, _dir) = fresh_sqlite().await;
    let all = migrator("sqlite").await;
    migrate_to(&all, all.migrations.len(), &pool).await;
    let s = sqlite_schema(&pool).await;
    let users = &s["users"];
    assert_eq!(users.primary_key, ["id"]);
    assert_eq!(users.columns["email"], Column::new("TEXT", false, false));
    assert_eq!(users.columns["active"].logical, Logical::Bool);
    assert!(users.columns["active"].has_default);
    assert_eq!(
        users.indexes["users_email_lower"],
        Index { columns: vec!["lower(email)".into()], unique: true, partial: false }
    );
    assert_eq!(s["api_tokens"].indexes["unique(token_hash)"].columns, ["token_hash"]);
    assert!(s["contacts"].indexes["contacts_one_primary"].partial);
    assert_eq!(s["document_counters"].primary_key, ["series", "year"]);
    // Added by `ALTER TABLE ... ADD COLUMN` in a later migration than the table's.
    assert!(s["company_settings"].columns.contains_key("paper_size"));
    assert!(s["outbox"].columns["attachment_name"].nullable);
}

#[test]
fn a_difference_is_named_with_the_table_the_column_and_both_types() {
    let table = |decl: &str, nullable: bool, index: Option<(&str, bool)>| {
        let mut t = Table { primary_key: vec!["id".into()], ..Default::default() };
        t.columns.insert("id".into(), Column::new("BIGINT", false, false));
        t.columns.insert("total".into(), Column::new(decl, nullable, false));
        if let Some((name, unique)) = index {
            t.indexes.insert(name.into(), Index { columns: vec!["total".into()], unique, partial: false });
        }
        Schema::from([("invoices".to_string(), t)])
    };
    let same = diff(&table("TEXT", false, Some(("i", true))), &table("numeric", false, Some(("i", true))));
    assert!(same.is_empty(), "decimal TEXT on SQLite is NUMERIC on PostgreSQL: {same:?}");
    let d = diff(&table("BIGINT", false, None), &table("text", true, Some(("invoices_total", false))));
    assert_eq!(
        d,
        [
            "column invoices.total: SQLite BIGINT (Int) NOT NULL vs PostgreSQL text (Text) NULL",
            "index invoices_total on invoices: only on PostgreSQL (total)",
        ]
    );
    assert_eq!(
        index_parts("CREATE UNIQUE INDEX u ON public.users USING btree (lower(email), id DESC) WHERE (active)"),
        (vec!["lower(email)".to_string(), "id desc".to_string()], true)
    );
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
