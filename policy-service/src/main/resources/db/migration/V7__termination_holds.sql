-- The termination-burst guard: terminations that arrive as HR events faster than the guard allows
-- wait in a hold until an operator approves or rejects them.

-- One row, locked by the short transactions that take admissions from the window for a batch of
-- events (and by decisions), so that concurrent consumers and replicas count the window together.
-- window_reset_at: the last decision, when the window started again.
CREATE TABLE termination_guard (
    id              INT PRIMARY KEY CHECK (id = 1),
    window_reset_at TIMESTAMPTZ
);
INSERT INTO termination_guard (id) VALUES (1);

-- Terminations admitted (applied without a hold), per minute: the sliding window sums these. A
-- decision empties it.
CREATE TABLE termination_admitted (
    minute   TIMESTAMPTZ PRIMARY KEY,
    admitted INT NOT NULL
);

CREATE TABLE termination_hold (
    hold_id            UUID PRIMARY KEY,
    -- HELD, then APPROVED or REJECTED; APPLIED once every approved event has been applied
    status             TEXT NOT NULL,
    opened_at          TIMESTAMPTZ NOT NULL,
    threshold          INT NOT NULL,
    admitted_in_window INT NOT NULL,
    active_identities  BIGINT NOT NULL,
    window_length      TEXT NOT NULL,
    decided_by         TEXT,
    decided_at         TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ
);
-- at most one hold collects terminations at a time
CREATE UNIQUE INDEX termination_hold_one_open ON termination_hold ((status)) WHERE status = 'HELD';

CREATE TABLE held_termination (
    seq         BIGSERIAL PRIMARY KEY,
    hold_id     UUID NOT NULL REFERENCES termination_hold (hold_id),
    event_id    TEXT NOT NULL UNIQUE,
    worker_id   TEXT NOT NULL,
    event_time  TIMESTAMPTZ NOT NULL,
    -- the CloudEvent as it arrived on hr.events, applied as it is when the hold is approved
    event       TEXT NOT NULL,
    accepted_at TIMESTAMPTZ,
    held_at     TIMESTAMPTZ NOT NULL,
    -- the decision that covers it, set by the decision itself: a termination that joined the hold
    -- after the operator looked is not covered, and waits in the next hold
    decision    TEXT,
    released_at TIMESTAMPTZ,
    -- what releasing it did: applied, stale, duplicate, rejected
    outcome     TEXT
);
CREATE INDEX held_termination_pending ON held_termination (hold_id, seq) WHERE released_at IS NULL;
CREATE INDEX held_termination_worker ON held_termination (worker_id);
