-- Bank reconciliation: bank accounts with their statement CSV layout, statements (staged for a
-- preview, then imported), statement lines with their scored candidates, and the payments each
-- line was matched to. Keep in step with ../postgres/. Money is integer minor units.
CREATE TABLE bank_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    iban TEXT NOT NULL,
    date_column TEXT NOT NULL,
    amount_column TEXT NOT NULL,
    debit_column TEXT NOT NULL,
    credit_column TEXT NOT NULL,
    description_column TEXT NOT NULL,
    counterparty_column TEXT NOT NULL,
    reference_column TEXT NOT NULL,
    date_format TEXT NOT NULL,
    decimal_comma BOOLEAN NOT NULL,
    delimiter TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE bank_statements (
    id INTEGER PRIMARY KEY,
    bank_account_id BIGINT NOT NULL REFERENCES bank_accounts (id),
    file_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('staged', 'imported')),
    content TEXT,
    line_count BIGINT NOT NULL DEFAULT 0,
    skipped_count BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    imported_at TEXT
);
CREATE INDEX bank_statements_account ON bank_statements (bank_account_id, id);

CREATE TABLE bank_statement_lines (
    id INTEGER PRIMARY KEY,
    bank_account_id BIGINT NOT NULL REFERENCES bank_accounts (id),
    statement_id BIGINT NOT NULL REFERENCES bank_statements (id),
    line_no BIGINT NOT NULL,
    booked_on TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    description TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    reference TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unmatched', 'reconciled', 'ignored')),
    ignore_reason TEXT,
    resolved_by BIGINT REFERENCES users (id),
    resolved_at TEXT,
    UNIQUE (bank_account_id, fingerprint)
);
CREATE INDEX bank_statement_lines_statement ON bank_statement_lines (statement_id, id);
CREATE INDEX bank_statement_lines_status ON bank_statement_lines (bank_account_id, status, id);

-- The best candidates found for a line when it was imported or re-matched, best first.
CREATE TABLE bank_line_candidates (
    line_id BIGINT NOT NULL REFERENCES bank_statement_lines (id),
    rank BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'invoice')),
    target_id BIGINT NOT NULL,
    score BIGINT NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (line_id, rank)
);

CREATE TABLE bank_line_payments (
    line_id BIGINT NOT NULL REFERENCES bank_statement_lines (id),
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (line_id, payment_id)
);
CREATE INDEX bank_line_payments_payment ON bank_line_payments (payment_id);
-- Matching looks invoices up by what is left to pay.
CREATE INDEX invoices_balance ON invoices (balance_minor, id);
