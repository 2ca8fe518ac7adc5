-- One row per (endpoint, Stripe event id): the first delivery wins, later ones are duplicates.
CREATE TABLE stripe_events (
    endpoint        text        NOT NULL,
    id              text        NOT NULL,
    type            text        NOT NULL,
    livemode        boolean     NOT NULL,
    api_version     text,
    created         timestamptz NOT NULL,
    payload         jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    source          text        NOT NULL CHECK (source IN ('webhook', 'reconcile')),
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'ignored', 'failed', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    PRIMARY KEY (endpoint, id)
);

-- The delivery worker scans for due work per endpoint; only unfinished rows need to be found fast.
CREATE INDEX stripe_events_due ON stripe_events (endpoint, next_attempt_at)
    WHERE status IN ('pending', 'failed');

-- Retention deletes by age.
CREATE INDEX stripe_events_received_at ON stripe_events (received_at);
