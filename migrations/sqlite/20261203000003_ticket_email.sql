-- Email into support and files on tickets. Every message POST /api/v1/inbound-email takes is kept
-- whole (`raw`) with what was read from it and where it went: a customer reply on a ticket, a new
-- ticket, or the unmatched list until an employee picks the account (or discards it). Files of
-- tickets (from email) are stored here and served only as downloads; the customer sees those that
-- came with public messages. Keep in step with ../postgres/.
CREATE TABLE inbound_emails (
    id INTEGER PRIMARY KEY,
    -- The Message-ID header: a provider retrying the same message is answered, not taken twice.
    message_id TEXT,
    from_email TEXT NOT NULL,
    from_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The text, quoted earlier messages trimmed.
    body TEXT NOT NULL,
    raw BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reply', 'ticket', 'unmatched', 'discarded')),
    -- Why it went where it went, in words.
    note TEXT NOT NULL,
    ticket_id BIGINT REFERENCES tickets (id),
    received_at TEXT NOT NULL,
    handled_by BIGINT REFERENCES users (id),
    handled_at TEXT
);
CREATE UNIQUE INDEX inbound_emails_message_id ON inbound_emails (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX inbound_emails_status ON inbound_emails (status, id);

CREATE TABLE ticket_attachments (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    -- The comment it came with; none: with the ticket's first message (its description).
    comment_id BIGINT REFERENCES ticket_comments (id),
    public BOOLEAN NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);
