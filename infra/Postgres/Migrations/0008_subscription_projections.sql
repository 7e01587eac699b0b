-- Push subscriptions (contract §7.4), projected inline from the subscription events of each queue's sub-stream. Part
-- of the projections: a rebuild drops the table and runs this file again. `since` is the key (tx_id, position) of the
-- event that made the subscription: it is told of messages posted after that point in the queue's stream.
CREATE TABLE IF NOT EXISTS subscriptions (
    tenant_id      text        NOT NULL,
    queue_name     text        NOT NULL COLLATE "C",
    id             uuid        NOT NULL,
    subscriber     text        NOT NULL COLLATE "C",
    ttl            integer     NOT NULL,
    options        jsonb       NOT NULL,
    confirmed      boolean     NOT NULL DEFAULT false,
    updated        timestamptz NOT NULL,
    expires        timestamptz NOT NULL,
    since_tx       xid8        NOT NULL,
    since_position bigint      NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, id),
    -- Unique by project + queue + subscriber URI: of two concurrent posts of one subscriber, the second collides here
    -- and is decided again.
    UNIQUE (tenant_id, queue_name, subscriber)
);
