//! Sales orders: list and read, create (from scratch or from a won opportunity) and edit drafts
//! with lines priced by `service::lines`, and status events through the model's machine. Every
//! change writes the order's timeline in the same transaction.
use crate::error::AppError;
use crate::model::lines::LineForm;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::{Currency, DocumentTotals, LineInput, NO_ACCOUNT_YET};
use crate::model::opportunity::Stage;
use crate::model::permissions::Permission;
use crate::model::sales_order::{
    optional_date, transition, OrderEvent, OrderFacts, OrderFilter, OrderForm, OrderInput, OrderStatus, SalesOrderDto,
    SalesOrderLineDto,
};
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, lines::NewLine, sales_orders::OrderLineRow, Pool, Tx};
use crate::server::service::{self, accounts, numbering, timeline};
use chrono::Utc;
use rust_decimal::Decimal;

pub const ENTITY: &str = "sales_order";

/// Whether the actor may change the order owned by `owner_id`.
pub fn can_change(actor: &Actor, owner_id: i64) -> bool {
    actor.can_change(Permission::EditOwnOrders, Permission::EditAllOrders, owner_id)
}

fn require_change(actor: &Actor, owner_id: i64) -> Result<(), AppError> {
    if can_change(actor, owner_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A quantity column (exact decimal text written by this module).
pub fn qty(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

pub fn line_dto(c: Currency, r: &OrderLineRow) -> SalesOrderLineDto {
    let l = &r.line;
    let (ordered, shipped) = (qty(&l.quantity), qty(&r.shipped_quantity));
    service::lines::line_dto!(SalesOrderLineDto, c, l,
        shipped_quantity: r.shipped_quantity.clone(),
        remaining_quantity: (ordered - shipped).max(Decimal::ZERO).normalize().to_string(),
        invoiced_quantity: r.invoiced_quantity.clone(),
    )
}

/// What the machine knows about an order from its lines.
pub fn facts(lines: &[OrderLineRow]) -> OrderFacts {
    OrderFacts {
        has_lines: !lines.is_empty(),
        shipped: lines.iter().any(|l| !qty(&l.shipped_quantity).is_zero()),
        invoiced: lines.iter().any(|l| !qty(&l.invoiced_quantity).is_zero()),
    }
}

/// An order with its lines, totals and what the machine allows.
pub struct Detail {
    pub order: SalesOrderDto,
    pub lines: Vec<SalesOrderLineDto>,
    pub totals: DocumentTotals,
    pub facts: OrderFacts,
}

fn resolve_filter(actor: &Actor, f: &OrderFilter) -> Result<db::sales_orders::Filter, AppError> {
    let statuses = match f.status.trim() {
        "" | "all" => vec![],
        "open" => OrderStatus::ALL.into_iter().filter(|s| s.is_open()).map(OrderStatus::as_str).collect(),
        s => vec![OrderStatus::parse(s).map_err(|m| AppError::field("status", m))?.as_str()],
    };
    let id = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            "me" if field == "owner" => Ok(Some(actor.id)),
            v => v.parse().map(Some).map_err(|_| AppError::field(field, "must be an id")),
        }
    };
    let mut e = FieldErrors::default();
    let from = optional_date(&mut e, "from", &f.from);
    let to = optional_date(&mut e, "to", &f.to);
    if !e.is_empty() {
        return Err(e.into());
    }
    Ok(db::sales_orders::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        statuses,
        account_id: id("account", &f.account)?,
        owner_id: id("owner", &f.owner)?,
        opportunity_id: id("opportunity", &f.opportunity)?,
        from,
        to,
    })
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &OrderFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<SalesOrderDto>, AppError> {
    actor.require(Permission::ViewOrders)?;
    let filter = resolve_filter(actor, f)?;
    let rows = db::sales_orders::page(pool, &filter, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| db::sales_orders::ORDER.cursor("", r.id)).map(|r| r.to_dto()))
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    actor.require(Permission::ViewOrders)?;
    let row = db::sales_orders::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let c = row.currency();
    let lines = db::sales_orders::lines(pool, id).await?;
    let inputs: Vec<LineInput> = lines.iter().map(|l| service::lines::input_of(c, &l.line)).collect();
    Ok(Detail {
        totals: crate::model::money::document_totals(c, &inputs),
        facts: facts(&lines),
        lines: lines.iter().map(|l| line_dto(c, l)).collect(),
        order: row.to_dto(),
    })
}

/// A checked order ready to store.
struct Prepared {
    header: OrderInput,
    owner_id: i64,
    currency: Currency,
    billing_address: String,
    shipping_address: String,
    payment_terms_days: i64,
    lines: Vec<NewLine>,
    totals: db::sales_orders::Totals,
}

