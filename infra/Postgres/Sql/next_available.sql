-- The first moment after $3 at which a message of the queue becomes claimable by time alone (its delay ends or its
-- claim expires), or null: a long poll sleeps no longer than that. A message that expires first never does.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
SELECT least(
    (SELECT min(available_at) FROM messages
      WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3 AND available_at > $3
        AND available_at < expires AND (claim_id IS NULL OR claim_expires <= $3)),
    (SELECT min(greatest(claim_expires, available_at)) FROM messages
      WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3 AND claim_expires > $3
        AND greatest(claim_expires, available_at) < expires))
