//! Bank accounts and their statements: the CSV layout saved per bank account, uploading a
//! statement (checked in full, then staged for its preview), importing it (lines seen before are
//! skipped) and the reconciliation report.
use super::statement_csv;
use super::{lines, matching};
use crate::error::AppError;
use crate::model::bank::{
    BankAccountDto, BankAccountForm, BankAccountInput, CsvLayout, DateFormat, LineError, ParsedLine, PreviewLine,
    ReconcileReport, StatementDto, StatementEvent, StatementPreview, StatementStatus,
};
use crate::model::list::Position;
use crate::model::money::Currency;
use crate::model::permissions::Permission;
use crate::model::validate::FieldErrors;
use crate::server::auth::Actor;
use crate::server::db::{self, bank::BankAccountRow, bank::StatementRow, Pool};

/// Lines a preview shows; the rest are counted.
const PREVIEW_ROWS: usize = 200;

impl BankAccountRow {
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn form(&self) -> BankAccountForm {
        BankAccountForm {
            name: self.name.clone(),
            currency: self.currency.to_string(),
            iban: self.iban.clone(),
            date_column: self.date_column.clone(),
            amount_column: self.amount_column.clone(),
            debit_column: self.debit_column.clone(),
            credit_column: self.credit_column.clone(),
            description_column: self.description_column.clone(),
            counterparty_column: self.counterparty_column.clone(),
            reference_column: self.reference_column.clone(),
            date_format: self.date_format.clone(),
            decimal_comma: if self.decimal_comma { "true".into() } else { String::new() },
            delimiter: self.delimiter.clone(),
        }
    }
    /// The stored layout (checked when it was saved).
    pub fn layout(&self) -> Result<CsvLayout, AppError> {
        BankAccountInput::parse(&self.form()).map(|i| i.layout).map_err(AppError::from)
    }
    pub fn to_dto(&self) -> BankAccountDto {
        BankAccountDto {
            id: self.id,
            name: self.name.clone(),
            currency: self.currency.to_string(),
            iban: self.iban.clone(),
            form: self.form(),
            unmatched_lines: self.unmatched_lines,
        }
    }
}

impl StatementRow {
    pub fn to_dto(&self) -> StatementDto {
        StatementDto {
            id: self.id,
            bank_account_id: self.bank_account_id,
            bank_account_name: self.bank_account_name.clone(),
            file_name: self.file_name.clone(),
            status: self.status,
            line_count: self.line_count,
            skipped_count: self.skipped_count,
            unmatched_count: self.unmatched_count,
            created_at: self.created_at,
            imported_at: self.imported_at,
        }
    }
}

pub async fn bank_accounts(pool: &Pool, actor: &Actor) -> Result<Vec<BankAccountDto>, AppError> {
    actor.require(Permission::ViewPayments)?;
    Ok(db::bank::accounts(pool).await?.iter().map(BankAccountRow::to_dto).collect())
}

pub async fn bank_account(pool: &Pool, actor: &Actor, id: i64) -> Result<BankAccountRow, AppError> {
    actor.require(Permission::ViewPayments)?;
    db::bank::account_by_id(pool, id).await?.ok_or(AppError::NotFound)
}

