-- Who sponsors whom (vendors): when a sponsor leaves, the workers they sponsor are told and lose
-- access after the policy's days unless HR names another sponsor. Kept apart from identity so that
-- the workers without a sponsor (nearly all) pay nothing for it.
CREATE TABLE sponsorship (
    worker_id  TEXT PRIMARY KEY,
    sponsor_id TEXT NOT NULL
);
CREATE INDEX sponsorship_sponsor ON sponsorship (sponsor_id);
INSERT INTO sponsorship (worker_id, sponsor_id)
SELECT worker_id, CAST(attributes AS jsonb) ->> 'sponsorId' FROM identity
WHERE CAST(attributes AS jsonb) ->> 'sponsorId' IS NOT NULL;
