-- The unexpired messages among the ids, locked in the lock order (README "Lock order"): their queue's row against
-- deletion first, then the messages in id order, so two deleters cannot deadlock; the claim is returned only while it
-- is live. delete_messages.sql embeds this statement.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE)
SELECT id, CASE WHEN claim_expires > $4 THEN claim_id END, claim_count, ttl, created, expires
  FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ($3) AND expires > $4 AND EXISTS (SELECT 1 FROM q)
 ORDER BY id
   FOR UPDATE