/// Creates (`id` None) or updates a bank account with its statement layout.
pub async fn save_bank_account(
    pool: &Pool,
    actor: &Actor,
    id: Option<i64>,
    form: &BankAccountForm,
) -> Result<BankAccountDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let input = BankAccountInput::parse(form)?;
    let mut tx = db::begin_write(pool).await?;
    if let Some(id) = id {
        db::bank::get_locked_account(&mut tx, id).await?;
    }
    let id = match db::bank::save_account(&mut tx, id, &input).await {
        Ok(id) => id,
        Err(e) if db::is_unique_violation(&e) => {
            return Err(AppError::field("name", "another bank account has this name"))
        }
        Err(e) => return Err(e.into()),
    };
    let row = db::bank::get_locked_account(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

/// File problems as field errors: `file` carries "line N: …" messages, in file order.
pub fn file_errors(errors: &[LineError]) -> AppError {
    let mut e = FieldErrors::default();
    for le in errors {
        match le.line {
            0 => e.add("file", le.message.clone()),
            n => e.add("file", format!("line {n}: {}", le.message)),
        }
    }
    AppError::Validation { fields: e }
}

/// Checks a statement file against the bank account's layout and keeps it for its preview.
/// A file with any problem is refused whole, each problem naming its line.
pub async fn stage(
    pool: &Pool,
    actor: &Actor,
    bank_account_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<StatementDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let bank = db::bank::account_by_id(pool, bank_account_id).await?.ok_or(AppError::NotFound)?;
    statement_csv::check_size(bytes.len()).map_err(|e| file_errors(&e))?;
    let text = statement_csv::decode(bytes);
    statement_csv::parse(&text, &bank.layout()?, bank.currency()).map_err(|e| file_errors(&e))?;
    let name = match file_name.trim() {
        "" => "statement.csv".to_string(),
        n => n.chars().take(200).collect(),
    };
    let mut tx = db::begin_write(pool).await?;
    let id = db::bank::insert_statement(&mut tx, bank.id, &name, &text, actor.id).await?;
    let row = db::bank::get_locked_statement(&mut tx, id).await?;
    db::commit(tx).await?;
    Ok(row.to_dto())
}

async fn statement_row(pool: &Pool, id: i64) -> Result<StatementRow, AppError> {
    db::bank::statement_by_id(pool, id).await?.ok_or(AppError::NotFound)
}

/// A staged statement's lines as they will be imported, with those imported before marked.
pub async fn preview(pool: &Pool, actor: &Actor, id: i64) -> Result<StatementPreview, AppError> {
    actor.require(Permission::ViewPayments)?;
    let s = statement_row(pool, id).await?;
    let bank = db::bank::account_by_id(pool, s.bank_account_id).await?.ok_or(AppError::NotFound)?;
    let c = bank.currency();
    let layout = bank.layout()?;
    let (lines, errors) = match s.content.as_deref().map(|t| statement_csv::parse(t, &layout, c)) {
        Some(Ok(lines)) => (lines, vec![]),
        Some(Err(errors)) => (vec![], errors),
        None => (vec![], vec![]),
    };
    let mut tx = db::begin_write(pool).await?;
    let known = known(&mut tx, bank.id, &lines).await?;
    tx.rollback().await?;
    let duplicate_count = lines.iter().filter(|l| known.contains(&l.fingerprint)).count() as i64;
    Ok(StatementPreview {
        total: lines.len() as i64,
        new_count: lines.len() as i64 - duplicate_count,
        duplicate_count,
        lines: lines
            .iter()
            .take(PREVIEW_ROWS)
            .map(|l| PreviewLine {
                line_no: l.line_no,
                booked_on: l.booked_on,
                amount_label: c.format(c.from_minor(l.amount_minor)),
                description: l.description.clone(),
                counterparty: l.counterparty.clone(),
                reference: l.reference.clone(),
                duplicate: known.contains(&l.fingerprint),
            })
            .collect(),
        errors,
        statement: s.to_dto(),
    })
}

async fn known(
    tx: &mut db::Tx,
    bank_account_id: i64,
    lines: &[ParsedLine],
) -> Result<std::collections::HashSet<String>, AppError> {
    let prints: Vec<&str> = lines.iter().map(|l| l.fingerprint.as_str()).collect();
    Ok(db::bank::known_fingerprints(tx, bank_account_id, &prints).await?)
}

/// Imports a staged statement: its new lines in one transaction (lines imported before are
/// skipped), then finds each new line's candidates.
pub async fn import(pool: &Pool, actor: &Actor, id: i64) -> Result<StatementDto, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let s = db::bank::get_locked_statement(&mut tx, id).await?;
    s.status.transition(StatementEvent::Import).map_err(AppError::invalid_transition)?;
    let bank = db::bank::account_by_id(&mut *tx, s.bank_account_id).await?.ok_or(AppError::NotFound)?;
    let lines = statement_csv::parse(s.content.as_deref().unwrap_or_default(), &bank.layout()?, bank.currency())
        .map_err(|e| file_errors(&e))?;
    let known = known(&mut tx, bank.id, &lines).await?;
    let fresh: Vec<&ParsedLine> = lines.iter().filter(|l| !known.contains(&l.fingerprint)).collect();
    db::bank::insert_lines(&mut tx, bank.id, id, &fresh).await?;
    db::bank::mark_imported(&mut tx, id, fresh.len() as i64, (lines.len() - fresh.len()) as i64).await?;
    db::commit(tx).await?;
    matching::rematch(pool, actor, id).await?;
    Ok(statement_row(pool, id).await?.to_dto())
}

