-- The source each worker belongs to: the source of the first event (or snapshot) that named them.
-- A publisher may send events only for workers of the sources it is bound to, so one HRIS cannot
-- terminate another's workers.
CREATE TABLE worker_owner (
    worker_id TEXT PRIMARY KEY,
    source    TEXT        NOT NULL,
    since     TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO worker_owner (worker_id, source, since)
SELECT DISTINCT ON (worker_id) worker_id, source, accepted_at
FROM ingested_event
ORDER BY worker_id, accepted_at, event_time;

INSERT INTO worker_owner (worker_id, source)
SELECT worker_id, 'urn:hr-snapshot:' || min(source)
FROM source_worker
GROUP BY worker_id
ON CONFLICT (worker_id) DO NOTHING;

-- Snapshots are diffed in the database, so a snapshot's events are stored as their type and
-- record, and written as CloudEvents when published (event stays for snapshots stored before).
ALTER TABLE snapshot_event ALTER COLUMN event DROP NOT NULL;
ALTER TABLE snapshot_event ADD COLUMN event_type TEXT;
