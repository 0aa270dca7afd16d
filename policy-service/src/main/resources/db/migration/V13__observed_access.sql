-- What the last report-mode reconciliation of each target found accounts holding beyond their
-- desired state (managed groups nobody granted): separation of duties is checked against it too.
-- A target's rows are replaced by each run's findings.
CREATE TABLE observed_access (
    target_id   TEXT        NOT NULL,
    account_id  TEXT        NOT NULL,
    worker_id   TEXT        NOT NULL,
    -- the extra groups (JSON array)
    groups      TEXT        NOT NULL,
    run_id      TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (target_id, account_id)
);
CREATE INDEX observed_access_worker ON observed_access (worker_id);
