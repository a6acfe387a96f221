-- Changes within a running term (lines added or removed, quantities changed from a date), each with
-- its prorated invoice and/or credit note; and the text key the contracts list sorts by term end.
CREATE TABLE contract_changes (
    id INTEGER PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    term_id BIGINT NOT NULL REFERENCES contract_terms (id) ON DELETE CASCADE,
    effective_date TEXT NOT NULL,
    -- The proration: days from the effective day to the end of what was invoiced ÷ days in the term.
    remaining_days BIGINT NOT NULL,
    term_days BIGINT NOT NULL,
    -- Net change of the term's amount (minor units; negative: a credit).
    net_minor BIGINT NOT NULL,
    invoice_id BIGINT REFERENCES invoices (id),
    credit_note_id BIGINT REFERENCES credit_notes (id),
    summary TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX contract_changes_contract ON contract_changes (contract_id, id);

-- 'YYYY-MM-DD' of end_date: a text column the keyset cursor compares and an index serves on both engines.
ALTER TABLE contracts ADD COLUMN end_key TEXT NOT NULL DEFAULT '';
UPDATE contracts SET end_key = end_date;
CREATE INDEX contracts_end_key ON contracts (end_key, id);
