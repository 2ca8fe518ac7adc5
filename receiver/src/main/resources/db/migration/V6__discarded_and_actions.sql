-- A person can give events up for good (the discard command): discarded is a final status, like delivered and
-- ignored, which the forwarding worker never claims. The old check held for every existing row and the new one only
-- widens it, so it is added NOT VALID: validating would scan the whole table under a lock that holds up deliveries.
ALTER TABLE stripe_events DROP CONSTRAINT stripe_events_status_check;
ALTER TABLE stripe_events ADD CONSTRAINT stripe_events_status_check
    CHECK (status IN ('pending', 'delivered', 'ignored', 'failed', 'dead', 'discarded')) NOT VALID;

-- The audit trail of the replays and discards people ask for: one row per run that changes rows (dry runs and list
-- change nothing and are not recorded), written when it starts and completed when it ends, so that a run that died
-- midway still shows. Never deleted by retention.
CREATE TABLE stripe_event_actions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint     text        NOT NULL,
    action       text        NOT NULL CHECK (action IN ('replay', 'discard')),
    requested_by text        NOT NULL,
    reason       text,
    selection    text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    outcome      text,
    matched      bigint,
    changed      bigint,
    skipped      bigint
);
CREATE INDEX stripe_event_actions_endpoint ON stripe_event_actions (endpoint, started_at);

-- The run of stripe_event_actions that last replayed or discarded the row: who, when and why. No foreign key: its
-- check would run on every insert of the webhook path, where the column is always NULL.
ALTER TABLE stripe_events ADD COLUMN action_id bigint;
