-- Access requests: a worker asks for a requestable group beyond birthright; approvers decide stage
-- by stage; an approved request becomes an active grant that joins the worker's desired state
-- until its end. Requests are never deleted: the trail of who asked, who approved and why stays.
CREATE TABLE access_request (
    request_id         UUID PRIMARY KEY,
    beneficiary_id     TEXT        NOT NULL,
    requested_by       TEXT        NOT NULL,
    requested_by_name  TEXT        NOT NULL,
    target_id          TEXT        NOT NULL,
    group_name         TEXT        NOT NULL,
    justification      TEXT        NOT NULL,
    starts_at          TIMESTAMPTZ NOT NULL,
    ends_at            TIMESTAMPTZ NOT NULL,
    -- PENDING, APPROVED, ACTIVE; then DENIED, EXPIRED, CANCELLED or ENDED
    state              TEXT        NOT NULL,
    -- the approver specs of the policy when the request was made (JSON array), and the current one, 1-based
    stages             TEXT        NOT NULL,
    stage              INT         NOT NULL,
    fallback_approver  TEXT,
    decision_timeout   TEXT        NOT NULL,
    -- the current stage's approver: a worker, or anyone of a realm group
    approver_id        TEXT,
    approver_group     TEXT,
    decision_due_at    TIMESTAMPTZ,
    policy_version     BIGINT      NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    granted_at         TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    close_reason       TEXT
);
-- what a batch of workers loads: their open requests (active grants among them)
CREATE INDEX access_request_open ON access_request (beneficiary_id)
    WHERE state IN ('PENDING', 'APPROVED', 'ACTIVE');
CREATE INDEX access_request_waiting ON access_request (approver_id) WHERE state = 'PENDING';
CREATE INDEX access_request_waiting_group ON access_request (approver_group) WHERE state = 'PENDING';
CREATE INDEX access_request_by_requester ON access_request (requested_by, created_at);
CREATE INDEX access_request_by_beneficiary ON access_request (beneficiary_id, created_at);
-- one open request per worker and group: a second one waits until the first is closed
CREATE UNIQUE INDEX access_request_one_open ON access_request (beneficiary_id, target_id, group_name)
    WHERE state IN ('PENDING', 'APPROVED', 'ACTIVE');

-- Every step of a request, in order: requested, routed, approved, denied, expired, cancelled,
-- granted, ended; with who acted (a worker id, or system) and their words.
CREATE TABLE access_request_step (
    request_id UUID        NOT NULL REFERENCES access_request (request_id),
    seq        INT         NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    action     TEXT        NOT NULL,
    stage      INT         NOT NULL,
    actor      TEXT        NOT NULL,
    actor_name TEXT,
    approver   TEXT,
    comment    TEXT,
    PRIMARY KEY (request_id, seq)
);
CREATE INDEX access_request_step_actor ON access_request_step (actor, request_id);
