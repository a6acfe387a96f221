-- The ticket jobs' scans: a clock's due time is stored only while it runs or once it passed its
-- target, so these partial indexes hold the open tickets and the few breaches not yet marked,
-- however many tickets are closed. Keep in step with the other engine's copy.
CREATE INDEX tickets_first_response_unmarked ON tickets (first_response_due_at, id)
    WHERE first_response_breach_marked = FALSE AND first_response_due_at IS NOT NULL;
CREATE INDEX tickets_resolution_unmarked ON tickets (resolution_due_at, id)
    WHERE resolution_breach_marked = FALSE AND resolution_due_at IS NOT NULL;
