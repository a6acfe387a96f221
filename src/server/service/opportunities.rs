//! Opportunities: list and read, create and edit with product lines (priced from the catalogue,
//! totals by `money::document_totals`), and stage moves through the model's machine.
use crate::error::AppError;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::{Currency, DocumentTotals, LineInput};
use crate::model::opportunity::{
    parse_lines, totals, transition, LineForm, OpportunityDto, OpportunityFilter, OpportunityForm, OpportunityInput,
    OpportunityLineDto, PricedLine, Stage,
};
use crate::model::permissions::Permission;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, Pool, Tx};
use crate::server::service::{accounts, timeline};
use chrono::Utc;

pub const ENTITY: &str = "opportunity";

fn line_dto(c: Currency, l: &db::opportunities::LineRow) -> OpportunityLineDto {
    OpportunityLineDto {
        id: l.id,
        product_id: l.product_id,
        description: l.description.clone(),
        quantity: l.quantity.clone(),
        unit_price: c.from_minor(l.unit_price_minor).to_string(),
        discount_percent: l.discount_percent.clone(),
        tax_rate_id: l.tax_rate_id,
        tax_rate_percent: l.tax_rate_percent.clone(),
        net: c.from_minor(l.net_minor).to_string(),
        tax: c.from_minor(l.tax_minor).to_string(),
        total: c.from_minor(l.total_minor).to_string(),
    }
}

/// A deal with its lines and recomputed totals.
pub struct Detail {
    pub opportunity: OpportunityDto,
    pub lines: Vec<OpportunityLineDto>,
    pub totals: DocumentTotals,
}

fn resolve_filter(actor: &Actor, f: &OpportunityFilter) -> Result<db::opportunities::Filter, AppError> {
    let stages = match f.stage.trim() {
        "" | "all" => vec![],
        "open" => Stage::ALL.into_iter().filter(|s| s.is_open()).map(Stage::as_str).collect(),
        "closed" => vec!["won", "lost"],
        s => vec![Stage::parse(s).map_err(|m| AppError::field("stage", m))?.as_str()],
    };
    let id = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
        match v.trim() {
            "" => Ok(None),
            "me" if field == "owner" => Ok(Some(actor.id)),
            v => v.parse().map(Some).map_err(|_| AppError::field(field, "must be an id")),
        }
    };
    Ok(db::opportunities::Filter {
        search: search_text(&f.q).map_err(|m| AppError::field("q", m))?,
        stages,
        owner_id: id("owner", &f.owner)?,
        account_id: id("account", &f.account)?,
    })
}

pub async fn list(
    pool: &Pool,
    actor: &Actor,
    f: &OpportunityFilter,
    position: &Position,
    limit: usize,
) -> Result<ListPage<OpportunityDto>, AppError> {
    actor.require(Permission::ViewCrm)?;
    let filter = resolve_filter(actor, f)?;
    let by_name = f.sort == "name";
    let order = db::opportunities::order(by_name);
    let rows = db::opportunities::page(pool, &filter, by_name, position, limit).await?;
    Ok(ListPage::from_rows(rows, limit, position, |r| order.cursor(&r.name_key, r.id)).map(|r| r.to_dto()))
}

pub async fn get(pool: &Pool, actor: &Actor, id: i64) -> Result<Detail, AppError> {
    actor.require(Permission::ViewCrm)?;
    let row = db::opportunities::by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let c = row.currency();
    let lines = db::opportunities::lines(pool, id).await?;
    let inputs: Vec<LineInput> = lines
        .iter()
        .map(|l| LineInput {
            quantity: l.quantity.parse().unwrap_or_default(),
            unit_price: c.from_minor(l.unit_price_minor),
            discount_percent: l.discount_percent.parse().unwrap_or_default(),
            tax_rate_percent: l.tax_rate_percent.parse().unwrap_or_default(),
        })
        .collect();
    Ok(Detail {
        totals: crate::model::money::document_totals(c, &inputs),
        lines: lines.iter().map(|l| line_dto(c, l)).collect(),
        opportunity: row.to_dto(),
    })
}

/// A checked and priced deal, ready to store.
struct Prepared {
    header: OpportunityInput,
    owner_id: i64,
    currency: Currency,
    lines: Vec<db::opportunities::NewLine>,
    /// The lines' subtotal, or the typed amount when there are no lines.
    amount_minor: i64,
}