/// Drops a staged statement (nothing of it was imported).
pub async fn discard(pool: &Pool, actor: &Actor, id: i64) -> Result<i64, AppError> {
    actor.require(Permission::ManagePayments)?;
    let mut tx = db::begin_write(pool).await?;
    let s = db::bank::get_locked_statement(&mut tx, id).await?;
    s.status.transition(StatementEvent::Discard).map_err(AppError::invalid_transition)?;
    if !db::bank::delete_staged(&mut tx, id).await? {
        // Imported since it was read: the SQL condition decides, the machine words the refusal.
        let refused = StatementStatus::Imported.transition(StatementEvent::Discard).unwrap_err();
        return Err(AppError::invalid_transition(refused));
    }
    db::commit(tx).await?;
    Ok(s.bank_account_id)
}

pub async fn statement(pool: &Pool, actor: &Actor, id: i64) -> Result<StatementDto, AppError> {
    actor.require(Permission::ViewPayments)?;
    Ok(statement_row(pool, id).await?.to_dto())
}

/// Unreconciled lines and payments of a bank account and what separates them.
pub async fn report(pool: &Pool, actor: &Actor, bank_account_id: i64) -> Result<ReconcileReport, AppError> {
    actor.require(Permission::ViewPayments)?;
    let bank = db::bank::account_by_id(pool, bank_account_id).await?.ok_or(AppError::NotFound)?;
    let c = bank.currency();
    let (lines, line_count, line_sum) = db::bank::unmatched_lines(pool, bank.id, 50).await?;
    let (payment_count, payment_sum) = db::bank::unreconciled_payment_totals(pool, bank.currency.code()).await?;
    let filter = db::payments::Filter {
        statuses: vec!["completed", "partially_refunded", "refunded"],
        reconciled: Some(false),
        ..Default::default()
    };
    let payments = db::payments::page(pool, &filter, &Position::First, 50)
        .await?
        .into_iter()
        .filter(|p| p.currency == bank.currency)
        .map(|p| p.to_dto())
        .collect();
    let m = |v: i64| c.format(c.from_minor(v));
    Ok(ReconcileReport {
        unmatched_lines: line_count,
        unmatched_lines_total: m(line_sum),
        unreconciled_payments: payment_count,
        unreconciled_payments_total: m(payment_sum),
        difference: m(line_sum - payment_sum),
        lines: lines::line_dtos(pool, &lines).await?,
        payments,
        statements: db::bank::statements_of_account(pool, bank.id, 20)
            .await?
            .iter()
            .map(StatementRow::to_dto)
            .collect(),
        bank_account: bank.to_dto(),
    })
}

/// The layout a new bank account starts from (ISO dates, one signed amount column).
pub fn default_form() -> BankAccountForm {
    BankAccountForm {
        currency: "EUR".into(),
        date_column: "Date".into(),
        amount_column: "Amount".into(),
        description_column: "Description".into(),
        counterparty_column: "Counterparty".into(),
        reference_column: "Reference".into(),
        date_format: DateFormat::Iso.pattern().into(),
        delimiter: ",".into(),
        ..Default::default()
    }
}
