-- Allowances: an operator who knows of a mass leaving in advance (a site closing, a divestiture)
-- lets that many more terminations through the burst guard's window until a time, with a reason.
-- Withdrawn allowances are kept: the trail of who allowed what stays.
CREATE TABLE termination_allowance (
    allowance_id UUID PRIMARY KEY,
    terminations INT         NOT NULL CHECK (terminations > 0),
    granted_at   TIMESTAMPTZ NOT NULL,
    valid_until  TIMESTAMPTZ NOT NULL,
    reason       TEXT        NOT NULL,
    granted_by   TEXT        NOT NULL,
    withdrawn_at TIMESTAMPTZ,
    withdrawn_by TEXT
);
CREATE INDEX termination_allowance_by_end ON termination_allowance (valid_until);
