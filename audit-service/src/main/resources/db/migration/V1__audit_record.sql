-- The audit trail: one row per Kafka record, in the order it was stored, each carrying the
-- SHA-256 of its predecessor (hash chain). Rows are never changed or removed.
CREATE TABLE audit_record (
    seq              BIGINT PRIMARY KEY,
    recorded_at      TIMESTAMPTZ NOT NULL,
    type             TEXT        NOT NULL,
    worker_id        TEXT,
    target_id        TEXT,
    correlation_id   TEXT,
    source_topic     TEXT        NOT NULL,
    source_partition INT         NOT NULL,
    source_offset    BIGINT      NOT NULL,
    -- canonical JSON (sorted keys, no whitespace): exactly the bytes the hash covers
    payload          TEXT        NOT NULL,
    prev_hash        TEXT        NOT NULL,
    hash             TEXT        NOT NULL,
    -- each Kafka record is stored exactly once, whatever the redeliveries
    CONSTRAINT audit_record_source_once UNIQUE (source_topic, source_partition, source_offset)
);

CREATE INDEX audit_record_worker ON audit_record (worker_id, seq);
CREATE INDEX audit_record_target ON audit_record (target_id, seq);
CREATE INDEX audit_record_correlation ON audit_record (correlation_id, seq);
CREATE INDEX audit_record_type ON audit_record (type, seq);
CREATE INDEX audit_record_time ON audit_record (recorded_at, seq);

-- Immutability: no UPDATE, DELETE or TRUNCATE, whoever asks. The hash chain detects what a
-- superuser could still do by disabling the triggers.
CREATE FUNCTION audit_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_record_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_is_append_only();

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_is_append_only();
