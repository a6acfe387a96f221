-- Idempotency keys become claims with a lease and a commit mark (keep in step with ../sqlite/).
-- A claim is owned by one request (claim_token) until claimed_until; the request's business
-- transaction sets committed_at itself, so a key is final exactly when its write is. Earlier rows
-- carry no lease: they are at most a day's retry cache and are dropped.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN claim_token TEXT;
ALTER TABLE idempotency_keys ADD COLUMN claimed_until TIMESTAMPTZ;
ALTER TABLE idempotency_keys ADD COLUMN committed_at TIMESTAMPTZ;
ALTER TABLE idempotency_keys ADD COLUMN response_headers TEXT;
