-- A batch of HR events reads the account names of its workers in every target at once.
CREATE INDEX account_name_worker ON account_name (worker_id);
