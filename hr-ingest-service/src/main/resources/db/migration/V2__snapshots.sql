-- Workforce snapshots: each submission, the events it implies, and the state of each source as
-- its last applied snapshot left it (the base of the next diff).
CREATE TABLE snapshot (
    snapshot_id        UUID PRIMARY KEY,
    source             TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL,
    received_by        TEXT        NOT NULL,
    workforce          INT         NOT NULL,
    previous_workforce INT         NOT NULL,
    hired              INT         NOT NULL,
    rehired            INT         NOT NULL,
    updated            INT         NOT NULL,
    terminated         INT         NOT NULL,
    unchanged          INT         NOT NULL,
    decided_at         TIMESTAMPTZ,
    decided_by         TEXT
);

CREATE INDEX snapshot_source_status ON snapshot (source, status);

-- The events a snapshot implies, kept until it is applied (and afterwards, for inspection).
-- worker_record is the canonical record the source state takes once applied (null: terminated).
CREATE TABLE snapshot_event (
    snapshot_id   UUID NOT NULL REFERENCES snapshot (snapshot_id),
    position      INT  NOT NULL,
    worker_id     TEXT NOT NULL,
    event         TEXT NOT NULL,
    worker_record TEXT,
    PRIMARY KEY (snapshot_id, position)
);

CREATE TABLE source_worker (
    source        TEXT    NOT NULL,
    worker_id     TEXT    NOT NULL,
    worker_record TEXT    NOT NULL,
    present       BOOLEAN NOT NULL,
    snapshot_id   UUID    NOT NULL,
    PRIMARY KEY (source, worker_id)
);
