//! Statement lines as people see them: with their stored candidates, the suggestion when one is
//! clear, and the payments they were reconciled with. Resolving them is `resolve`.
use super::matching::KEEP;
use crate::error::AppError;
use crate::model::bank::{CandidateDto, CandidateKind, LineStatus, StatementLineDto};
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, bank::LineRow, Pool};
use std::collections::BTreeMap;

/// A line's currency (its bank account's): a code that is not one is an error naming the line.
pub(super) fn currency_of(line: &LineRow) -> Result<Currency, AppError> {
    Currency::from_db(&line.currency, "bank statement line", line.id)
}

fn candidate_dto(c: &db::bank::CandidateRow) -> Result<CandidateDto, AppError> {
    let cur = Currency::from_db(&c.currency, "candidate of bank statement line", c.line_id)?;
    Ok(CandidateDto {
        kind: CandidateKind::from_db(&c.kind, "candidate of bank statement line", c.line_id)?,
        target_id: c.target_id,
        number: c.number.clone(),
        account_id: c.account_id,
        account_name: c.account_name.clone(),
        amount_label: cur.format(cur.from_minor(c.amount_minor)),
        score: c.score,
        reasons: c.reasons.lines().map(str::to_string).collect(),
    })
}

/// Lines as pages show them: with their suggestion (when clear) and reconciled payments.
pub async fn line_dtos(pool: &Pool, rows: &[LineRow]) -> Result<Vec<StatementLineDto>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut candidates: BTreeMap<i64, Vec<db::bank::CandidateRow>> = BTreeMap::new();
    for c in db::bank::candidates_of_lines(pool, &ids, 2).await? {
        candidates.entry(c.line_id).or_default().push(c);
    }
    let mut payments: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for (line, id, number) in db::bank::payments_of_lines(pool, &ids).await? {
        payments.entry(line).or_default().push((id, number));
    }
    rows.iter()
        .map(|r| {
            let status = r.status;
            let found = candidates.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let clear = match found {
                [best, next, ..] => best.score > next.score,
                [_] => true,
                [] => false,
            };
            let suggestion = found
                .first()
                .filter(|b| {
                    clear && status == LineStatus::Unmatched && b.score >= i64::from(super::matcher::SUGGEST_AT)
                })
                .map(candidate_dto)
                .transpose()?;
            line_dto(r, status, suggestion, payments.remove(&r.id).unwrap_or_default())
        })
        .collect()
}

fn line_dto(
    r: &LineRow,
    status: LineStatus,
    suggestion: Option<CandidateDto>,
    payments: Vec<(i64, String)>,
) -> Result<StatementLineDto, AppError> {
    let c = currency_of(r)?;
    Ok(StatementLineDto {
        id: r.id,
        statement_id: r.statement_id,
        bank_account_id: r.bank_account_id,
        line_no: r.line_no,
        booked_on: r.booked_on,
        amount: c.from_minor(r.amount_minor).to_string(),
        amount_label: c.format(c.from_minor(r.amount_minor)),
        currency: r.currency.clone(),
        description: r.description.clone(),
        counterparty: r.counterparty.clone(),
        reference: r.reference.clone(),
        status,
        ignore_reason: r.ignore_reason.clone(),
        suggestion,
        payments,
    })
}

/// A statement's lines (optionally of one status), in file order.
pub async fn lines(
    pool: &Pool,
    actor: &Actor,
    statement_id: i64,
    status: Option<LineStatus>,
    limit: i64,
) -> Result<Vec<StatementLineDto>, AppError> {
    actor.require(Permission::ViewPayments)?;
    db::bank::statement_by_id(pool, statement_id).await?.ok_or(AppError::NotFound)?;
    let rows = db::bank::lines_of_statement(pool, statement_id, status, limit).await?;
    line_dtos(pool, &rows).await
}

/// One line with all its stored candidates.
pub async fn line_detail(
    pool: &Pool,
    actor: &Actor,
    id: i64,
) -> Result<(StatementLineDto, Vec<CandidateDto>), AppError> {
    actor.require(Permission::ViewPayments)?;
    let row = db::bank::line_by_id(pool, id).await?.ok_or(AppError::NotFound)?;
    let dto = line_dtos(pool, std::slice::from_ref(&row)).await?.remove(0);
    let all = db::bank::candidates_of_lines(pool, &[id], KEEP as i64)
        .await?
        .iter()
        .map(candidate_dto)
        .collect::<Result<_, _>>()?;
    Ok((dto, all))
}
