-- Remembers the key in the post's transaction, taking over an expired record; no row returned means an unexpired
-- record exists (a concurrent post with the key committed first, after which this one waited here).
INSERT INTO idempotency_keys (tenant_id, queue_name, key, request_hash, message_ids, created, expires)
VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (tenant_id, queue_name, key) DO UPDATE
   SET request_hash = excluded.request_hash, message_ids = excluded.message_ids, created = excluded.created, expires = excluded.expires
 WHERE idempotency_keys.expires <= excluded.created
RETURNING 1
