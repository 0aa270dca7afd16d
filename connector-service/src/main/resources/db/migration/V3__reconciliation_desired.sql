-- The desired state a reconciliation run compares with, spooled from the desired-state topic, so
-- that a run holds one page of it in memory at a time whatever the size of the target. Unlogged: a
-- run that dies with the database is marked FAILED and its rows are dropped.
create unlogged table reconciliation_desired (
    run_id      text   not null,
    worker_key  text   not null,
    account_key text   not null,
    sequence    bigint not null,
    command     text   not null,
    primary key (run_id, worker_key)
);
create index reconciliation_desired_by_account on reconciliation_desired (run_id, account_key);
