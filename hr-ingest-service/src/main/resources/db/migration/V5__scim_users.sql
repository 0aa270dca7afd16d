-- The SCIM User resources HR sources manage through /scim/v2, one per worker (id = worker id):
-- what GET, PUT and PATCH read, and the base against which the next operation is compared to
-- decide which HR event it means. A deleted resource is kept (deleted) so that a later POST of the
-- same worker is recognised as a rehire.
CREATE TABLE scim_user (
    worker_id     TEXT        PRIMARY KEY,
    user_name     TEXT        NOT NULL,
    resource      TEXT        NOT NULL,
    active        BOOLEAN     NOT NULL,
    deleted       BOOLEAN     NOT NULL DEFAULT false,
    version       BIGINT      NOT NULL,
    source        TEXT        NOT NULL,
    created       TIMESTAMPTZ NOT NULL,
    last_modified TIMESTAMPTZ NOT NULL
);

-- userName is unique among resources that exist, compared case-insensitively (RFC 7643 §4.1.1).
CREATE UNIQUE INDEX scim_user_user_name ON scim_user (lower(user_name)) WHERE NOT deleted;
