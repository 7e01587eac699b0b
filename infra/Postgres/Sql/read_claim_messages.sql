-- The unexpired messages a live claim holds, with their bodies, in queue order.
SELECT m.id, m.position, m.claim_id, m.claim_count, m.ttl, m.created, e.body
  FROM messages m
  JOIN events e ON e.tenant_id = m.tenant_id AND e.position = m.position
 WHERE m.tenant_id = $1 AND m.queue_name = $2 AND m.claim_id = $3 AND m.claim_expires > $4 AND m.expires > $4
 ORDER BY m.position
