-- The append-only log: every state change of every queue, per tenant, in one global order (DESIGN §4, §5).
CREATE TABLE IF NOT EXISTS events (
    tenant_id  text        NOT NULL,
    position   bigint      GENERATED ALWAYS AS IDENTITY,
    queue_name text        NOT NULL COLLATE "C",
    -- Derived from the command that appended it (a post's first message id, a claim's id); unique per tenant since
    -- Migrations/0015, so the same event sent again is skipped.
    event_id   uuid        NOT NULL,
    type       text        NOT NULL,
    data       jsonb       NOT NULL,
    -- A post's raw UTF-8 JSON bodies, exactly as the client sent them, back to back; stored only here (DESIGN §6).
    -- Only posts have one.
    body       bytea,
    -- The writing transaction, so log followers can stay below the oldest one still in flight (DESIGN §5).
    tx_id      xid8        NOT NULL DEFAULT pg_current_xact_id(),
    created    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, position)
);
