-- How many names each base has handed out per target, so that the next "jsmith<n>" is found with
-- one statement instead of trying jsmith, jsmith2, ... one by one.
CREATE TABLE account_name_base (
    target_id TEXT   NOT NULL,
    base      TEXT   NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (target_id, base)
);