/// Checks the form against the database (account, contact, opportunity, owner) and prices the
/// lines. `current` is the stored order when editing. Header and line errors come back together.
async fn prepare(
    tx: &mut Tx,
    actor: &Actor,
    form: &OrderForm,
    lines: &[LineForm],
    current: Option<&db::sales_orders::OrderRow>,
) -> Result<Prepared, AppError> {
    let header = OrderInput::parse(form);
    let mut errors = header.as_ref().err().cloned().unwrap_or_default();
    let typed = header.as_ref().ok().map(|h| h.account_id);
    let account = accounts::for_document(tx, current.map(|o| o.account_id), typed, &mut errors).await?;
    let mut currency = account
        .as_ref()
        .map(|a| Currency::from_db(&a.currency, "account", a.id))
        .transpose()?
        .unwrap_or(NO_ACCOUNT_YET);
    if let (Ok(h), Some(a)) = (&header, &account) {
        if let Some(cid) = h.contact_id {
            match db::contacts::by_id(&mut **tx, cid).await? {
                Some(c) if c.account_id == a.id => {}
                _ => errors.add("contact_id", "must be a contact of this account"),
            }
        }
        if let Some(oid) = h.opportunity_id {
            match db::opportunities::by_id(&mut **tx, oid).await? {
                Some(o) if o.account_id != a.id => errors.add("opportunity_id", "belongs to another account"),
                Some(o) if o.stage() != Stage::Won => {
                    errors.add("opportunity_id", "must be won before it takes an order")
                }
                Some(o) => currency = o.currency(),
                None => errors.add("opportunity_id", "must be chosen from the list"),
            }
        }
    }
    let priced = service::lines::price(tx, currency, lines, &mut errors).await?;
    let (header, account) = match (header, account) {
        (Ok(h), Some(a)) if errors.is_empty() => (h, a),
        _ => return Err(errors.into()),
    };
    let current_owner = current.map(|o| o.owner_id);
    let owner_id = header.owner_id.or(current_owner).unwrap_or(actor.id);
    if Some(owner_id) != current_owner {
        if owner_id != actor.id && !actor.role.can(Permission::EditAllOrders) {
            return Err(AppError::field("owner_id", "only a manager can give an order to someone else"));
        }
        accounts::check_owner(tx, owner_id).await?;
    }
    let (stored, t) = service::lines::stored(currency, &priced)?;
    let minor = |v| currency.to_minor(v).map_err(|m| AppError::field("lines", m));
    Ok(Prepared {
        owner_id,
        currency,
        billing_address: header.billing_address.clone().unwrap_or_else(|| account.billing_address.clone()),
        shipping_address: header.shipping_address.clone().unwrap_or_else(|| {
            if account.shipping_address.is_empty() {
                account.billing_address.clone()
            } else {
                account.shipping_address.clone()
            }
        }),
        payment_terms_days: header.payment_terms_days.unwrap_or(account.payment_terms_days),
        totals: (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?),
        lines: stored,
        header,
    })
}

fn header<'a>(p: &'a Prepared, order_date: chrono::NaiveDate) -> db::sales_orders::Header<'a> {
    let h = &p.header;
    db::sales_orders::Header {
        account_id: h.account_id,
        contact_id: h.contact_id,
        opportunity_id: h.opportunity_id,
        owner_id: p.owner_id,
        currency: p.currency.code(),
        order_date,
        expected_delivery_date: h.expected_delivery_date,
        payment_terms_days: p.payment_terms_days,
        billing_address: &p.billing_address,
        shipping_address: &p.shipping_address,
        customer_reference: &h.customer_reference,
        notes: &h.notes,
    }
}

fn summary(c: Currency, totals: db::sales_orders::Totals, lines: usize) -> String {
    format!("{} · {lines} line(s)", c.format(c.from_minor(totals.2)))
}

/// Creates a draft order with its number (`SO-YYYY-NNNNNN` of the order date's year).
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    form: &OrderForm,
    lines: &[LineForm],
) -> Result<SalesOrderDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let mut tx = db::begin_write(pool).await?;
    let p = prepare(&mut tx, actor, form, lines, None).await?;
    let order_date = p.header.order_date.unwrap_or_else(|| Utc::now().date_naive());
    let number = numbering::next_number(&mut tx, "sales_order", order_date).await?;
    let id = db::sales_orders::insert(&mut tx, &number, &header(&p, order_date), p.totals).await?;
    db::sales_orders::LINES.insert(&mut tx, id, 0, &p.lines).await?;
    let note = summary(p.currency, p.totals, p.lines.len());
    timeline::record(&mut tx, Some(actor), ENTITY, id, "created", None, Some(&note)).await?;
    if let Some(opp) = p.header.opportunity_id {
        let note = format!("{number} · {note}");
        timeline::record(&mut tx, Some(actor), service::opportunities::ENTITY, opp, "order_created", None, Some(&note))
            .await?;
    }
    let row = db::sales_orders::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Replaces a draft's fields and lines. Orders past draft are refused (409).