/// Checks the form and lines against the database (account, owner, products, tax rates) and
/// prices them through `document_totals`.
async fn prepare(
    tx: &mut Tx,
    actor: &Actor,
    form: &OpportunityForm,
    lines: &[LineForm],
    current_owner: Option<i64>,
) -> Result<Prepared, AppError> {
    // Field errors of the header and the lines are reported together.
    let header = OpportunityInput::parse(form);
    let mut errors = header.as_ref().err().cloned().unwrap_or_default();
    let account = match &header {
        Ok(h) => match db::accounts::by_id(&mut **tx, h.account_id).await? {
            Some(a) if a.active => Some(a),
            Some(_) => {
                errors.add("account_id", "is inactive");
                None
            }
            None => {
                errors.add("account_id", "must be chosen from the list");
                None
            }
        },
        Err(_) => None,
    };
    let currency = header
        .as_ref()
        .ok()
        .and_then(|h| h.currency)
        .or_else(|| account.as_ref().and_then(|a| Currency::parse(&a.currency).ok()))
        .unwrap_or(Currency::EUR);
    let drafts = parse_lines(lines, currency, &mut errors);
    let mut priced = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = match d.product_id {
            Some(pid) => match db::products::by_id(&mut **tx, pid).await? {
                Some(p) => Some(p),
                None => {
                    errors.add(&field("product_id"), "must be chosen from the list");
                    None
                }
            },
            None => None,
        };
        let unit_price = match (d.unit_price, &product) {
            (Some(p), _) => p,
            (None, Some(p)) if p.currency == currency.code() => currency.from_minor(p.unit_price_minor),
            (None, Some(p)) => {
                errors.add(&field("unit_price"), format!("is required: the product is priced in {}", p.currency));
                Default::default()
            }
            (None, None) => Default::default(),
        };
        let rate_id = d.tax_rate_id.or(product.as_ref().map(|p| p.tax_rate_id));
        let rate = match rate_id {
            Some(id) => match db::tax_rates::by_id(&mut **tx, id).await? {
                Some(t) if t.active => Some(t),
                Some(_) => {
                    errors.add(&field("tax_rate_id"), "is inactive");
                    None
                }
                None => {
                    errors.add(&field("tax_rate_id"), "must be chosen from the list");
                    None
                }
            },
            None => None,
        };
        let description = if d.description.is_empty() {
            product.as_ref().map(|p| p.name.clone()).unwrap_or_default()
        } else {
            d.description.clone()
        };
        priced.push(PricedLine {
            product_id: d.product_id,
            description,
            tax_rate_id: rate.as_ref().map(|r| r.id),
            input: LineInput {
                quantity: d.quantity,
                unit_price,
                discount_percent: d.discount_percent,
                tax_rate_percent: rate.as_ref().map(|r| r.percent()).unwrap_or_default(),
            },
        });
    }
    let header = match header {
        Ok(h) if errors.is_empty() => h,
        _ => return Err(errors.into()),
    };
    // Ownership: sales own what they create; managers may pick any owner who can own deals.
    let owner_id = header.owner_id.or(current_owner).unwrap_or(actor.id);
    if Some(owner_id) != current_owner {
        if owner_id != actor.id && !actor.role.can(Permission::EditAllCrm) {
            return Err(AppError::field("owner_id", "only a manager can give an opportunity to someone else"));
        }
        accounts::check_owner(tx, owner_id).await?;
    }
    let t = totals(currency, &priced);
    let minor = |v| currency.to_minor(v).map_err(|m| AppError::Validation { fields: FieldErrors::single("lines", m) });
    let mut stored = Vec::with_capacity(priced.len());
    for (p, lt) in priced.iter().zip(&t.lines) {
        stored.push(db::opportunities::NewLine {
            product_id: p.product_id,
            description: p.description.clone(),
            quantity: p.input.quantity.normalize().to_string(),
            unit_price_minor: minor(p.input.unit_price)?,
            discount_percent: p.input.discount_percent.normalize().to_string(),
            tax_rate_id: p.tax_rate_id,
            tax_rate_percent: p.input.tax_rate_percent.normalize().to_string(),
            net_minor: minor(lt.net)?,
            tax_minor: minor(lt.tax)?,
            total_minor: minor(lt.total)?,
        });
    }
    let amount = if stored.is_empty() { header.amount.unwrap_or_default() } else { t.subtotal };
    Ok(Prepared { amount_minor: minor(amount)?, header, owner_id, currency, lines: stored })
}

pub async fn create(
    pool: &Pool,
    actor: &Actor,
    form: &OpportunityForm,
    lines: &[LineForm],
) -> Result<OpportunityDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let mut tx = db::begin_write(pool).await?;
    let p = prepare(&mut tx, actor, form, lines, None).await?;
    let (h, currency) = (&p.header, p.currency);
    let stage = Stage::Prospecting;
    let header = db::opportunities::Header {
        name: &h.name,
        account_id: h.account_id,
        owner_id: p.owner_id,
        amount_minor: p.amount_minor,
        currency: currency.code(),
        probability: h.probability.unwrap_or(stage.default_probability()),
        expected_close_date: h.expected_close_date,
    };
    let id = db::opportunities::insert(&mut tx, &header, stage.as_str()).await?;
    db::opportunities::replace_lines(&mut tx, id, &p.lines).await?;
    let note = format!("{} · {} line(s)", currency.format(currency.from_minor(p.amount_minor)), p.lines.len());
    timeline::record(&mut tx, Some(actor), ENTITY, id, "created", None, Some(&note)).await?;
    let row = db::opportunities::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row.to_dto())
}

