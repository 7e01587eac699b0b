-- Long polls waiting on a queue (README "Long polling"). An append that makes messages claimable notifies only
-- queues with a waiter here: NOTIFY serializes the commits of notifying transactions on a database-wide lock, so it
-- must cost nothing while nobody waits. Unlogged: a wait does not outlive the service that holds it.
CREATE UNLOGGED TABLE IF NOT EXISTS queue_waiters (
    tenant_id  text        NOT NULL,
    queue_name text        NOT NULL COLLATE "C",
    until      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, queue_name)
);
