-- Platform: users, API tokens, login throttling, numbering, timeline, outbox, jobs, idempotency.
-- Keep in step with ../postgres/ (tests/schema_parity.rs compares tables and columns).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'sales', 'finance', 'support')),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
CREATE INDEX users_created ON users (created_at, id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email_lower TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email_lower, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE document_series (
    series TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    padding BIGINT NOT NULL CHECK (padding BETWEEN 1 AND 12)
);
INSERT INTO document_series (series, prefix, padding) VALUES
    ('sales_order', 'SO', 6), ('invoice', 'INV', 6), ('credit_note', 'CN', 6),
    ('payment', 'PAY', 6), ('receipt', 'RCPT', 6), ('ticket', 'TKT', 6), ('contract', 'AMC', 6);

CREATE TABLE document_counters (
    series TEXT NOT NULL REFERENCES document_series (series),
    year BIGINT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (series, year)
);

CREATE TABLE timeline_events (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    note TEXT,
    at TEXT NOT NULL
);
CREATE INDEX timeline_entity ON timeline_events (entity, entity_id, at, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'held')),
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_status ON outbox (status, id);
CREATE INDEX outbox_created ON outbox (created_at, id);

CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    holder TEXT,
    lease_until TEXT,
    last_started_at TEXT,
    last_finished_at TEXT
);

CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    holder TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    ok BOOLEAN,
    message TEXT
);
CREATE INDEX job_runs_job ON job_runs (job, started_at);

CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code BIGINT,
    response_body TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
