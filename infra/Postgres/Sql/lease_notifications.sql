-- Leases up to $3 notifications due at $1, taking tenants in turns: among the first $3 x 8 due rows, a tenant's k-th
-- row has turn k plus the deliveries it already has running ($4 tenants, $5 counts), and lower turns go first, so one
-- tenant's backlog does not fill the slots while another waits; no turn beyond $6 (a tenant's share) is taken, and
-- tenants already at their share are left out of the window. Each
-- row is due again at $2 (the lease's end), so one whose dispatcher vanished is retried, and counts one more attempt.
-- Returns what a delivery needs: the subscription (absent once deleted), the queue's retry policy, and the message as
-- its post made it (Functions/01_posted_messages.sql): ttl, delay and body.
WITH running AS (
    SELECT * FROM unnest($4::text[], $5::int[]) AS r(tenant_id, n)),
prefix AS (
    SELECT tenant_id, subscription_id, message_id, due_at FROM notifications
     WHERE due_at <= $1 AND tenant_id NOT IN (SELECT tenant_id FROM running WHERE n >= $6)
     ORDER BY due_at
     LIMIT $3 * 8),
turns AS (
    SELECT p.tenant_id, p.subscription_id, p.message_id,
           row_number() OVER (PARTITION BY p.tenant_id ORDER BY p.due_at) + coalesce(r.n, 0) AS turn, p.due_at
      FROM prefix p LEFT JOIN running r ON r.tenant_id = p.tenant_id),
due AS (
    SELECT n.tenant_id, n.subscription_id, n.message_id
      FROM notifications n
      JOIN (SELECT * FROM turns WHERE turn <= $6 ORDER BY turn, due_at LIMIT $3) t
        ON n.tenant_id = t.tenant_id AND n.subscription_id = t.subscription_id AND n.message_id = t.message_id
     WHERE n.due_at <= $1
       FOR UPDATE OF n SKIP LOCKED),
leased AS (
    UPDATE notifications n SET due_at = $2, attempts = n.attempts + 1
      FROM due d
     WHERE n.tenant_id = d.tenant_id AND n.subscription_id = d.subscription_id AND n.message_id = d.message_id
    RETURNING n.tenant_id, n.queue_name, n.subscription_id, n.message_id, n.tx_id, n.position, n.item, n.attempts)
SELECT l.tenant_id, l.queue_name, l.subscription_id, l.message_id, l.attempts,
       s.subscriber, s.options::text, (q.metadata -> '_retry_policy')::text,
       m.ttl, extract(epoch FROM m.available_at - m.created)::int, message_body(e.body, m.body_from, m.body_size)
  FROM leased l
  LEFT JOIN subscriptions s ON s.tenant_id = l.tenant_id AND s.queue_name = l.queue_name AND s.id = l.subscription_id
  LEFT JOIN queues q ON q.tenant_id = l.tenant_id AND q.name = l.queue_name
  LEFT JOIN events e ON e.tenant_id = l.tenant_id AND e.tx_id = l.tx_id AND e.position = l.position
  LEFT JOIN LATERAL (SELECT * FROM posted_messages(e) p WHERE p.item = l.item) m ON true
