//! Document lines as stored by every document table (`opportunity_lines`, `sales_order_lines`,
//! and later invoice lines): the shared columns, the row to insert, and replacing a document's lines.
use super::{Db, Tx};
use sqlx::{FromRow, QueryBuilder};

/// A line ready to store: amounts in minor units, decimals as exact text.
#[derive(Clone, Debug)]
pub struct NewLine {
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price_minor: i64,
    pub discount_percent: String,
    pub tax_rate_id: Option<i64>,
    pub tax_rate_percent: String,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// The line of another document this one comes from (an invoice line's order line, a credit
    /// note line's invoice line); stored only by tables with a `link` column.
    pub source_line_id: Option<i64>,
}

/// The columns every document line has, as read back.
#[derive(Clone, Debug, FromRow)]
pub struct LineRow {
    pub id: i64,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price_minor: i64,
    pub discount_percent: String,
    pub tax_rate_id: Option<i64>,
    pub tax_rate_percent: String,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
}

/// The shared columns in `LineRow` order, for SELECTs.
pub const COLUMNS: &str = "id, product_id, description, quantity, unit, unit_price_minor, discount_percent, \
    tax_rate_id, tax_rate_percent, net_minor, tax_minor, total_minor";

/// Where a document keeps its lines.
#[derive(Clone, Copy, Debug)]
pub struct LineTable {
    pub table: &'static str,
    /// The column naming the document (e.g. `sales_order_id`).
    pub parent: &'static str,
    /// The column linking a line to its source line (e.g. `sales_order_line_id`), if any.
    pub link: Option<&'static str>,
}

impl LineTable {
    /// The lines of document `id` in their order.
    pub async fn lines<'e, E: sqlx::Executor<'e, Database = Db>>(
        &self,
        ex: E,
        id: i64,
    ) -> Result<Vec<LineRow>, sqlx::Error> {
        sqlx::query_as::<Db, LineRow>(&format!(
            "SELECT {COLUMNS} FROM {} WHERE {} = $1 ORDER BY position, id",
            self.table, self.parent
        ))
        .bind(id)
        .fetch_all(ex)
        .await
    }

    /// Replaces all lines of document `id` (editors always send the whole list).
    pub async fn replace(&self, tx: &mut Tx, id: i64, lines: &[NewLine]) -> Result<(), sqlx::Error> {
        sqlx::query(&format!("DELETE FROM {} WHERE {} = $1", self.table, self.parent))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        self.insert(tx, id, 0, lines).await
    }

    /// Appends lines to document `id`, numbering their positions from `first_position`.
    pub async fn insert(
        &self,
        tx: &mut Tx,
        id: i64,
        first_position: i64,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error> {
        // Bind parameters are limited per statement (SQLite: 32766): insert in chunks.
        let link = self.link.map(|c| format!(", {c}")).unwrap_or_default();
        for (c, chunk) in lines.chunks(1000).enumerate() {
            let mut qb = QueryBuilder::<Db>::new(format!(
                "INSERT INTO {} ({}, position, product_id, description, quantity, unit, unit_price_minor,
                    discount_percent, tax_rate_id, tax_rate_percent, net_minor, tax_minor, total_minor{link}) ",
                self.table, self.parent
            ));
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, l)| {
                b.push_bind(id)
                    .push_bind(first_position + (c * 1000 + i) as i64)
                    .push_bind(l.product_id)
                    .push_bind(l.description.clone())
                    .push_bind(l.quantity.clone())
                    .push_bind(l.unit.clone())
                    .push_bind(l.unit_price_minor)
                    .push_bind(l.discount_percent.clone())
                    .push_bind(l.tax_rate_id)
                    .push_bind(l.tax_rate_percent.clone())
                    .push_bind(l.net_minor)
                    .push_bind(l.tax_minor)
                    .push_bind(l.total_minor);
                if self.link.is_some() {
                    b.push_bind(l.source_line_id);
                }
            });
            qb.build().execute(&mut **tx).await?;
        }
        Ok(())
    }
}
