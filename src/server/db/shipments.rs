//! SQL for shipments of sales orders and their per-line quantities.
use super::{Db, Tx};
use crate::model::shipment_status::ShipmentStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

#[derive(Clone, Debug, FromRow)]
pub struct ShipmentRow {
    pub id: i64,
    pub sales_order_id: i64,
    pub seq: i64,
    pub number: String,
    pub ship_date: NaiveDate,
    pub carrier: String,
    pub tracking_number: String,
    #[sqlx(try_from = "String")]
    pub status: ShipmentStatus,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, FromRow)]
pub struct ShipmentLineRow {
    pub shipment_id: i64,
    pub sales_order_line_id: i64,
    pub description: String,
    pub unit: String,
    pub quantity: String,
}

const SELECT: &str = "SELECT s.id, s.sales_order_id, s.seq, s.number, s.ship_date, s.carrier, s.tracking_number,
        s.status, u.name AS created_by_name, s.created_at, s.cancelled_at
    FROM shipments s LEFT JOIN users u ON u.id = s.created_by";

/// The shipments of an order, oldest first.
pub async fn for_order<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<ShipmentRow>, sqlx::Error> {
    sqlx::query_as::<Db, ShipmentRow>(&format!("{SELECT} WHERE s.sales_order_id = $1 ORDER BY s.seq"))
        .bind(order_id)
        .fetch_all(ex)
        .await
}

pub async fn by_id<'e>(ex: impl super::Executor<'e>, id: i64) -> Result<Option<ShipmentRow>, sqlx::Error> {
    super::row_by_id(ex, SELECT, "s.id", id).await
}

/// The shipment for a change in `tx`, locked until it ends (`super::lock_for_update`), or NotFound.
pub async fn get_locked(tx: &mut super::Tx, id: i64) -> Result<ShipmentRow, crate::error::AppError> {
    super::lock_for_update(tx, "shipments", id).await?;
    by_id(&mut **tx, id).await?.ok_or(crate::error::AppError::NotFound)
}

/// The lines of every shipment of an order, in line order.
pub async fn lines_for_order<'e, E: sqlx::Executor<'e, Database = Db>>(
    ex: E,
    order_id: i64,
) -> Result<Vec<ShipmentLineRow>, sqlx::Error> {
    sqlx::query_as::<Db, ShipmentLineRow>(
        "SELECT sl.shipment_id, sl.sales_order_line_id, l.description, l.unit, sl.quantity
         FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
            JOIN sales_order_lines l ON l.id = sl.sales_order_line_id
         WHERE s.sales_order_id = $1 ORDER BY sl.shipment_id, l.position, l.id",
    )
    .bind(order_id)
    .fetch_all(ex)
    .await
}

/// The next sequence number of a shipment of this order (call with the order locked).
pub async fn next_seq(tx: &mut Tx, order_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<Db, i64>(
        "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM shipments WHERE sales_order_id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await
}

pub struct NewShipment<'a> {
    pub order_id: i64,
    pub seq: i64,
    pub number: &'a str,
    pub date: NaiveDate,
    pub carrier: &'a str,
    pub tracking_number: &'a str,
    pub created_by: i64,
}

pub async fn insert(tx: &mut Tx, s: &NewShipment<'_>, lines: &[(i64, String)]) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar::<Db, i64>(
        "INSERT INTO shipments (sales_order_id, seq, number, ship_date, carrier, tracking_number, status, created_by,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(s.order_id)
    .bind(s.seq)
    .bind(s.number)
    .bind(s.date)
    .bind(s.carrier)
    .bind(s.tracking_number)
    .bind(ShipmentStatus::Shipped.as_str())
    .bind(s.created_by)
    .bind(Utc::now())
    .fetch_one(&mut **tx)
    .await?;
    let mut qb =
        sqlx::QueryBuilder::<Db>::new("INSERT INTO shipment_lines (shipment_id, sales_order_line_id, quantity) ");
    qb.push_values(lines, |mut b, (line_id, q)| {
        b.push_bind(id).push_bind(*line_id).push_bind(q.clone());
    });
    qb.build().execute(&mut **tx).await?;
    Ok(id)
}

/// Records the move `ShipmentStatus::transition` allowed (`to` is cancelled: the time is kept).
pub async fn set_status(tx: &mut Tx, id: i64, to: ShipmentStatus) -> Result<(), sqlx::Error> {
    let q = sqlx::query("UPDATE shipments SET status = $1, cancelled_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind((to == ShipmentStatus::Cancelled).then(Utc::now))
        .bind(id);
    crate::server::db::run(tx, q).await
}

/// (sales_order_line_id, quantity) of one shipment.
pub async fn quantities(tx: &mut Tx, shipment_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as::<Db, (i64, String)>(
        "SELECT sales_order_line_id, quantity FROM shipment_lines WHERE shipment_id = $1 ORDER BY id",
    )
    .bind(shipment_id)
    .fetch_all(&mut **tx)
    .await
}
