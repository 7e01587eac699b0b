-- Appends a batch of events in array order in one statement; the statement trigger (Functions/03_project_events.sql)
-- projects those inserted in the same transaction. The append is idempotent (append_guarded.sql, embedded below in its
-- place). Answers no rows.
WITH x AS (
    SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)),
{append_guarded}
SELECT 1 FROM refused
