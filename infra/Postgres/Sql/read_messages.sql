-- Unexpired messages among the ids with their bodies, in queue order.
SELECT m.id, m.position, CASE WHEN m.claim_expires > $4 THEN m.claim_id END, m.claim_count, m.ttl, m.created, e.body
  FROM messages m
  JOIN events e ON e.tenant_id = m.tenant_id AND e.tx_id = m.tx_id AND e.position = m.position
 WHERE m.tenant_id = $1 AND m.queue_name = $2 AND m.id = ANY ($3) AND m.expires > $4
 ORDER BY m.position
