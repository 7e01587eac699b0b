-- The projection tables whose planner statistics describe less than half of the rows they now hold. A table
-- vacuumed while empty keeps reltuples = 0, and a queue filled within one autovacuum nap is then planned as one
-- row: claims may sort the whole queue. n_live_tup is kept current by the statistics system.
SELECT s.relname::text
  FROM pg_stat_user_tables s
  JOIN pg_class c ON c.oid = s.relid
 WHERE s.schemaname = current_schema()
   AND s.relname IN ('messages', 'claims')
   AND s.n_live_tup >= $1
   AND s.n_live_tup > 2 * greatest(c.reltuples, 0)
