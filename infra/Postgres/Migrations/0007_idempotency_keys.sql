-- Idempotent posts (README "Idempotent post"): the answer a post with an Idempotency-Key gave, kept for the window,
-- written in the post's own transaction so a key is remembered exactly when its messages are. Not derived from
-- events and not replayed: a key is a short-lived promise about a request, not queue state.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    tenant_id    text        NOT NULL,
    queue_name   text        NOT NULL COLLATE "C",
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,
    message_ids  uuid[]      NOT NULL,
    created      timestamptz NOT NULL,
    expires      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expires ON idempotency_keys (expires);
