-- The events that shaped message $2 of tenant $1, oldest first: its post, the events naming it (claimed, deleted,
-- expired, dead-lettered) and those naming a claim that held it (renewed, released, expired).
WITH named AS (
    SELECT e.* FROM events e WHERE e.tenant_id = $1 AND e.event_id = $2 AND e.type = 'message-posted.v1'
    UNION ALL
    SELECT e.* FROM events e
     WHERE e.tenant_id = $1 AND e.type <> 'message-posted.v1' AND event_refs(e.data) @> ARRAY[$2]::uuid[]
), holders AS (
    SELECT array_agg((data->>'claim')::uuid) AS ids FROM named WHERE type = 'messages-claimed.v1'
), through_claims AS (
    SELECT e.* FROM events e, holders h
     WHERE e.tenant_id = $1 AND e.type IN ('claim-renewed.v1', 'claim-released.v1', 'claims-expired.v1')
       AND event_refs(e.data) && h.ids
)
SELECT type, queue_name, created, data::text
  FROM (SELECT * FROM named UNION SELECT * FROM through_claims) h
 ORDER BY position
