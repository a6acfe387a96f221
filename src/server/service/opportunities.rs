//! Opportunities: list and read, create and edit with product lines (priced from the catalogue,
//! totals by `money::document_totals`), and stage moves through the model's machine.
use crate::error::AppError;
use crate::model::list::{search_text, ListPage, Position};
use crate::model::money::{Currency, DocumentTotals, LineInput, NO_ACCOUNT_YET};
use crate::model::opportunity::{
    transition, LineForm, OpportunityDto, OpportunityFilter, OpportunityForm, OpportunityInput, OpportunityLineDto,
    Stage,
};
use crate::model::permissions::Permission;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, lines::LineRow, lines::NewLine, Pool, Tx};
use crate::server::service::{self, accounts, timeline};
use chrono::Utc;

pub const ENTITY: &str = "opportunity";

fn line_dto(c: Currency, l: &LineRow) -> OpportunityLineDto {
    service::lines::line_dto!(OpportunityLineDto, c, l)
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
    let lines = db::opportunities::LINES.lines(pool, id).await?;
    let inputs: Vec<LineInput> = lines.iter().map(|l| service::lines::input_of(c, l)).collect();
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
    lines: Vec<NewLine>,
    /// The lines' subtotal, or the typed amount when there are no lines.
    amount_minor: i64,
}

impl Prepared {
    /// The header as stored; an empty probability takes `default_probability` (the stage's on
    /// create, the deal's own on edit).
    fn stored(&self, default_probability: i64) -> db::opportunities::Header<'_> {
        let h = &self.header;
        db::opportunities::Header {
            name: &h.name,
            account_id: h.account_id,
            owner_id: self.owner_id,
            amount_minor: self.amount_minor,
            currency: self.currency.code(),
            probability: h.probability.unwrap_or(default_probability),
            expected_close_date: h.expected_close_date,
        }
    }

    /// Ends a create or an edit of deal `id`: its lines replaced, the change (`what`) on the
    /// timeline with the amount and line count, the transaction committed.
    async fn finish(&self, mut tx: Tx, actor: &Actor, id: i64, what: &str) -> Result<OpportunityDto, AppError> {
        self.finish_in(&mut tx, actor, id, what).await?;
        let row = db::opportunities::get_locked(&mut tx, id).await?;
        db::commit(tx).await?;
        Ok(row.to_dto())
    }
}

impl Prepared {
    /// The lines replaced and the change (`what`) on the timeline, in the caller's transaction.
    async fn finish_in(&self, tx: &mut Tx, actor: &Actor, id: i64, what: &str) -> Result<(), AppError> {
        db::opportunities::LINES.replace(tx, id, &self.lines).await?;
        let c = self.currency;
        let note = format!("{} · {} line(s)", c.format(c.from_minor(self.amount_minor)), self.lines.len());
        timeline::record(tx, Some(actor), ENTITY, id, what, None, Some(&note)).await
    }
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
        .map(Ok)
        .or_else(|| account.as_ref().map(|a| Currency::from_db(&a.currency, "account", a.id)))
        .transpose()?
        .unwrap_or(NO_ACCOUNT_YET);
    let priced = service::lines::price(tx, currency, lines, &mut errors).await?;
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
    let (stored, t) = service::lines::stored(currency, &priced)?;
    let minor = |v| currency.to_minor(v).map_err(|m| AppError::Validation { fields: FieldErrors::single("amount", m) });
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
    let stage = Stage::Prospecting;
    let id = db::opportunities::insert(&mut tx, &p.stored(stage.default_probability()), stage.as_str()).await?;
    p.finish(tx, actor, id, "created").await
}

/// A new deal in the caller's transaction for `owner_id`, who need not be the actor (a contract's
/// renewal opportunity goes to the contract's owner, whoever raises it). Returns its id.
pub async fn create_in(
    tx: &mut Tx,
    actor: &Actor,
    account_id: i64,
    owner_id: i64,
    name: &str,
    lines: &[LineForm],
) -> Result<i64, AppError> {
    let form = OpportunityForm { name: name.into(), account_id: account_id.to_string(), ..Default::default() };
    let p = prepare(tx, actor, &form, lines, Some(owner_id)).await?;
    let stage = Stage::Prospecting;
    let id = db::opportunities::insert(tx, &p.stored(stage.default_probability()), stage.as_str()).await?;
    p.finish_in(tx, actor, id, "created").await?;
    Ok(id)
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
    let before = db::opportunities::get_locked(&mut tx, id).await?;
    actor.require_edit_owned(before.owner_id)?;
    if !before.stage().is_open() {
        return Err(AppError::invalid_transition(format!("a {} opportunity cannot be edited", before.stage)));
    }
    let p = prepare(&mut tx, actor, form, lines, Some(before.owner_id)).await?;
    let owner_id = p.owner_id;
    if owner_id != before.owner_id {
        if !actor.role.can(Permission::Reassign) {
            return Err(AppError::field("owner_id", "only a manager can give an opportunity to someone else"));
        }
        let to = db::users::by_id(&mut *tx, owner_id).await?.map(|u| u.name).unwrap_or_default();
        timeline::record(&mut tx, Some(actor), ENTITY, id, "reassigned", Some((&before.owner_name, &to)), None).await?;
    }
    db::opportunities::update(&mut tx, id, &p.stored(before.probability)).await?;
    p.finish(tx, actor, id, "edited").await
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
    let before = db::opportunities::get_locked(&mut tx, id).await?;
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
    let row = db::opportunities::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}
