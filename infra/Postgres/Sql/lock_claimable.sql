-- The oldest messages that are unexpired, past their delay and under no live claim; rows another transaction
-- holds are skipped, so concurrent claimers never take the same message. claim_messages.sql embeds this statement.
-- Messages are looked for from the queue's head (Migrations/0013) first, and below it only when those above are too
-- few: a message can lie below the head only briefly (one that committed while the head was advanced), and an empty
-- or short queue is read whole.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
SELECT * FROM (
    SELECT id, claim_count, ttl, created, expires, position, item
      FROM messages
     WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3 AND available_at <= $3
       AND (claim_id IS NULL OR claim_expires <= $3)
       AND position >= coalesce((SELECT head FROM queue_heads WHERE tenant_id = $1 AND queue_name = $2), 0)
     ORDER BY position, item
     LIMIT $4
       FOR UPDATE SKIP LOCKED) above
UNION ALL
SELECT * FROM (
    SELECT id, claim_count, ttl, created, expires, position, item
      FROM messages
     WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3 AND available_at <= $3
       AND (claim_id IS NULL OR claim_expires <= $3)
       AND position < coalesce((SELECT head FROM queue_heads WHERE tenant_id = $1 AND queue_name = $2), 0)
     ORDER BY position, item
     LIMIT $4
       FOR UPDATE SKIP LOCKED) below
 LIMIT $4
