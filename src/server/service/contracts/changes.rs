//! Changes within a running term: lines added, removed or requantified from a chosen day, each
//! line's change of its term price prorated by actual days (`model::contract_change`), invoiced
//! (increases) and credited against the term's invoice (decreases) in one transaction with the new
//! lines. The preview runs the same plan and writes nothing.
use super::{billing, renewed_ahead, require_change, today, ENTITY};
use crate::error::AppError;
use crate::model::contract::ContractDto;
use crate::model::contract::ContractStatus;
use crate::model::contract_change::{
    ChangeForm, ChangeLineDto, ChangePreviewDto, ContractChangeDto, Proration, PRORATION_CONVENTION,
};
use crate::model::lines::{totals, LineForm, PricedLine};
use crate::model::money::{try_line_net, Currency, LineInput};
use crate::server::auth::Actor;
use crate::server::db::{self, contracts::changes::ChangeRow, contracts::terms::TermRow, contracts::ContractRow, Tx};
use crate::server::service::{self, invoices::credit_notes, timeline};
use crate::server::state::AppState;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub fn dto(c: Currency, r: &ChangeRow) -> ContractChangeDto {
    ContractChangeDto {
        id: r.id,
        term_number: r.term_number,
        effective_date: r.effective_date,
        remaining_days: r.remaining_days,
        term_days: r.term_days,
        net: c.from_minor(r.net_minor).to_string(),
        invoice_id: r.invoice_id,
        invoice_number: r.invoice_number.clone(),
        credit_note_id: r.credit_note_id,
        credit_note_number: r.credit_note_number.clone(),
        summary: r.summary.clone(),
        created_by_name: r.created_by_name.clone(),
        created_at: r.created_at,
    }
}

/// A change worked out: the running term, the proration, the term's lines after it, the prorated
/// lines to invoice and to credit, and the preview of it all.
struct Plan {
    term: TermRow,
    proration: Proration,
    /// The running term's lines after the change.
    new_lines: Vec<PricedLine>,
    /// Each changed term line's (product, description) and new quantity, for the covered lines.
    requantified: Vec<((Option<i64>, String), Decimal)>,
    added: Vec<PricedLine>,
    charge: Vec<PricedLine>,
    credit: Vec<PricedLine>,
    /// The term's last invoice (the one a credit note goes against).
    last_invoice: Option<i64>,
    preview: ChangePreviewDto,
}

/// One changed line: its row in the preview, and its prorated amount as an invoice or credit line.
struct Delta<'a> {
    line_id: Option<i64>,
    product_id: Option<i64>,
    tax_rate_id: Option<i64>,
    description: &'a str,
    tax_rate_percent: Decimal,
    before: (Decimal, Decimal),
    after: (Decimal, Decimal),
}

impl Plan {
    fn push(&mut self, c: Currency, d: Delta<'_>) {
        let prorated = self.proration.share(c, d.after.1 - d.before.1);
        let q = |v: Decimal| v.normalize().to_string();
        self.preview.lines.push(ChangeLineDto {
            line_id: d.line_id,
            description: d.description.to_string(),
            quantity_before: q(d.before.0),
            quantity_after: q(d.after.0),
            net_before: d.before.1.to_string(),
            net_after: d.after.1.to_string(),
            prorated: prorated.to_string(),
            tax_rate_percent: d.tax_rate_percent.normalize().to_string(),
        });
        if prorated.is_zero() {
            return;
        }
        let p = &self.proration;
        let line = PricedLine {
            product_id: d.product_id,
            description: format!(
                "{}: {} → {} from {} to {} ({})",
                d.description,
                q(d.before.0),
                q(d.after.0),
                p.effective,
                p.until,
                p.days_text()
            ),
            unit: "prorated".into(),
            tax_rate_id: d.tax_rate_id,
            source_line_id: None,
            input: LineInput {
                quantity: Decimal::ONE,
                unit_price: prorated.abs(),
                discount_percent: Decimal::ZERO,
                tax_rate_percent: d.tax_rate_percent,
            },
        };
        if prorated > Decimal::ZERO {
            self.charge.push(line)
        } else {
            self.credit.push(line)
        }
    }
}

