-- Subscriptions the sweeper may delete, at most $2, grouped by queue; a hint, decided again under lock. One expired
-- at $1 may still owe deliveries: posts made while it lived that the follower has not fanned out yet (it trails the
-- oldest transaction in flight), or notifications still being retried. So it goes only once it has been expired a
-- minute (no append runs that long), its queue's follower has read everything committed, and none of its
-- notifications is left.
SELECT s.tenant_id, s.queue_name, array_agg(s.id)
  FROM (SELECT tenant_id, queue_name, id FROM subscriptions WHERE expires <= $1 - interval '60 seconds' LIMIT $2) s
  JOIN notification_cursors c ON c.tenant_id = s.tenant_id AND c.queue_name = s.queue_name
 WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = s.tenant_id AND n.subscription_id = s.id)
   AND NOT EXISTS (SELECT 1 FROM events e
                    WHERE e.tenant_id = c.tenant_id AND e.queue_name = c.queue_name AND (e.tx_id, e.position) > (c.tx_id, c.position))
 GROUP BY s.tenant_id, s.queue_name
