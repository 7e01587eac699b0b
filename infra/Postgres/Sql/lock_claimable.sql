-- The oldest messages that are unexpired, past their delay and under no live claim; rows another transaction
-- holds are skipped, so concurrent claimers never take the same message. claim_messages.sql embeds this statement.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
SELECT id, claim_count, ttl, created, expires, position
  FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3 AND available_at <= $3
   AND (claim_id IS NULL OR claim_expires <= $3)
 ORDER BY position
 LIMIT $4
   FOR UPDATE SKIP LOCKED
