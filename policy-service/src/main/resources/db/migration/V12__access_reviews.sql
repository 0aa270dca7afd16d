-- Access reviews (certification campaigns): a scope of held access, one item per (worker, target,
-- group), each routed to a reviewer who keeps or revokes it. Nothing is deleted: the decisions and
-- what became of them are the evidence an auditor asks for.
CREATE TABLE access_review (
    review_id         UUID PRIMARY KEY,
    name              TEXT        NOT NULL,
    -- {"targets": [...], "groups": [...], "workers": {"department": [...], ...}} as the creator gave it
    scope             TEXT        NOT NULL,
    -- manager, owner:<workerId> or owner:group:<realm group>; the fallback is a worker id
    reviewer          TEXT        NOT NULL,
    fallback_reviewer TEXT,
    deadline          TIMESTAMPTZ NOT NULL,
    -- what an item nobody decided becomes at the close: keep (reported as unanswered) or revoke
    no_answer         TEXT        NOT NULL,
    -- OPEN, CLOSING (its revocations are being issued), CLOSED
    state             TEXT        NOT NULL,
    items             INT         NOT NULL,
    policy_version    BIGINT      NOT NULL,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    closing_at        TIMESTAMPTZ,
    closed_by         TEXT,
    closed_at         TIMESTAMPTZ
);
CREATE INDEX access_review_open ON access_review (deadline) WHERE state <> 'CLOSED';

CREATE TABLE access_review_item (
    review_id        UUID        NOT NULL REFERENCES access_review (review_id),
    item_id          INT         NOT NULL,
    worker_id        TEXT        NOT NULL,
    worker_name      TEXT,
    department       TEXT,
    target_id        TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    group_name       TEXT        NOT NULL,
    -- why the access exists when the review was created (JSON array): rule ids and request:<id>
    reasons          TEXT        NOT NULL,
    -- who reviews it: a worker, or any member of a realm group; how they were found
    reviewer_id      TEXT,
    reviewer_group   TEXT,
    reviewer_via     TEXT        NOT NULL,
    -- keep or revoke; null while nobody decided
    decision         TEXT,
    decided_by       TEXT,
    decided_by_name  TEXT,
    decided_at       TIMESTAMPTZ,
    reason           TEXT,
    -- at the close: kept, unanswered, revoked, no-longer-held
    outcome          TEXT,
    outcome_detail   TEXT,
    -- the command that takes the group away, and its sequence on the account
    command_id       TEXT,
    command_sequence BIGINT,
    closed_at        TIMESTAMPTZ,
    PRIMARY KEY (review_id, item_id)
);
CREATE INDEX access_review_item_reviewer ON access_review_item (reviewer_id, review_id);
CREATE INDEX access_review_item_worker ON access_review_item (review_id, worker_id) WHERE closed_at IS NULL;

-- Birthright access a review revoked: the desired state leaves the group out until HR moves the
-- worker (or they leave), and the list tells the policy's authors which rules grant too much.
CREATE TABLE access_exclusion (
    worker_id  TEXT        NOT NULL,
    target_id  TEXT        NOT NULL,
    group_name TEXT        NOT NULL,
    -- the rules that granted it (JSON array)
    rules      TEXT        NOT NULL,
    review_id  UUID        NOT NULL,
    item_id    INT         NOT NULL,
    decided_by TEXT,
    reason     TEXT,
    since      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (worker_id, target_id, group_name)
);
CREATE INDEX access_exclusion_review ON access_exclusion (review_id);
