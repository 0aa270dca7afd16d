-- Least privilege: the service runs as ${runtimeRole}, which may only read and append. The
-- migration owner (who runs this script and owns the table) is the only role the triggers let
-- change a row; verification still detects what the owner changes.
GRANT SELECT, INSERT ON audit_record TO ${runtimeRole};

CREATE OR REPLACE FUNCTION audit_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner_role TEXT := (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID);
BEGIN
    IF current_user <> owner_role THEN
        RAISE EXCEPTION 'audit_record is append-only: % refused for role %', TG_OP, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

-- Verified prefixes of the chain: verification continues from the last one instead of from the
-- first record. Append-only as well.
CREATE TABLE audit_checkpoint (
    seq         BIGINT PRIMARY KEY,
    hash        TEXT        NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL
);

GRANT SELECT, INSERT ON audit_checkpoint TO ${runtimeRole};
