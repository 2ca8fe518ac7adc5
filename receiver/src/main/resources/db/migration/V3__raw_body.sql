-- The exact bytes Stripe signed, byte for byte: the sink receives these, and a bytea column never refuses an event.
-- Rows stored before this version only kept jsonb, so their body is jsonb's rendering of the event (same content,
-- not the original whitespace and key order).
ALTER TABLE stripe_events ADD COLUMN body bytea;
UPDATE stripe_events SET body = convert_to(payload::text, 'UTF8');
ALTER TABLE stripe_events ALTER COLUMN body SET NOT NULL;

-- The jsonb copy stays for querying, but PostgreSQL's jsonb refuses some valid JSON (an escaped NUL character,
-- a lone surrogate escape): such an event is stored with body alone and a NULL payload instead of being refused.
ALTER TABLE stripe_events ALTER COLUMN payload DROP NOT NULL;

-- A row now carries the event twice (bytea and jsonb); keeping rows of a few KB inline and uncompressed spares
-- the group commit a pglz compression of every row.
ALTER TABLE stripe_events SET (toast_tuple_target = 8160);
