-- One page of the tenant's queues by name (byte order) after the marker, filtered by a literal name substring
-- and by metadata containment (contract §4.1).
SELECT name, metadata::text FROM queues
 WHERE tenant_id = $1 AND name > $2
   AND ($3::text IS NULL OR strpos(name, $3) > 0)
   AND metadata @> $4::jsonb
 ORDER BY name
 LIMIT $5
