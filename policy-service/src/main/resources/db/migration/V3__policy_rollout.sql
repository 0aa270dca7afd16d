-- An activated policy version is applied to every identity in batches, in worker id order; the
-- row remembers how far it got so that a restart resumes instead of starting again.
CREATE TABLE policy_rollout (
    version        BIGINT PRIMARY KEY REFERENCES policy_version (version),
    status         TEXT        NOT NULL,
    last_worker_id TEXT,
    identities     BIGINT      NOT NULL DEFAULT 0,
    commands       BIGINT      NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX policy_rollout_running ON policy_rollout (version) WHERE status = 'RUNNING';
