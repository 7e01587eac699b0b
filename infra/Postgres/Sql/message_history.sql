-- The events that shaped message $2 of tenant $1, oldest first: its post, the events naming it (claimed, deleted,
-- expired, dead-lettered) and those naming a claim that held it (renewed, released, expired); see Migrations/0006.
WITH named AS (
    SELECT e.* FROM events e WHERE e.tenant_id = $1 AND e.event_id = $2 AND e.type = 'message-posted.v1'
    UNION ALL
    SELECT e.* FROM events e
     WHERE e.tenant_id = $1 AND e.type <> 'message-posted.v1' AND e.data @> jsonb_build_object('ids', jsonb_build_array($2::text))
), through_claims AS (
    SELECT e.* FROM named c
      JOIN LATERAL (
          SELECT e.* FROM events e
           WHERE e.tenant_id = $1 AND e.type <> 'message-posted.v1'
             AND (e.data @> jsonb_build_object('claim', c.data->>'claim')
                  OR e.data @> jsonb_build_object('claims', jsonb_build_array(c.data->>'claim')))
             AND e.type IN ('claim-renewed.v1', 'claim-released.v1', 'claims-expired.v1')) e ON true
     WHERE c.type = 'messages-claimed.v1'
)
SELECT DISTINCT ON (position) type, queue_name, created, data::text
  FROM (SELECT * FROM named UNION ALL SELECT * FROM through_claims) h
 ORDER BY position
