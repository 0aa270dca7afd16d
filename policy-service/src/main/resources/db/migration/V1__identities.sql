-- policy-service: identities, their accounts, the account-name registry, the durable schedule,
-- the inbox of processed events, the outbox of messages, and the policy versions.

CREATE TABLE identity (
    worker_id        TEXT PRIMARY KEY,
    lifecycle        TEXT        NOT NULL,
    attributes       TEXT        NOT NULL,
    accounts_deleted BOOLEAN     NOT NULL DEFAULT FALSE,
    last_event_time  TIMESTAMPTZ,
    last_event_id    TEXT,
    error            TEXT,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_lifecycle ON identity (lifecycle, worker_id);

CREATE TABLE identity_history (
    id         BIGSERIAL PRIMARY KEY,
    worker_id  TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    cause      TEXT,
    kind       TEXT        NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    note       TEXT
);
CREATE INDEX identity_history_worker ON identity_history (worker_id, id);

CREATE TABLE account (
    worker_id        TEXT        NOT NULL,
    target_id        TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    sequence         BIGINT      NOT NULL,
    desired_state    TEXT        NOT NULL,
    desired          TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    actual_groups    TEXT,
    last_error       TEXT,
    applied_sequence BIGINT      NOT NULL DEFAULT 0,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (worker_id, target_id)
);

-- Account names are unique per target and never given to another worker, even after deletion.
CREATE TABLE account_name (
    target_id  TEXT NOT NULL,
    account_id TEXT NOT NULL,
    worker_id  TEXT NOT NULL,
    PRIMARY KEY (target_id, account_id),
    UNIQUE (target_id, worker_id)
);

CREATE TABLE scheduled_action (
    id             TEXT PRIMARY KEY,
    worker_id      TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    due_at         TIMESTAMPTZ NOT NULL,
    status         TEXT        NOT NULL,
    correlation_id TEXT,
    payload        TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    done_at        TIMESTAMPTZ
);
CREATE INDEX scheduled_action_due ON scheduled_action (due_at) WHERE status = 'PENDING';
CREATE INDEX scheduled_action_worker ON scheduled_action (worker_id, status);

-- Inbox: every HR event id processed, written in the transaction of its effect.
CREATE TABLE processed_event (
    event_id     TEXT PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Outbox: messages written in the transaction of the state they describe, relayed to Kafka.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    topic       TEXT        NOT NULL,
    message_key TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE policy_version (
    version      BIGINT PRIMARY KEY,
    document     TEXT        NOT NULL,
    format       TEXT        NOT NULL,
    author       TEXT        NOT NULL,
    comment      TEXT,
    digest       TEXT        NOT NULL,
    activated_at TIMESTAMPTZ NOT NULL
);
