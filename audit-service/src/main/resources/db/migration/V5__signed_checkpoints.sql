-- Signed checkpoints: each states, under the audit service's Ed25519 key, that the trail's first
-- seq records end with hash. The copy that counts is outside this database (the Kafka topic
-- audit.checkpoints, and the auditors' copies); this one lets verify start from a signed point and
-- tell between which two checkpoints a rewritten record lies.
CREATE TABLE audit_signed_checkpoint (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT        NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    signature TEXT        NOT NULL
);

GRANT SELECT, INSERT ON audit_signed_checkpoint TO ${runtimeRole};

-- The unsigned checkpoints are not trusted any more: the runtime role could insert one far ahead,
-- after which verify checked nothing.
DROP TABLE audit_checkpoint;
