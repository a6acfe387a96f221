-- Support tickets: the ticket (with the SLA targets in force and the clocks computed from its status
-- history), that history, the conversation (public replies and internal notes), customer links,
-- the SLA policy per priority, the company calendar (hours in company_settings, a holiday list) and
-- support users' availability for automatic assignment. Keep in step with ../postgres/.
UPDATE document_series SET prefix = 'TCK' WHERE series = 'ticket';

ALTER TABLE users ADD COLUMN available BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN away_from TEXT;
ALTER TABLE users ADD COLUMN away_until TEXT;

ALTER TABLE company_settings ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE company_settings ADD COLUMN work_days TEXT NOT NULL DEFAULT '1,2,3,4,5';
ALTER TABLE company_settings ADD COLUMN work_start TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE company_settings ADD COLUMN work_end TEXT NOT NULL DEFAULT '17:00';
ALTER TABLE company_settings ADD COLUMN ticket_assignment TEXT NOT NULL DEFAULT 'fewest_open'
    CHECK (ticket_assignment IN ('round_robin', 'fewest_open', 'manual'));
-- Round robin's cursor: the support user who got the last automatic assignment.
ALTER TABLE company_settings ADD COLUMN ticket_last_assignee_id BIGINT REFERENCES users (id);
ALTER TABLE company_settings ADD COLUMN ticket_auto_close_days BIGINT NOT NULL DEFAULT 7
    CHECK (ticket_auto_close_days BETWEEN 1 AND 365);
ALTER TABLE company_settings ADD COLUMN ticket_link_days BIGINT NOT NULL DEFAULT 90
    CHECK (ticket_link_days BETWEEN 1 AND 3650);

CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE sla_policies (
    priority TEXT PRIMARY KEY CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    first_response_minutes BIGINT NOT NULL CHECK (first_response_minutes BETWEEN 1 AND 525600),
    resolution_minutes BIGINT NOT NULL CHECK (resolution_minutes BETWEEN 1 AND 525600),
    -- A 24×7 policy counts wall-clock time instead of the company's business hours.
    all_day BOOLEAN NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes, all_day, updated_at) VALUES
    ('urgent', 60, 480, TRUE, '2026-12-02T00:00:00+00:00'),
    ('high', 240, 960, FALSE, '2026-12-02T00:00:00+00:00'),
    ('medium', 480, 2400, FALSE, '2026-12-02T00:00:00+00:00'),
    ('low', 960, 4800, FALSE, '2026-12-02T00:00:00+00:00');

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'resolved', 'closed')),
    -- Open, in progress or waiting: what the queues show (kept with the status).
    is_open BOOLEAN NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'customer_link', 'api')),
    invoice_id BIGINT REFERENCES invoices (id),
    sales_order_id BIGINT REFERENCES sales_orders (id),
    product_id BIGINT REFERENCES products (id),
    -- The contract that covers it (renewals/AMC); no foreign key until that table exists.
    contract_id BIGINT,
    follow_up_of BIGINT REFERENCES tickets (id),
    merged_into BIGINT REFERENCES tickets (id),
    assignee_id BIGINT REFERENCES users (id),
    created_by BIGINT REFERENCES users (id),
    resolution_note TEXT,
    -- The policy in force, copied at creation and when the priority changes.
    sla_first_response_minutes BIGINT NOT NULL,
    sla_resolution_minutes BIGINT NOT NULL,
    sla_all_day BOOLEAN NOT NULL,
    -- Computed by model::sla::compute from the status history at every change; never edited.
    first_response_due_at TEXT,
    resolution_due_at TEXT,
    sla_due_at TEXT,
    sla_at_risk_at TEXT,
    sla_breached BOOLEAN NOT NULL DEFAULT FALSE,
    -- The due time as fixed-width UTC text ('9999-…' when no clock runs): the queues' keyset key.
    queue_key TEXT NOT NULL,
    first_response_breach_marked BOOLEAN NOT NULL DEFAULT FALSE,
    resolution_breach_marked BOOLEAN NOT NULL DEFAULT FALSE,
    first_responded_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    last_customer_reply_at TEXT,
    rating BIGINT CHECK (rating BETWEEN 1 AND 5),
    rating_comment TEXT,
    rated_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tickets_queue ON tickets (is_open, queue_key, id);
CREATE INDEX tickets_assignee_queue ON tickets (assignee_id, is_open, queue_key, id);
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_account ON tickets (account_id, id);
CREATE INDEX tickets_invoice ON tickets (invoice_id);
CREATE INDEX tickets_resolved ON tickets (status, resolved_at);

CREATE TABLE ticket_status_changes (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'resolved', 'closed')),
    at TEXT NOT NULL
);
CREATE INDEX ticket_status_changes_ticket ON ticket_status_changes (ticket_id, at, id);

CREATE TABLE ticket_comments (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    -- Public replies reach the customer; internal notes never leave the company.
    public BOOLEAN NOT NULL,
    -- An employee's comment has a user; a customer's (link or email) has a name and address.
    author_user_id BIGINT REFERENCES users (id),
    author_contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    body TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('web', 'email', 'customer_link', 'api')),
    -- Set when a merge moved the comment here from a duplicate.
    moved_from BIGINT REFERENCES tickets (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, id);

CREATE TABLE ticket_links (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_viewed_at TEXT
);
CREATE INDEX ticket_links_ticket ON ticket_links (ticket_id, id);
