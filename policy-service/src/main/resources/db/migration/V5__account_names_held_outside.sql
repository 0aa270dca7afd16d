-- A name found taken in a target by an account the product did not create: kept reserved so that it
-- is never issued again, but no longer any worker's.
ALTER TABLE account_name ALTER COLUMN worker_id DROP NOT NULL;
ALTER TABLE account_name ADD COLUMN held_outside_since TIMESTAMPTZ;
