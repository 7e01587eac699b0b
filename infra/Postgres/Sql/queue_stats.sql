-- Counts over unexpired messages: claimed = under a live claim; delayed (ours, an extra key) = free but not yet due.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
SELECT count(*) FILTER (WHERE claim_expires > $3),
       count(*) FILTER (WHERE (claim_id IS NULL OR claim_expires <= $3) AND available_at > $3),
       count(*)
  FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3
