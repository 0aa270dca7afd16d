-- A fact published twice (a producer that crashed after its send and before it noted the send
-- re-publishes it: an HR event, a command or an outcome under the same id) is a second Kafka
-- record of the same fact. The trail keeps the first only: fact_key is the fact's topic and id,
-- null for records without one (dead letters, unparseable records), which stay one row per record.
-- The key is derived from the stored payload and topic, which the hash covers.
ALTER TABLE audit_record ADD COLUMN fact_key TEXT;
CREATE UNIQUE INDEX audit_record_fact_once ON audit_record (fact_key) WHERE fact_key IS NOT NULL;
