-- The notification follower's state (README "Push subscriptions"). Not projections: a replay leaves them alone.
-- One cursor per queue with subscriptions: how far its stream has been fanned out to notifications. Followers lock
-- a cursor row while they advance it, so two instances never fan out the same events.
CREATE TABLE IF NOT EXISTS notification_cursors (
    tenant_id  text   NOT NULL,
    queue_name text   NOT NULL COLLATE "C",
    tx_id      xid8   NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (tenant_id, queue_name)
);

-- One row per (subscription, message) still to be delivered: the outbox the dispatcher drains. The key makes a
-- repeated fan-out a no-op. (tx_id, position) is the posted event, which holds the body. A dispatcher leases a row
-- until `leased_until` while it calls the subscriber; a row whose lease ran out is due again, so a dispatcher that
-- vanished mid-call costs a repeat, never a loss (at least once).
CREATE TABLE IF NOT EXISTS notifications (
    tenant_id       text        NOT NULL,
    queue_name      text        NOT NULL COLLATE "C",
    subscription_id uuid        NOT NULL,
    message_id      uuid        NOT NULL,
    tx_id           xid8        NOT NULL,
    position        bigint      NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    due_at          timestamptz NOT NULL,
    leased_until    timestamptz,
    PRIMARY KEY (tenant_id, subscription_id, message_id)
);
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (due_at);
