-- SCIM operations ask, per worker, whether a snapshot last left them present: by worker id alone.
CREATE INDEX source_worker_worker ON source_worker (worker_id);
