-- Why an operator approved or rejected a held snapshot, as they wrote it (at most 1 000 characters;
-- null when they gave none, and for snapshots decided before).
ALTER TABLE snapshot ADD COLUMN decision_comment TEXT;
