-- Every HR event id this service has accepted and published: the de-duplication memory,
-- which survives restarts.
CREATE TABLE ingested_event (
    event_id    TEXT PRIMARY KEY,
    worker_id   TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    event_time  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX ingested_event_worker ON ingested_event (worker_id, event_time);
