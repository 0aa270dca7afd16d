-- Reconciliation runs: what a target really holds compared with the desired state.
create table reconciliation_run (
    run_id        text primary key,
    target_id     text        not null,
    mode          text        not null check (mode in ('report', 'repair')),
    status        text        not null check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
    requested_by  text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    accounts_read bigint      not null default 0,
    desired_read  bigint      not null default 0,
    counts        text,
    error         text
);
create index reconciliation_run_by_target on reconciliation_run (target_id, started_at desc);
-- At most one run per target at a time.
create unique index reconciliation_run_one_running on reconciliation_run (target_id) where status = 'RUNNING';

create table reconciliation_item (
    run_id     text   not null references reconciliation_run (run_id),
    item_no    int    not null,
    kind       text   not null,
    account_id text   not null,
    worker_id  text,
    detail     text   not null,
    repaired   boolean not null default false,
    primary key (run_id, item_no)
);
