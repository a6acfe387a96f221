-- Payments: numbered payments by method, allocated across the account's invoices (the rest is the
-- account's credit), refunds, receipts, and the one-time key of the record-payment form.
-- Keep in step with ../postgres/. Money is integer minor units.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    received_on TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'cheque')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'partially_refunded')),
    cheque_number TEXT NOT NULL,
    cheque_bank TEXT NOT NULL,
    cheque_date TEXT,
    card_reference TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    transfer_reference TEXT NOT NULL,
    reference TEXT NOT NULL,
    notes TEXT NOT NULL,
    allocated_minor BIGINT NOT NULL DEFAULT 0,
    refunded_minor BIGINT NOT NULL DEFAULT 0,
    receipt_number TEXT UNIQUE,
    failure_reason TEXT,
    reconciled BOOLEAN NOT NULL DEFAULT FALSE,
    form_key TEXT UNIQUE,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX payments_account ON payments (account_id, id);
CREATE INDEX payments_status ON payments (status, id);
CREATE INDEX payments_method ON payments (method, id);
CREATE INDEX payments_received ON payments (received_on, id);
CREATE INDEX payments_reconciled ON payments (reconciled, id);

CREATE TABLE payment_allocations (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX payment_allocations_payment ON payment_allocations (payment_id, id);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id, id);

CREATE TABLE payment_refunds (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    refunded_on TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, id);
