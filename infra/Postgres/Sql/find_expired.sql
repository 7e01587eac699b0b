-- Queues holding expired messages or claims, with a bounded batch of their ids; a hint for the sweeper, which
-- re-checks under lock.
SELECT tenant_id, queue_name, array_agg(id), kind FROM (
    (SELECT tenant_id, queue_name, id, 'm' AS kind FROM messages WHERE expires <= $1 LIMIT $2)
    UNION ALL
    (SELECT tenant_id, queue_name, id, 'c' AS kind FROM claims WHERE expires <= $1 LIMIT $2)
) x
GROUP BY tenant_id, queue_name, kind
