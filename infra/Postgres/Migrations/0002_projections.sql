-- Inline projections: the state that claims, deletes and listings read, updated by the trigger of
-- Functions/03_project_events.sql in the append's transaction and rebuilt exactly by a replay through the same
-- apply_event (DESIGN §4). Re-runnable: a rebuild drops these tables and runs this file again.
CREATE TABLE IF NOT EXISTS queues (
    tenant_id text        NOT NULL,
    name      text        NOT NULL COLLATE "C",
    metadata  jsonb       NOT NULL,
    created   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- Queue tables churn (rows live for seconds), hence room for HOT updates and eager autovacuum and analyze: with
-- the default 20% thresholds dead rows and stale statistics pile up until claims wade through garbage.
CREATE TABLE IF NOT EXISTS messages (
    tenant_id     text        NOT NULL,
    queue_name    text        NOT NULL COLLATE "C",
    id            uuid        NOT NULL,
    -- The position of the post's event: with item (Migrations/0014), the FIFO order and the list marker; with tx_id
    -- (0005), the key of the event that holds the body.
    position      bigint      NOT NULL,
    client_id     text        NOT NULL,
    ttl           integer     NOT NULL,
    created       timestamptz NOT NULL,
    expires       timestamptz NOT NULL,
    available_at  timestamptz NOT NULL,
    claim_id      uuid,
    claim_expires timestamptz,
    claim_count   bigint      NOT NULL DEFAULT 0,
    -- A lower bound of expires that claims never move: the sweeper's index is on it, so a claim changes no
    -- indexed column and its row update can stay HOT.
    sweep_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, id)
) WITH (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
CREATE INDEX IF NOT EXISTS messages_queue_position ON messages (tenant_id, queue_name, position);
CREATE INDEX IF NOT EXISTS messages_sweep_at ON messages (sweep_at);

-- A claim keeps its message ids, so renewing, releasing, expiring or reading it finds them by primary key.
CREATE TABLE IF NOT EXISTS claims (
    tenant_id   text        NOT NULL,
    queue_name  text        NOT NULL COLLATE "C",
    id          uuid        NOT NULL,
    ttl         integer     NOT NULL,
    grace       integer     NOT NULL,
    updated     timestamptz NOT NULL,
    expires     timestamptz NOT NULL,
    message_ids uuid[]      NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, id)
) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
CREATE INDEX IF NOT EXISTS claims_expires ON claims (expires);
