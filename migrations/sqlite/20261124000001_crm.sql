-- Core CRM records: tax rates, company settings, accounts, contacts, products, opportunities.
-- Keep in step with ../postgres/. Money is integer minor units; rates, quantities and discounts
-- are exact decimal TEXT. `name_key` is the lower-cased name that sorting and keyset pages use.
CREATE TABLE tax_rates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    rate TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tax_rates_name_lower ON tax_rates (lower(name));

CREATE TABLE company_settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    company_name TEXT NOT NULL,
    address TEXT NOT NULL,
    tax_id TEXT NOT NULL,
    bank_account_name TEXT NOT NULL,
    iban TEXT NOT NULL,
    bic TEXT NOT NULL,
    default_currency TEXT NOT NULL,
    default_payment_terms_days BIGINT NOT NULL,
    default_tax_rate_id BIGINT REFERENCES tax_rates (id),
    invoice_footer TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO company_settings VALUES
    (1, 'Your Company Ltd', '', '', '', '', '', 'EUR', 30, NULL, '', '2026-11-24T00:00:00+00:00');

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    tax_id TEXT NOT NULL,
    billing_address TEXT NOT NULL,
    shipping_address TEXT NOT NULL,
    invoice_email TEXT NOT NULL,
    phone TEXT NOT NULL,
    currency TEXT NOT NULL,
    payment_terms_days BIGINT NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    tags TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX accounts_name ON accounts (name_key, id);
CREATE INDEX accounts_created ON accounts (created_at, id);
CREATE INDEX accounts_owner_name ON accounts (owner_id, name_key, id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    job_title TEXT NOT NULL,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_account ON contacts (account_id, id);
CREATE UNIQUE INDEX contacts_one_primary ON contacts (account_id) WHERE is_primary;

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('goods', 'service', 'subscription')),
    unit TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    currency TEXT NOT NULL,
    tax_rate_id BIGINT NOT NULL REFERENCES tax_rates (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX products_sku_lower ON products (lower(sku));
CREATE INDEX products_name ON products (name_key, id);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    stage TEXT NOT NULL CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    probability BIGINT NOT NULL CHECK (probability BETWEEN 0 AND 100),
    expected_close_date TEXT,
    lost_reason TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opportunities_name ON opportunities (name_key, id);
CREATE INDEX opportunities_created ON opportunities (created_at, id);
CREATE INDEX opportunities_account ON opportunities (account_id, created_at, id);
CREATE INDEX opportunities_owner_stage ON opportunities (owner_id, stage);
CREATE INDEX opportunities_stage ON opportunities (stage, created_at, id);

CREATE TABLE opportunity_lines (
    id INTEGER PRIMARY KEY,
    opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id BIGINT REFERENCES products (id),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    discount_percent TEXT NOT NULL,
    tax_rate_id BIGINT REFERENCES tax_rates (id),
    tax_rate_percent TEXT NOT NULL,
    net_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL
);
CREATE INDEX opportunity_lines_opportunity ON opportunity_lines (opportunity_id, position);
