-- A claim in one statement, for a queue whose claims move nothing to a dead-letter queue: the claimable messages
-- (lock_claimable.sql, embedded below in its place) are locked and the claim event ($5 id, $6 type, $7 the
-- decider's data) is appended naming them, only if the queue ($2) still has the metadata ($8) the decision was made
-- on; the queue row is held against deletion until commit. Answers whether the queue was unchanged: when it was not,
-- nothing was written and the caller decides again on locked state.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 AND metadata = $8::jsonb FOR KEY SHARE),
-- The queue is tested before any message is locked (a one-time filter), the order every command keeps.
picked AS (
    SELECT * FROM (
{lock_claimable}
    ) c WHERE EXISTS (SELECT 1 FROM q)),
appended AS (
    INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
    SELECT $1, $2, $5, $6, $7::jsonb || jsonb_build_object('ids', jsonb_agg(p.id ORDER BY p.position, p.item)), NULL, $3
      FROM picked p
    HAVING count(*) > 0
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING 1)
-- A claim's event id is its fresh claim id: one the log already holds is refused (refuse_reused_event_id), never skipped.
SELECT EXISTS (SELECT 1 FROM q) AND (NOT EXISTS (SELECT 1 FROM picked) OR EXISTS (SELECT 1 FROM appended) OR refuse_reused_event_id($1, $5))
