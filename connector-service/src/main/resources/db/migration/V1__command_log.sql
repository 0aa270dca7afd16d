-- What became of every command: the idempotency key of the connector workers.
create table command_log (
    command_id   text primary key,
    target_id    text        not null,
    account_id   text        not null,
    sequence     bigint      not null,
    status       text        not null check (status in ('APPLIED', 'NOOP', 'FAILED')),
    attempts     int         not null,
    error_code   text,
    completed_at timestamptz not null
);
create index command_log_by_target on command_log (target_id, status);

-- The newest command applied to each account; an older one that arrives later changes nothing.
create table account_sequence (
    target_id     text   not null,
    account_id    text   not null,
    last_sequence bigint not null,
    primary key (target_id, account_id)
);

-- Commands that failed for good, kept for the operator until retried.
create table dead_letter (
    command_id       text primary key,
    target_id        text        not null,
    worker_id        text,
    account_id       text,
    command          text        not null,
    error_code       text        not null,
    error            text        not null,
    attempts         int         not null,
    dead_lettered_at timestamptz not null,
    status           text        not null default 'OPEN' check (status in ('OPEN', 'RETRIED')),
    retried_at       timestamptz,
    retried_by       text,
    retry_count      int         not null default 0
);
create index dead_letter_open on dead_letter (target_id, dead_lettered_at) where status = 'OPEN';
