-- Renewals / AMC contracts: the contract (its covered lines are the next term's lines), one row
-- per term with that term's lines and prices, the invoices of each billing period (claimed once
-- per period by the unique key, so a renewal that runs twice invoices once), and the company's
-- renewal settings. Keep in step with ../postgres/.
ALTER TABLE company_settings ADD COLUMN contract_invoice_mode TEXT NOT NULL DEFAULT 'draft'
    CHECK (contract_invoice_mode IN ('draft', 'issue'));
ALTER TABLE company_settings ADD COLUMN contract_grace_days BIGINT NOT NULL DEFAULT 30
    CHECK (contract_grace_days BETWEEN 0 AND 365);
-- The price index an admin enters for index-linked uplifts (e.g. a consumer price index).
ALTER TABLE company_settings ADD COLUMN price_index_name TEXT NOT NULL DEFAULT '';
ALTER TABLE company_settings ADD COLUMN price_index_value TEXT;
-- Renewal reminders: days before a term's end (and always at the notice deadline).
ALTER TABLE company_settings ADD COLUMN contract_reminder_days TEXT NOT NULL DEFAULT '90,60,30';

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    currency TEXT NOT NULL,
    term_months BIGINT NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    billing TEXT NOT NULL CHECK (billing IN ('per_term', 'quarterly', 'monthly')),
    -- The first term's start: every term's dates follow from it (model::contract_terms).
    start_date TEXT NOT NULL,
    -- Billing periods starting before this day were invoiced elsewhere (a contract entered with its history).
    bill_from TEXT NOT NULL,
    auto_renew BOOLEAN NOT NULL,
    notice_days BIGINT NOT NULL CHECK (notice_days BETWEEN 0 AND 3650),
    uplift_kind TEXT NOT NULL CHECK (uplift_kind IN ('none', 'percent', 'index')),
    uplift_percent TEXT,
    uplift_cap TEXT,
    uplift_floor TEXT,
    -- The index value the current prices were set at (index-linked uplift).
    uplift_index_base TEXT,
    sla_tier TEXT CHECK (sla_tier IN ('low', 'medium', 'high', 'urgent')),
    sales_order_id BIGINT REFERENCES sales_orders (id),
    opportunity_id BIGINT REFERENCES opportunities (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'expired', 'cancelled')),
    -- The last term's number and end (inclusive), kept with the terms.
    term_number BIGINT NOT NULL,
    end_date TEXT NOT NULL,
    -- The last day notice of non-renewal can be given for the last term: end − notice days.
    notice_date TEXT NOT NULL,
    -- The start of the next billing period still to invoice (NULL: none until the next renewal).
    next_bill_date TEXT,
    cancel_reason TEXT,
    -- A cancellation at the term's end: the day it takes effect (the contract stays active until then).
    cancel_at TEXT,
    cancelled_at TEXT,
    notes TEXT NOT NULL,
    -- The covered lines' totals: what the next term costs before uplift.
    subtotal_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contracts_account ON contracts (account_id, id);
-- A renewal opportunity names the lapsed contract it would revive.
ALTER TABLE opportunities ADD COLUMN contract_id BIGINT REFERENCES contracts (id);
CREATE INDEX contracts_owner ON contracts (owner_id, id);
CREATE INDEX contracts_status ON contracts (status, id);
CREATE INDEX contracts_end ON contracts (status, end_date, id);
CREATE INDEX contracts_order ON contracts (sales_order_id);
CREATE INDEX contracts_billing ON contracts (next_bill_date);
CREATE INDEX contracts_starting ON contracts (status, start_date);

CREATE TABLE contract_lines (
    id INTEGER PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id BIGINT REFERENCES products (id),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    discount_percent TEXT NOT NULL,
    tax_rate_id BIGINT REFERENCES tax_rates (id),
    tax_rate_percent TEXT NOT NULL,
    net_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL
);
CREATE INDEX contract_lines_contract ON contract_lines (contract_id, position);

CREATE TABLE contract_terms (
    id INTEGER PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    number BIGINT NOT NULL CHECK (number >= 1),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    -- The uplift applied to the previous term's prices ('0' for the first term).
    uplift_percent TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    -- How it ended: NULL while it runs or is still to come.
    outcome TEXT CHECK (outcome IN ('renewed', 'expired', 'cancelled')),
    -- How it came: activation, entered history, renewal by hand, by the customer, or automatic.
    origin TEXT NOT NULL CHECK (origin IN ('activation', 'history', 'manual', 'customer', 'auto')),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    -- One term per number: the claim that makes a renewal happen exactly once.
    UNIQUE (contract_id, number)
);

CREATE TABLE contract_term_lines (
    id INTEGER PRIMARY KEY,
    term_id BIGINT NOT NULL REFERENCES contract_terms (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id BIGINT REFERENCES products (id),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    discount_percent TEXT NOT NULL,
    tax_rate_id BIGINT REFERENCES tax_rates (id),
    tax_rate_percent TEXT NOT NULL,
    net_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL
);
CREATE INDEX contract_term_lines_term ON contract_term_lines (term_id, position);

-- The invoice of each billing period of a term (1 per term, 4 quarterly a year, 12 monthly).
CREATE TABLE contract_invoices (
    term_id BIGINT NOT NULL REFERENCES contract_terms (id) ON DELETE CASCADE,
    period BIGINT NOT NULL CHECK (period >= 1),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    PRIMARY KEY (term_id, period)
);
CREATE INDEX contract_invoices_invoice ON contract_invoices (invoice_id);

-- Customer links to a contract's renewal (`/c/{token}`): accept or decline, no account needed.
CREATE TABLE contract_links (
    id INTEGER PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_viewed_at TEXT
);
CREATE INDEX contract_links_contract ON contract_links (contract_id, id);

-- Each renewal reminder of a term, claimed once (several instances, a job run twice): `step` is
-- the days before the end, or 'notice' for the notice deadline. A reminder the job found already
-- overtaken by a later one (after downtime) is claimed as skipped, not sent.
CREATE TABLE contract_reminders (
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    term_number BIGINT NOT NULL,
    step TEXT NOT NULL,
    skipped BOOLEAN NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, term_number, step)
);
