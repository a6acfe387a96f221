-- Mail delivery that neither loses nor doubles a message (keep in step with ../postgres/).
-- next_attempt_at: when a queued message may be tried again (exponential backoff; NULL = now).
-- claimed_by / claimed_until: the delivery pass that is sending it; a claim that runs out without
-- a result means the sender died mid-send, so the message is failed for an admin to check, never
-- sent again on its own. secrets: a JSON array of the body's customer-link URLs, wiped from the
-- body once the message is sent.
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
ALTER TABLE outbox ADD COLUMN secrets TEXT;
