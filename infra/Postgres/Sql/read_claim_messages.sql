-- The unexpired messages a live claim holds, with their bodies, in queue order; found through the claim's ids.
-- Each body is its slice of its post's body (Migrations/0014), the post's event looked up by its key one message at a
-- time (the LIMIT keeps the lookup a subquery the planner cannot turn into a join that walks the tenant's log: issue 10).
SELECT m.id, m.position, m.item, m.claim_id, m.claim_count, m.ttl, m.created, e.body
  FROM claims c
  JOIN messages m ON m.tenant_id = c.tenant_id AND m.queue_name = c.queue_name AND m.id = ANY (c.message_ids)
  CROSS JOIN LATERAL (SELECT message_body(e.body, m.body_from, m.body_size) AS body FROM events e
                       WHERE e.tenant_id = m.tenant_id AND e.tx_id = m.tx_id AND e.position = m.position LIMIT 1) e
 WHERE c.tenant_id = $1 AND c.queue_name = $2 AND c.id = $3 AND m.claim_id = $3 AND m.claim_expires > $4 AND m.expires > $4
 ORDER BY m.position, m.item
