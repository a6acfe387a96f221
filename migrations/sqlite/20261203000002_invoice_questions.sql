-- Invoice questions are support tickets: "Question this invoice" opens a ticket linked to the
-- invoice, and `invoices.disputed` now means "an open ticket is about this invoice" (kept by the
-- ticket services in the transaction of every change; dunning skips such invoices). The questions
-- asked before are turned into tickets right after the migrations (server::migrate), because their
-- SLA clocks come from model::sla; `ticket_id` records the ticket each became, so that runs once.
-- Keep in step with the other engine's copy.
ALTER TABLE invoice_disputes ADD COLUMN ticket_id BIGINT REFERENCES tickets (id);
