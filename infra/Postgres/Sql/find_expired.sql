-- Queues holding expired messages or claims, with a bounded batch of their ids; a hint for the sweeper, which
-- re-checks under lock. sweep_at never exceeds expires, so every expired message is found through its index; an
-- expired claim through the claim expiry index of the messages it holds, which `claim_ttl > 0` opts into
-- (Migrations/0016).
SELECT tenant_id, queue_name, array_agg(id), kind FROM (
    (SELECT tenant_id, queue_name, id, 'm' AS kind FROM messages WHERE sweep_at <= $1 AND expires <= $1 LIMIT $2)
    UNION ALL
    (SELECT DISTINCT tenant_id, queue_name, claim_id, 'c' AS kind FROM (
        SELECT tenant_id, queue_name, claim_id FROM messages WHERE claim_ttl > 0 AND claim_expires <= $1 LIMIT $2) c)
) x
GROUP BY tenant_id, queue_name, kind
