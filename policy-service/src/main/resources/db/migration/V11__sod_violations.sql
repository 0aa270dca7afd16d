-- Separation of duties: the violations a worker's desired state has, since when. Kept in step by the
-- planner whenever it recomputes a worker (an HR event, a grant, a policy rollout); each one found
-- or gone is also an sod.violation fact on policy.changes.
CREATE TABLE sod_violation (
    worker_id    TEXT        NOT NULL,
    rule_id      TEXT        NOT NULL,
    entitlements TEXT        NOT NULL,
    since        TIMESTAMPTZ NOT NULL,
    cause        TEXT,
    PRIMARY KEY (worker_id, rule_id)
);
