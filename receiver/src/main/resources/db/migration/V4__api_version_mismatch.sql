-- Stripe's events list renders each event's data at the API version of the account when the event was created,
-- not at the version the webhook endpoint is pinned to. reconcile stores such a recovered event as it is and marks
-- it here; the delivery worker then sends it with the header Stripe-Event-Api-Version, so that the application
-- can re-fetch the object instead of parsing an unexpected shape.
ALTER TABLE stripe_events ADD COLUMN api_version_mismatch boolean NOT NULL DEFAULT false;