/// Replaces the deal's fields and lines. Closed deals (won, lost) cannot be edited.
pub async fn update(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    form: &OpportunityForm,
    lines: &[LineForm],
) -> Result<OpportunityDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let mut tx = db::begin_write(pool).await?;
    let before = db::opportunities::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    actor.require_edit_owned(before.owner_id)?;
    if !before.stage().is_open() {
        return Err(AppError::invalid_transition(format!("a {} opportunity cannot be edited", before.stage)));
    }
    let p = prepare(&mut tx, actor, form, lines, Some(before.owner_id)).await?;
    let (h, currency, owner_id) = (&p.header, p.currency, p.owner_id);
    if owner_id != before.owner_id {
        if !actor.role.can(Permission::Reassign) {
            return Err(AppError::field("owner_id", "only a manager can give an opportunity to someone else"));
        }
        let to = db::users::by_id(&mut *tx, owner_id).await?.map(|u| u.name).unwrap_or_default();
        timeline::record(&mut tx, Some(actor), ENTITY, id, "reassigned", Some((&before.owner_name, &to)), None).await?;
    }
    let header = db::opportunities::Header {
        name: &h.name,
        account_id: h.account_id,
        owner_id,
        amount_minor: p.amount_minor,
        currency: currency.code(),
        probability: h.probability.unwrap_or(before.probability),
        expected_close_date: h.expected_close_date,
    };
    db::opportunities::update(&mut tx, id, &header).await?;
    db::opportunities::replace_lines(&mut tx, id, &p.lines).await?;
    let note = format!("{} · {} line(s)", currency.format(currency.from_minor(p.amount_minor)), p.lines.len());
    timeline::record(&mut tx, Some(actor), ENTITY, id, "edited", None, Some(&note)).await?;
    let row = db::opportunities::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row.to_dto())
}

/// Moves a deal through the stage machine. Lost needs a reason; won needs a positive amount.
pub async fn move_stage(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    to: Stage,
    lost_reason: Option<&str>,
) -> Result<OpportunityDto, AppError> {
    actor.require(Permission::EditOwnCrm)?;
    let reason = lost_reason.map(str::trim).filter(|r| !r.is_empty());
    if to == Stage::Lost {
        match reason {
            None => return Err(AppError::field("lost_reason", "say why the deal was lost")),
            Some(r) if r.chars().count() > 500 => {
                return Err(AppError::field("lost_reason", "must be at most 500 characters"))
            }
            _ => {}
        }
    }
    let mut tx = db::begin_write(pool).await?;
    let before = db::opportunities::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    actor.require_edit_owned(before.owner_id)?;
    let from = before.stage();
    transition(from, to).map_err(AppError::invalid_transition)?;
    if to == Stage::Won && before.amount_minor <= 0 {
        return Err(AppError::invalid_transition("a deal worth nothing cannot be won: add lines or an amount first"));
    }
    let probability = match to {
        Stage::Won | Stage::Lost => to.default_probability(),
        _ if from == Stage::Lost => to.default_probability(),
        _ => before.probability.max(to.default_probability()),
    };
    let closed_at = (!to.is_open()).then(Utc::now);
    db::opportunities::set_stage(
        &mut tx,
        id,
        to.as_str(),
        probability,
        if to == Stage::Lost { reason } else { None },
        closed_at,
    )
    .await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "stage_changed", Some((from.as_str(), to.as_str())), reason)
        .await?;
    let row = db::opportunities::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row.to_dto())
}

/// The totals of lines still being typed (the editor's live preview): the same parsing and
/// totals as a save, nothing stored. Lines that do not parse yet are left out.
pub async fn quote(
    pool: &Pool,
    actor: &Actor,
    currency: Currency,
    lines: &[LineForm],
) -> Result<DocumentTotals, AppError> {
    actor.require(Permission::ViewCrm)?;
    let rates = db::tax_rates::all(pool).await?;
    let mut inputs = vec![];
    for l in lines.iter().take(500) {
        // A line being typed may have no description yet: it still has a price.
        let mut l = l.clone();
        if l.description.trim().is_empty() {
            l.description = "-".into();
        }
        let mut e = FieldErrors::default();
        let parsed = parse_lines(std::slice::from_ref(&l), currency, &mut e);
        let (Some(d), true) = (parsed.first(), e.is_empty()) else { continue };
        let rate =
            d.tax_rate_id.and_then(|id| rates.iter().find(|r| r.id == id)).map(|r| r.percent()).unwrap_or_default();
        inputs.push(LineInput {
            quantity: d.quantity,
            unit_price: d.unit_price.unwrap_or_default(),
            discount_percent: d.discount_percent,
            tax_rate_percent: rate,
        });
    }
    Ok(crate::model::money::document_totals(currency, &inputs))
}
