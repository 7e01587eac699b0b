-- Leases up to $3 notifications due at $1: each is due again at $2 (the lease's end), so one whose dispatcher vanished
-- is retried, and counts one more attempt. Returns what a delivery needs: the subscription (absent once deleted), the
-- queue's retry policy, and the posted event with its body.
WITH due AS (
    SELECT tenant_id, subscription_id, message_id FROM notifications
     WHERE due_at <= $1
     ORDER BY due_at
     LIMIT $3
       FOR UPDATE SKIP LOCKED),
leased AS (
    UPDATE notifications n SET due_at = $2, attempts = n.attempts + 1
      FROM due d
     WHERE n.tenant_id = d.tenant_id AND n.subscription_id = d.subscription_id AND n.message_id = d.message_id
    RETURNING n.tenant_id, n.queue_name, n.subscription_id, n.message_id, n.tx_id, n.position, n.attempts)
SELECT l.tenant_id, l.queue_name, l.subscription_id, l.message_id, l.attempts,
       s.subscriber, s.options::text, (q.metadata -> '_retry_policy')::text, e.data::text, e.body
  FROM leased l
  LEFT JOIN subscriptions s ON s.tenant_id = l.tenant_id AND s.queue_name = l.queue_name AND s.id = l.subscription_id
  LEFT JOIN queues q ON q.tenant_id = l.tenant_id AND q.name = l.queue_name
  LEFT JOIN events e ON e.tenant_id = l.tenant_id AND e.tx_id = l.tx_id AND e.position = l.position