fn net_of(c: Currency, input: &LineInput, field: &str) -> Result<Decimal, AppError> {
    try_line_net(c, input).ok_or_else(|| AppError::field(field, crate::model::lines::line_too_large(c)))
}

/// Why the running term of `row` cannot change on `day`, if it cannot: only an active contract
/// changes, and not while a renewed term waits for its start.
pub fn refusal(row: &ContractRow, day: chrono::NaiveDate) -> Option<AppError> {
    if row.status != ContractStatus::Active {
        return Some(AppError::invalid_transition(format!(
            "a {} contract has no running term to change{}",
            row.status.label().to_lowercase(),
            if row.status == ContractStatus::Pending { ": edit its lines instead" } else { "" }
        )));
    }
    renewed_ahead(row, day).then(|| {
        AppError::invalid_transition("the next term is renewed already: change the contract once that term has started")
    })
}

/// Works the change out against the running term of `row` (locked when applying). Field errors
/// come back together; nothing is written.
async fn plan(
    tx: &mut Tx,
    actor: &Actor,
    row: &ContractRow,
    form: &ChangeForm,
    added: &[LineForm],
) -> Result<Plan, AppError> {
    require_change(actor, row)?;
    if let Some(e) = refusal(row, today()) {
        return Err(e);
    }
    let c = row.currency;
    let input = form.parse();
    let mut errors = input.as_ref().err().cloned().unwrap_or_default();
    let terms = db::contracts::terms::for_contract(&mut **tx, row.id).await?;
    let term = terms.into_iter().find(|t| t.number == row.term_number).ok_or(AppError::NotFound)?;
    let old = db::contracts::terms::LINES.lines(&mut **tx, term.id).await?;
    let mut wanted: HashMap<i64, Decimal> = HashMap::new();
    if let Ok(i) = &input {
        if i.effective < term.start_date || i.effective > term.end_date {
            errors.add(
                "effective_date",
                format!("must be within the running term: {} to {}", term.start_date, term.end_date),
            );
        }
        for (index, id, q) in &i.quantities {
            if old.iter().any(|l| l.id == *id) {
                wanted.insert(*id, *q);
            } else {
                errors.add(&format!("quantities[{index}].line_id"), "is not a line of the running term");
            }
        }
    }
    let added = service::lines::price(tx, c, added, &mut errors).await?;
    let input = match input {
        Ok(i) if errors.is_empty() => i,
        _ => return Err(errors.into()),
    };
    let invoices: Vec<_> = db::contracts::terms::period_invoices(&mut **tx, row.id)
        .await?
        .into_iter()
        .filter(|i| i.term_id == term.id)
        .collect();
    let last = invoices.iter().max_by_key(|i| i.period);
    let proration =
        Proration::new(term.start_date, term.end_date, input.effective, invoices.iter().map(|i| i.period_end).max());
    let mut plan = Plan {
        preview: ChangePreviewDto {
            term_number: term.number,
            effective_date: input.effective,
            until: proration.until,
            term_end: term.end_date,
            remaining_days: proration.remaining_days,
            term_days: proration.term_days,
            convention: PRORATION_CONVENTION.into(),
            currency: c.to_string(),
            lines: vec![],
            invoice_total: String::new(),
            credit_total: String::new(),
            credit_invoice_number: last.and_then(|i| i.invoice_number.clone()),
            new_lines_total: String::new(),
        },
        last_invoice: last.map(|i| i.invoice_id),
        term,
        proration,
        new_lines: vec![],
        requantified: vec![],
        added: added.clone(),
        charge: vec![],
        credit: vec![],
    };
    for (i, l) in old.iter().enumerate() {
        let now = service::lines::input_of(c, l);
        let after = wanted.get(&l.id).copied().unwrap_or(now.quantity);
        if !after.is_zero() {
            plan.new_lines.push(PricedLine { source_line_id: None, ..service::lines::requantify(c, l, after) });
        }
        if after == now.quantity {
            continue;
        }
        plan.requantified.push(((l.product_id, l.description.clone()), after));
        let net_after = net_of(c, &LineInput { quantity: after, ..now.clone() }, &format!("quantities[{i}].quantity"))?;
        let delta = Delta {
            line_id: Some(l.id),
            product_id: l.product_id,
            tax_rate_id: l.tax_rate_id,
            description: &l.description,
            tax_rate_percent: now.tax_rate_percent,
            before: (now.quantity, c.from_minor(l.net_minor)),
            after: (after, net_after),
        };
        plan.push(c, delta);
    }
    for (i, a) in added.iter().enumerate() {
        plan.new_lines.push(a.clone());
        let delta = Delta {
            line_id: None,
            product_id: a.product_id,
            tax_rate_id: a.tax_rate_id,
            description: &a.description,
            tax_rate_percent: a.input.tax_rate_percent,
            before: (Decimal::ZERO, Decimal::ZERO),
            after: (a.input.quantity, net_of(c, &a.input, &format!("lines[{i}].quantity"))?),
        };
        plan.push(c, delta);
    }
    if plan.preview.lines.is_empty() {
        return Err(AppError::field("quantities", "change a quantity, remove a line (quantity 0) or add one"));
    }
    if plan.new_lines.is_empty() {
        return Err(AppError::field("quantities", "a contract keeps at least one line: cancel it instead"));
    }
    let total = |lines: &[PricedLine]| crate::model::lines::try_totals(c, lines).map_err(AppError::from);
    plan.preview.invoice_total = total(&plan.charge)?.total.to_string();
    plan.preview.credit_total = total(&plan.credit)?.total.to_string();
    plan.preview.new_lines_total = total(&plan.new_lines)?.total.to_string();
    Ok(plan)
}

