-- The append-only log: every state change of every queue, per tenant, in one global order (DESIGN §4, §5).
CREATE TABLE IF NOT EXISTS events (
    tenant_id  text        NOT NULL,
    position   bigint      GENERATED ALWAYS AS IDENTITY,
    queue_name text        NOT NULL COLLATE "C",
    -- For a posted message, the message id. Retries make fresh ids, so no unique index is kept on it: message ids
    -- are unique through the messages key.
    event_id   uuid        NOT NULL,
    type       text        NOT NULL,
    data       jsonb       NOT NULL,
    -- The raw UTF-8 JSON of a posted message's body, exactly as the client sent it; stored only here (DESIGN §6).
    body       bytea,
    -- The writing transaction, so log followers can stay below the oldest one still in flight (DESIGN §5).
    tx_id      xid8        NOT NULL DEFAULT pg_current_xact_id(),
    created    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, position)
);
