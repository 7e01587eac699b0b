-- Long polls waiting on a queue (README "Long polling"). An append notifies only queues with a waiter here that it
-- can satisfy: NOTIFY serializes the commits of notifying transactions on a database-wide lock, so it must cost
-- nothing while nobody waits. `kind` is 'messages' (claims and listings: woken by claimable messages) or 'events'
-- (stream readers: woken by any event). Unlogged: a wait does not outlive the service that holds it.
CREATE UNLOGGED TABLE IF NOT EXISTS queue_waiters (
    tenant_id  text        NOT NULL,
    queue_name text        NOT NULL COLLATE "C",
    kind       text        NOT NULL,
    until      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, kind)
);
