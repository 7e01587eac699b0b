-- A JSON array of ids as uuid[], for the events' id lists.
CREATE OR REPLACE FUNCTION uuids(a jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(array_agg(x::uuid), '{}') FROM jsonb_array_elements_text(a) AS x $$;
