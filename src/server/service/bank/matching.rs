//! Finding statement lines' candidates: load what is open in the statement's currency into the
//! matcher's indexes, score every unmatched line, store the best three of each.
use super::matcher::{Line, Matcher, Target};
use crate::error::AppError;
use crate::model::bank::{CandidateKind, LineStatus};
use crate::model::permissions::Permission;
use crate::server::auth::Actor;
use crate::server::db::{self, bank::LineRow, Pool};

/// Candidates kept per line.
pub const KEEP: usize = 3;

/// Loads what lines of `currency` may match: open invoices and unreconciled payments.
pub async fn load_matcher(pool: &Pool, currency: &str) -> Result<Matcher, AppError> {
    // Both reads at once: on SQLite each runs on its own connection's worker thread.
    let (invoices, payments) = tokio::try_join!(
        db::bank::open_invoice_targets(pool, currency),
        db::bank::unreconciled_payment_targets(pool, currency)
    )?;
    let mut targets: Vec<Target> = invoices
        .into_iter()
        .map(|i| Target {
            kind: CandidateKind::Invoice,
            id: i.id,
            number: i.number,
            account_id: i.account_id,
            account_name: i.account_name,
            amount_minor: i.balance_minor,
            date: i.issue_date,
            due: i.due_date,
            refs: vec![],
        })
        .collect();
    targets.extend(payments.into_iter().map(|p| {
        Target {
            kind: CandidateKind::Payment,
            id: p.id,
            number: p.number,
            account_id: p.account_id,
            account_name: p.account_name,
            amount_minor: p.amount_minor,
            date: p.received_on,
            due: None,
            refs: [p.transfer_reference, p.cheque_number, p.card_reference, p.reference]
                .into_iter()
                .filter(|r| !r.trim().is_empty())
                .collect(),
        }
    }));
    Ok(Matcher::new(targets))
}

/// Scores a statement's unmatched lines against everything open and stores the best candidates.
/// Returns how many lines got a suggestion.
pub async fn rematch(pool: &Pool, actor: &Actor, statement_id: i64) -> Result<usize, AppError> {
    actor.require(Permission::ManagePayments)?;
    let s = db::bank::statement_by_id(pool, statement_id).await?.ok_or(AppError::NotFound)?;
    let lines = db::bank::lines_of_statement(pool, statement_id, Some(LineStatus::Unmatched), i64::MAX).await?;
    let matcher = load_matcher(pool, s.currency.code()).await?;
    let (rows, suggested) = score_lines(&matcher, &lines);
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let mut tx = db::begin_write(pool).await?;
    db::bank::replace_candidates(&mut tx, &ids, &rows).await?;
    db::commit(tx).await?;
    Ok(suggested)
}

/// The best candidates of each line as rows to store, and how many lines have a suggestion.
pub fn score_lines(matcher: &Matcher, lines: &[LineRow]) -> (Vec<db::bank::NewCandidate>, usize) {
    let mut rows = vec![];
    let mut suggested = 0;
    for l in lines {
        let line = Line {
            amount_minor: l.amount_minor,
            booked_on: l.booked_on,
            description: &l.description,
            counterparty: &l.counterparty,
            reference: &l.reference,
        };
        let found = matcher.candidates(&line, KEEP);
        suggested += usize::from(Matcher::suggestion(&found).is_some());
        for (rank, c) in found.iter().enumerate() {
            let t = matcher.target(c.target);
            rows.push(db::bank::NewCandidate {
                line_id: l.id,
                rank: rank as i64,
                kind: t.kind.as_str(),
                target_id: t.id,
                score: i64::from(c.score),
                reasons: c.reasons.join("\n"),
            });
        }
    }
    (rows, suggested)
}
