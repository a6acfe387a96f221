-- Invoices and credit notes: numbered when issued (drafts have none, so the series has no gaps),
-- lines like order lines (linked to the order line they invoice), balances kept in minor units,
-- customer links stored only as hashes, disputes, dunning steps sent at most once, and email
-- attachments in the outbox. Keep in step with ../postgres/.
ALTER TABLE company_settings ADD COLUMN invoice_quantities TEXT NOT NULL DEFAULT 'ordered';
ALTER TABLE company_settings ADD COLUMN reminder_schedule TEXT NOT NULL DEFAULT '-3,0,7,14';
ALTER TABLE company_settings ADD COLUMN invoice_link_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment BLOB;

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number TEXT UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    sales_order_id BIGINT REFERENCES sales_orders (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'sent', 'overdue', 'partially_paid', 'paid', 'void')),
    currency TEXT NOT NULL,
    issue_date TEXT,
    due_date TEXT,
    payment_terms_days BIGINT NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
    billing_address TEXT NOT NULL,
    customer_reference TEXT NOT NULL,
    notes TEXT NOT NULL,
    terms_text TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    credited_minor BIGINT NOT NULL DEFAULT 0,
    paid_minor BIGINT NOT NULL DEFAULT 0,
    balance_minor BIGINT NOT NULL,
    disputed BOOLEAN NOT NULL DEFAULT FALSE,
    sent_at TEXT,
    voided_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX invoices_account ON invoices (account_id, id);
CREATE INDEX invoices_order ON invoices (sales_order_id, id);
CREATE INDEX invoices_status ON invoices (status, id);
CREATE INDEX invoices_due ON invoices (due_date, id);
CREATE INDEX invoices_issue ON invoices (issue_date, id);
CREATE INDEX invoices_disputed ON invoices (disputed, id);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
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
    total_minor BIGINT NOT NULL,
    sales_order_line_id BIGINT REFERENCES sales_order_lines (id)
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);
CREATE INDEX invoice_lines_order_line ON invoice_lines (sales_order_line_id);

CREATE TABLE credit_notes (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    currency TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id, id);
CREATE INDEX credit_notes_account ON credit_notes (account_id, id);

CREATE TABLE credit_note_lines (
    id INTEGER PRIMARY KEY,
    credit_note_id BIGINT NOT NULL REFERENCES credit_notes (id) ON DELETE CASCADE,
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
    total_minor BIGINT NOT NULL,
    invoice_line_id BIGINT REFERENCES invoice_lines (id)
);
CREATE INDEX credit_note_lines_note ON credit_note_lines (credit_note_id, position);
CREATE INDEX credit_note_lines_invoice_line ON credit_note_lines (invoice_line_id);

CREATE TABLE invoice_links (
    id INTEGER PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_viewed_at TEXT
);
CREATE INDEX invoice_links_invoice ON invoice_links (invoice_id, id);

CREATE TABLE invoice_disputes (
    id INTEGER PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by BIGINT REFERENCES users (id),
    resolution TEXT
);
CREATE INDEX invoice_disputes_invoice ON invoice_disputes (invoice_id, id);

CREATE TABLE invoice_reminders (
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    step BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    outbox_id BIGINT REFERENCES outbox (id),
    PRIMARY KEY (invoice_id, step)
);
