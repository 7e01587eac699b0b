-- A delete in one statement: the unexpired messages among the ids ($3) are locked as lock_messages.sql locks them
-- (embedded below in its place), those a live claim $8 holds when $8 is given, and the delete event ($5 id, $6 type, $7
-- the decider's data) is appended naming them. Answers how many were deleted.
WITH found AS (
    SELECT * FROM (
{lock_messages}
    ) l WHERE $8::uuid IS NULL OR l.claim_id = $8::uuid
),
appended AS (
    INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
    SELECT $1, $2, $5, $6, $7::jsonb || jsonb_build_object('ids', jsonb_agg(f.id ORDER BY f.id)), NULL, $4
      FROM found f
    HAVING count(*) > 0
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING 1)
-- The event id is fresh: one the log already holds is refused (refuse_reused_event_id), never skipped.
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM found) THEN 0
            WHEN EXISTS (SELECT 1 FROM appended) OR refuse_reused_event_id($1, $5) THEN (SELECT count(*) FROM found) END
