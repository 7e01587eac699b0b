-- Queues holding expired messages or claims, with a bounded batch of their ids; a hint for the sweeper, which
-- re-checks under lock. sweep_at never exceeds expires, so every expired message is found through its index.
SELECT tenant_id, queue_name, array_agg(id), kind FROM (
    (SELECT tenant_id, queue_name, id, 'm' AS kind FROM messages WHERE sweep_at <= $1 AND expires <= $1 LIMIT $2)
    UNION ALL
    (SELECT tenant_id, queue_name, id, 'c' AS kind FROM claims WHERE expires <= $1 LIMIT $2)
) x
GROUP BY tenant_id, queue_name, kind
