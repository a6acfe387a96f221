-- Canned replies: texts admins and managers keep for the answers support gives again and again,
-- with placeholders ({customer}, {ticket}, {agent}, {company}) filled in when an agent starts a
-- reply from one. Keep in step with ../postgres/.
CREATE TABLE canned_replies (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX canned_replies_title ON canned_replies (lower(title));
