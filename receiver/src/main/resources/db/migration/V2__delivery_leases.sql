-- A delivery worker claims a due row by pushing next_attempt_at one lease ahead and writing a fresh
-- claim_token; the outcome is written only while the token still matches, so a worker whose lease ran
-- out (and whose row another replica took over) cannot overwrite the newer attempt's result.
ALTER TABLE stripe_events ADD COLUMN claim_token uuid;

-- The dead-letter count is read for metrics every few seconds; dead rows are few, the table is not.
CREATE INDEX stripe_events_dead ON stripe_events (endpoint) WHERE status = 'dead';