/// What the change would write: each line's quantity and term price before and after, its
/// prorated amount, and the invoice and credit note totals. Writes nothing.
pub async fn preview(
    pool: &db::Pool,
    actor: &Actor,
    id: i64,
    form: &ChangeForm,
    added: &[LineForm],
) -> Result<ChangePreviewDto, AppError> {
    actor.require(crate::model::permissions::Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(pool).await?;
    let row = db::contracts::by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let p = plan(&mut tx, actor, &row, form, added).await?.preview;
    drop(tx); // nothing was written: dropping rolls the read back
    Ok(p)
}

/// The covered lines (the next term's) after the change: the changed lines requantified where the
/// covered lines still have them (same product and description), the added ones appended.
fn covered_after(c: Currency, covered: &[db::lines::LineRow], plan: &Plan) -> Vec<PricedLine> {
    let mut out: Vec<PricedLine> = vec![];
    for l in covered {
        let key = (l.product_id, l.description.clone());
        let q = plan.requantified.iter().find(|(k, _)| *k == key).map(|(_, q)| *q);
        let q = q.unwrap_or_else(|| service::lines::input_of(c, l).quantity);
        if !q.is_zero() {
            out.push(PricedLine { source_line_id: None, ..service::lines::requantify(c, l, q) });
        }
    }
    out.extend(plan.added.iter().cloned());
    out
}

/// Applies the change in one transaction: the prorated invoice (draft, or issued and emailed as
/// the renewal setting says) and credit note against the term's last invoice, the term's new lines
/// and amount, the covered lines, the change's row and the timeline.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    id: i64,
    form: &ChangeForm,
    added: &[LineForm],
) -> Result<ContractDto, AppError> {
    actor.require(crate::model::permissions::Permission::EditOwnContracts)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    let plan = plan(&mut tx, actor, &row, form, added).await?;
    let c = row.currency;
    let minor = |v| c.to_minor(v).map_err(|m| AppError::field("lines", m));
    let p = plan.proration;
    let when = format!("from {} ({})", p.effective, p.days_text());
    let issue = db::contracts::settings::get(&mut *tx).await?.contract_invoice_mode == "issue";
    let mut billed = billing::Billed { invoices: vec![], issued: issue };
    let mut moved = (0, 0, 0);
    let mut done = vec![];
    let invoice_id = if plan.charge.is_empty() {
        None
    } else {
        let notes = format!("{} · {} · term {}: change {when}", row.number, row.title, plan.term.number);
        let (iid, what, total) =
            billing::write_invoice(&mut tx, Some(actor), &row, &plan.charge, &notes, issue).await?;
        let t = totals(c, &plan.charge);
        moved = (minor(t.subtotal)?, minor(t.tax_total)?, total);
        billed.invoices.push(iid);
        done.push(format!("{what} · {}", c.format(t.total)));
        Some(iid)
    };
    let credit_note_id = if plan.credit.is_empty() {
        None
    } else {
        let invoice = plan.last_invoice.ok_or(AppError::NotFound)?;
        let inv = db::invoices::get_locked(&mut tx, invoice).await?;
        if inv.status() == crate::model::invoice::InvoiceStatus::Draft {
            return Err(AppError::invalid_transition(format!(
                "term {}'s invoice is still a draft: issue it first — the change's credit note credits it",
                plan.term.number
            )));
        }
        credit_notes::creditable(&inv)?;
        let reason = format!("{} · term {}: change {when}", row.number, plan.term.number);
        let cn = credit_notes::write(&mut tx, actor, &inv, &reason, &plan.credit).await?;
        let t = totals(c, &plan.credit);
        moved = (moved.0 - minor(t.subtotal)?, moved.1 - minor(t.tax_total)?, moved.2 - minor(t.total)?);
        done.push(format!("credit note · {}", c.format(t.total)));
        Some(cn)
    };
    let (term_lines, _) = service::lines::stored(c, &plan.new_lines)?;
    db::contracts::terms::LINES.replace(&mut tx, plan.term.id, &term_lines).await?;
    let covered = db::contracts::LINES.lines(&mut *tx, id).await?;
    let (covered, t) = service::lines::stored(c, &covered_after(c, &covered, &plan))?;
    db::contracts::LINES.replace(&mut tx, id, &covered).await?;
    db::contracts::set_totals(&mut tx, id, (minor(t.subtotal)?, minor(t.tax_total)?, minor(t.total)?)).await?;
    db::contracts::changes::add_to_term(&mut tx, plan.term.id, moved).await?;
    let lines: Vec<String> = plan
        .preview
        .lines
        .iter()
        .map(|l| format!("{} {} → {}", l.description, l.quantity_before, l.quantity_after))
        .collect();
    let summary = format!(
        "{}; {} {when}{}",
        lines.join(", "),
        if moved.2 >= 0 { "charged" } else { "credited" },
        if done.is_empty() { " — nothing to invoice now".to_string() } else { format!(": {}", done.join(", ")) }
    );
    let change = db::contracts::changes::NewChange {
        contract_id: id,
        term_id: plan.term.id,
        effective_date: p.effective,
        remaining_days: p.remaining_days,
        term_days: p.term_days,
        net_minor: moved.0,
        invoice_id,
        credit_note_id,
        summary: &summary,
        created_by: actor.id,
    };
    db::contracts::changes::insert(&mut tx, &change).await?;
    timeline::record(&mut tx, Some(actor), ENTITY, id, "changed", None, Some(&summary)).await?;
    let row = db::contracts::get_locked(&mut tx, id).await?;
    db::commit(tx).await?;
    billing::send_issued(state, Some(actor), id, &billed).await?;
    Ok(super::dto(&row, today()))
}
