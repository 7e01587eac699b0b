-- Ordered event streams (README "Event streams"), per queue and per tenant. A stream is ordered by the writing
-- transaction, then position, and read only below the oldest transaction still in flight: an event that commits
-- late then still sorts after every event a reader has been given, so no reader skips it (DESIGN §5).
-- The key becomes the tenant's stream order, so the tenant stream costs no index of its own; the messages projection
-- keeps each body's (tx_id, position) to find it by that key (0005).
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_pkey;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (tenant_id, tx_id, position);
CREATE INDEX IF NOT EXISTS events_queue_stream ON events (tenant_id, queue_name, tx_id, position);
