-- Event destinations deliver thin events ("object": "v2.core.event"): a notification naming the event and the object
-- it is about, without the object's data. They share the table and its dedupe key with the classic snapshot events;
-- kind tells them apart, and the fields an application looks a thin event up by get their own columns.
ALTER TABLE stripe_events ADD COLUMN kind text NOT NULL DEFAULT 'snapshot' CHECK (kind IN ('snapshot', 'thin'));
-- The account (or chain of accounts) the event happened in, as Stripe's context string names it.
ALTER TABLE stripe_events ADD COLUMN context text;
ALTER TABLE stripe_events ADD COLUMN related_object_id text;
ALTER TABLE stripe_events ADD COLUMN related_object_type text;
ALTER TABLE stripe_events ADD COLUMN related_object_url text;
