-- One page of a queue in FIFO order after the marker ($3 position, $9 item); claimed, delayed and the caller's own messages are
-- filtered as asked (contract §5.2). Never modifies anything.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
-- Each body is its slice of its post's body (Migrations/0014), the post's event looked up by its key one message at a
-- time (the LIMIT keeps the lookup a subquery the planner cannot turn into a join that walks the tenant's log: issue 10).
SELECT m.id, m.position, m.item, CASE WHEN m.claim_expires > $4 THEN m.claim_id END, m.claim_count, m.ttl, m.created, e.body
  FROM messages m
  CROSS JOIN LATERAL (SELECT message_body(e.body, m.body_from, m.body_size) AS body FROM events e
                       WHERE e.tenant_id = m.tenant_id AND e.tx_id = m.tx_id AND e.position = m.position LIMIT 1) e
 WHERE m.tenant_id = $1 AND m.queue_name = $2 AND m.position > 0 AND (m.position, m.item) > ($3, $9) AND m.expires > $4
   AND ($5 OR m.claim_id IS NULL OR m.claim_expires <= $4)
   AND ($6 OR m.available_at <= $4)
   AND ($7::text IS NULL OR m.client_id <> $7)
 ORDER BY m.position, m.item
 LIMIT $8