pub async fn update(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    form: &OrderForm,
    lines: &[LineForm],
) -> Result<SalesOrderDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::sales_orders::get_locked(&mut tx, id).await?;
    require_change(actor, before.owner_id)?;
    if !before.status().is_editable() {
        return Err(AppError::invalid_transition(format!(
            "a {} order cannot be edited: only drafts change",
            before.status().label().to_lowercase()
        )));
    }
    let p = prepare(&mut tx, actor, form, lines, Some(&before)).await?;
    if p.owner_id != before.owner_id {
        let to = accounts::check_owner(&mut tx, p.owner_id).await?;
        timeline::record(&mut tx, Some(actor), ENTITY, id, "reassigned", Some((&before.owner_name, &to)), None).await?;
    }
    let order_date = p.header.order_date.unwrap_or(before.order_date);
    db::sales_orders::update(&mut tx, id, &header(&p, order_date), p.totals).await?;
    db::sales_orders::LINES.replace(&mut tx, id, &p.lines).await?;
    let note = summary(p.currency, p.totals, p.lines.len());
    timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, Some(&note)).await?;
    let row = db::sales_orders::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// A draft order for a won opportunity: its account, its lines (prices as agreed), linked both ways.
pub async fn create_from_opportunity(
    pool: &Pool,
    actor: &Actor,
    opportunity_id: i64,
) -> Result<SalesOrderDto, AppError> {
    actor.require(Permission::EditOwnOrders)?;
    let opp = db::opportunities::by_id(pool, opportunity_id).await?.ok_or(AppError::NotFound)?;
    if opp.stage() != Stage::Won {
        return Err(AppError::invalid_transition(format!(
            "only a won opportunity takes an order; this one is {}",
            opp.stage().label().to_lowercase()
        )));
    }
    let lines = opportunity_lines(pool, &opp).await?;
    let form = OrderForm {
        account_id: opp.account_id.to_string(),
        opportunity_id: opportunity_id.to_string(),
        ..Default::default()
    };
    create(pool, actor, &form, &lines).await
}

/// A deal's lines as order lines, at the prices agreed in the deal.
pub async fn opportunity_lines(
    pool: &Pool,
    opp: &db::opportunities::OpportunityRow,
) -> Result<Vec<LineForm>, AppError> {
    let c = opp.currency();
    Ok(db::opportunities::LINES.lines(pool, opp.id).await?.iter().map(|l| service::lines::form_of(c, l)).collect())
}

/// Applies one of the people's events (confirm, hold, release, cancel, close) through the machine.
pub async fn apply(pool: &Pool, actor: &Actor, id: i64, event: OrderEvent) -> Result<SalesOrderDto, AppError> {
    if !OrderEvent::MANUAL.contains(&event) {
        return Err(AppError::field("event", "must be confirm, hold, release, cancel or close"));
    }
    actor.require(Permission::EditOwnOrders)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::sales_orders::get_locked(&mut tx, id).await?;
    require_change(actor, before.owner_id)?;
    let lines = db::sales_orders::lines(&mut *tx, id).await?;
    let from = before.status();
    let to = transition(from, event, facts(&lines)).map_err(AppError::invalid_transition)?;
    db::sales_orders::set_status(&mut tx, id, to.as_str()).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "status_changed", Some((from.as_str(), to.as_str())), None)
        .await?;
    let row = db::sales_orders::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// Open orders and their value by status for the dashboard: (status, currency, count, total).
/// Sales see their own; everyone else with access sees all.
pub async fn by_status(pool: &Pool, actor: &Actor) -> Result<Vec<(OrderStatus, String, i64, String)>, AppError> {
    actor.require(Permission::ViewOrders)?;
    let mine =
        (!actor.role.can(Permission::EditAllOrders) && actor.role.can(Permission::EditOwnOrders)).then_some(actor.id);
    Ok(db::sales_orders::by_status(pool, mine)
        .await?
        .into_iter()
        .filter_map(|(s, c, n, total)| {
            let cur = Currency::parse(&c).ok()?;
            Some((OrderStatus::parse(&s).ok()?, c, n, cur.format(cur.from_minor(total))))
        })
        .collect())
}
