-- When hr-ingest accepted the HR event that caused a message: the relay sends it as a Kafka
-- header, so that the end-to-end latency is measured without a timestamp in the business record.
ALTER TABLE outbox ADD COLUMN accepted_at TIMESTAMPTZ;
